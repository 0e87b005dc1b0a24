//! `tf-aws-iam-password-policy-weak`: account password policy is weaker than CIS asks.

use super::{PlanResource, PlanView, TfRule, TfSink};
use crate::finding::Severity;
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "tf-aws-iam-password-policy-weak",
    summary: "Account password policy is weaker than CIS asks",
    severity: Severity::Medium,
    help: "set `minimum_password_length = 14` or more and `password_reuse_prevention = 24`",
    docs: r#"CIS asks for IAM user passwords of at least 14 characters and forbids reusing the last 24 passwords.
The rule reads `aws_iam_account_password_policy`; an omitted setting counts as the AWS default
(8 characters, reuse allowed)."#,
    references: &["CIS AWS Foundations 3.0.0 1.8", "CIS AWS Foundations 3.0.0 1.9", "AWS FSBP IAM.7"],
    tags: &["iam", "credentials"],
    default_enabled: true,
};

impl TfRule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, r: &PlanResource<'_>, _plan: &PlanView<'_>, sink: &mut TfSink<'_>) {
        if r.rtype != "aws_iam_account_password_policy" {
            return;
        }
        if !r.unknown("/minimum_password_length") && r.num("/minimum_password_length").unwrap_or(8.0) < 14.0 {
            sink.report("/minimum_password_length", "minimum password length is below 14 characters");
        }
        if !r.unknown("/password_reuse_prevention")
            && r.num("/password_reuse_prevention").unwrap_or(0.0) < 24.0
        {
            sink.report(
                "/password_reuse_prevention",
                "password reuse prevention remembers fewer than 24 passwords",
            );
        }
    }
}
