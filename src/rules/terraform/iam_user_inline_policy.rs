//! `tf-aws-iam-user-inline-policy`: iAM user has an inline policy.

use super::{PlanResource, PlanView, TfRule, TfSink};
use crate::finding::Severity;
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "tf-aws-iam-user-inline-policy",
    summary: "IAM user has an inline policy",
    severity: Severity::Medium,
    help: "grant permissions to a group or a role, not to the user",
    docs: r#"Permissions attached directly to IAM users are hard to audit and to revoke consistently. CIS asks that
users receive permissions only through groups; better still, people use SSO roles and workloads use
roles, and no long-lived IAM user exists at all."#,
    references: &["CIS AWS Foundations 3.0.0 1.15", "AWS FSBP IAM.2"],
    tags: &["iam"],
    default_enabled: true,
};

impl TfRule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, r: &PlanResource<'_>, _plan: &PlanView<'_>, sink: &mut TfSink<'_>) {
        if r.rtype == "aws_iam_user_policy" {
            sink.report_resource("an inline policy is attached directly to an IAM user");
        }
    }
}
