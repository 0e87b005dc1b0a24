//! `tf-aws-elasticache-unencrypted`: elastiCache replication group is not encrypted at rest.

use super::{PlanResource, PlanView, TfRule, TfSink};
use crate::finding::Severity;
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "tf-aws-elasticache-unencrypted",
    summary: "ElastiCache replication group is not encrypted at rest",
    severity: Severity::Medium,
    help: "set `at_rest_encryption_enabled = true` (replication groups must be recreated)",
    docs: r#"Redis replication groups keep data and backups unencrypted unless `at_rest_encryption_enabled` is set at
creation."#,
    references: &["AWS FSBP ElastiCache.4"],
    tags: &["elasticache", "encryption"],
    default_enabled: true,
};

impl TfRule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, r: &PlanResource<'_>, _plan: &PlanView<'_>, sink: &mut TfSink<'_>) {
        if matches!(r.rtype, "aws_elasticache_replication_group") && r.disabled("/at_rest_encryption_enabled")
        {
            sink.report("/at_rest_encryption_enabled", "data at rest is not encrypted");
        }
    }
}
