//! `tf-aws-elasticache-backups-disabled`: elastiCache Redis keeps no automatic backups.

use super::{PlanResource, PlanView, TfRule, TfSink};
use crate::finding::Severity;
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "tf-aws-elasticache-backups-disabled",
    summary: "ElastiCache Redis keeps no automatic backups",
    severity: Severity::Medium,
    help: "set `snapshot_retention_limit` to at least 1 (days)",
    docs: r#"With `snapshot_retention_limit = 0` (the default) no automatic snapshot is kept, and a failed or deleted
replication group cannot be restored."#,
    references: &["AWS FSBP ElastiCache.1"],
    tags: &["elasticache", "backup"],
    default_enabled: true,
};

impl TfRule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, r: &PlanResource<'_>, _plan: &PlanView<'_>, sink: &mut TfSink<'_>) {
        if matches!(r.rtype, "aws_elasticache_replication_group")
            && !r.unknown("/snapshot_retention_limit")
            && r.num("/snapshot_retention_limit").unwrap_or(0.0) == 0.0
        {
            sink.report(
                "/snapshot_retention_limit",
                "no automatic backups are kept (`snapshot_retention_limit` is 0)",
            );
        }
    }
}
