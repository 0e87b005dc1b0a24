//! `tf-aws-elasticache-transit-unencrypted`: elastiCache replication group does not encrypt traffic.

use super::{PlanResource, PlanView, TfRule, TfSink};
use crate::finding::Severity;
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "tf-aws-elasticache-transit-unencrypted",
    summary: "ElastiCache replication group does not encrypt traffic",
    severity: Severity::Medium,
    help: "set `transit_encryption_enabled = true`",
    docs: r#"Without `transit_encryption_enabled` (off by default) clients and replicas exchange data and AUTH tokens in
clear."#,
    references: &["AWS FSBP ElastiCache.5"],
    tags: &["elasticache", "tls"],
    default_enabled: true,
};

impl TfRule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, r: &PlanResource<'_>, _plan: &PlanView<'_>, sink: &mut TfSink<'_>) {
        if matches!(r.rtype, "aws_elasticache_replication_group") && r.disabled("/transit_encryption_enabled")
        {
            sink.report(
                "/transit_encryption_enabled",
                "traffic to and between the cache nodes is not encrypted",
            );
        }
    }
}
