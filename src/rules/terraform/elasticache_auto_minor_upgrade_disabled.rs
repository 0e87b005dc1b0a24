//! `tf-aws-elasticache-auto-minor-upgrade-disabled`: elastiCache does not apply minor engine upgrades.

use super::{PlanResource, PlanView, TfRule, TfSink};
use crate::finding::Severity;
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "tf-aws-elasticache-auto-minor-upgrade-disabled",
    summary: "ElastiCache does not apply minor engine upgrades",
    severity: Severity::Low,
    help: "set `auto_minor_version_upgrade = true`",
    docs: r#"Minor engine versions carry security fixes; with automatic upgrades off they are applied only by hand."#,
    references: &["AWS FSBP ElastiCache.2"],
    tags: &["elasticache", "patching"],
    default_enabled: true,
};

impl TfRule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, r: &PlanResource<'_>, _plan: &PlanView<'_>, sink: &mut TfSink<'_>) {
        if matches!(r.rtype, "aws_elasticache_cluster" | "aws_elasticache_replication_group")
            && r.bool("/auto_minor_version_upgrade") == Some(false)
        {
            sink.report("/auto_minor_version_upgrade", "minor engine upgrades are not applied automatically");
        }
    }
}
