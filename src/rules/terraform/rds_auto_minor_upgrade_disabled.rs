//! `tf-aws-rds-auto-minor-upgrade-disabled`: rDS automatic minor version upgrades are off.

use super::{PlanResource, PlanView, TfRule, TfSink};
use crate::finding::Severity;
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "tf-aws-rds-auto-minor-upgrade-disabled",
    summary: "RDS automatic minor version upgrades are off",
    severity: Severity::Low,
    help: "set `auto_minor_version_upgrade = true` (the default)",
    docs: r#"Minor engine versions carry security fixes. With automatic minor upgrades off, the instance keeps
running a vulnerable engine until someone upgrades it by hand."#,
    references: &["CIS AWS Foundations 3.0.0 2.3.2", "AWS FSBP RDS.13"],
    tags: &["rds", "patching"],
    default_enabled: true,
};

impl TfRule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, r: &PlanResource<'_>, _plan: &PlanView<'_>, sink: &mut TfSink<'_>) {
        if matches!(r.rtype, "aws_db_instance" | "aws_rds_cluster_instance")
            && r.bool("/auto_minor_version_upgrade") == Some(false)
        {
            sink.report("/auto_minor_version_upgrade", "automatic minor version upgrades are disabled");
        }
    }
}
