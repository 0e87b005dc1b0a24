//! `tf-aws-iam-password-policy-simple`: iAM password policy does not require mixed characters.

use super::{PlanResource, PlanView, TfRule, TfSink};
use crate::finding::Severity;
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "tf-aws-iam-password-policy-simple",
    summary: "IAM password policy does not require mixed characters",
    severity: Severity::Medium,
    help: "set `require_uppercase_characters`, `require_lowercase_characters`, `require_numbers` and `require_symbols` to true",
    docs: r#"A password policy that does not require upper and lower case letters, numbers and symbols allows
passwords that are easy to guess."#,
    references: &["AWS FSBP IAM.7"],
    tags: &["iam", "passwords"],
    default_enabled: true,
};

impl TfRule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, r: &PlanResource<'_>, _plan: &PlanView<'_>, sink: &mut TfSink<'_>) {
        if !matches!(r.rtype, "aws_iam_account_password_policy") {
            return;
        }
        if let Some(p) = [
            "/require_uppercase_characters",
            "/require_lowercase_characters",
            "/require_numbers",
            "/require_symbols",
        ]
        .into_iter()
        .find(|p| r.disabled(p))
        {
            sink.report(p, format!("the policy does not set `{} = true`", &p[1..]));
        }
    }
}
