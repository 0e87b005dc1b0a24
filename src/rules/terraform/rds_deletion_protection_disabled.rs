//! `tf-aws-rds-deletion-protection-disabled`: rDS deletion protection is off.

use super::{PlanResource, PlanView, TfRule, TfSink};
use crate::finding::Severity;
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "tf-aws-rds-deletion-protection-disabled",
    summary: "RDS deletion protection is off",
    severity: Severity::Medium,
    help: "set `deletion_protection = true`",
    docs: r#"Deletion protection makes the RDS API refuse to delete the database until the flag is turned off,
which stops a mistaken `terraform destroy`, a renamed resource or a console click from dropping
production data."#,
    references: &["AWS FSBP RDS.7", "AWS FSBP RDS.8"],
    tags: &["rds", "resilience"],
    default_enabled: true,
};

impl TfRule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, r: &PlanResource<'_>, _plan: &PlanView<'_>, sink: &mut TfSink<'_>) {
        if matches!(r.rtype, "aws_db_instance" | "aws_rds_cluster") && r.not_true("/deletion_protection") {
            sink.report("/deletion_protection", "deletion protection is not enabled");
        }
    }
}
