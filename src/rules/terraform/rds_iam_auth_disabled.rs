//! `tf-aws-rds-iam-auth-disabled`: rDS IAM database authentication is off.

use super::{PlanResource, PlanView, TfRule, TfSink};
use crate::finding::Severity;
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "tf-aws-rds-iam-auth-disabled",
    summary: "RDS IAM database authentication is off",
    severity: Severity::Low,
    help: "set `iam_database_authentication_enabled = true` and connect with IAM tokens",
    docs: r#"IAM database authentication replaces long-lived database passwords with 15-minute tokens issued to IAM
principals (for example a pod's IRSA role), so access is granted and revoked in IAM and logged in
CloudTrail."#,
    references: &["AWS FSBP RDS.10", "AWS FSBP RDS.12"],
    tags: &["rds", "credentials"],
    default_enabled: true,
};

impl TfRule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, r: &PlanResource<'_>, _plan: &PlanView<'_>, sink: &mut TfSink<'_>) {
        if matches!(r.rtype, "aws_db_instance" | "aws_rds_cluster")
            && r.not_true("/iam_database_authentication_enabled")
        {
            sink.report("/iam_database_authentication_enabled", "IAM database authentication is not enabled");
        }
    }
}
