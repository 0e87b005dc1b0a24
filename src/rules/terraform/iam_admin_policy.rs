//! `tf-aws-iam-admin-policy`: iAM policy allows every action on every resource.

use super::policy;
use super::{PlanResource, PlanView, TfRule, TfSink};
use crate::finding::Severity;
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "tf-aws-iam-admin-policy",
    summary: "IAM policy allows every action on every resource",
    severity: Severity::Critical,
    help: "grant only the actions and resources the principal needs",
    docs: r#"A statement allowing `Action: "*"` (or `"*:*"`, `NotAction`, or `"iam:*"`, with which a principal
grants itself any other permission) on `Resource: "*"` is full administrator access.
Whoever holds it can do anything in the account, including removing the logs of what they did.

Checked on `aws_iam_policy`, `aws_iam_role_policy`, `aws_iam_user_policy` and `aws_iam_group_policy`;
a policy only known after apply is read from the `data "aws_iam_policy_document"` it references."#,
    references: &["CIS AWS Foundations 3.0.0 1.16", "AWS FSBP IAM.1"],
    tags: &["iam", "least-privilege"],
    default_enabled: true,
};

impl TfRule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, r: &PlanResource<'_>, plan: &PlanView<'_>, sink: &mut TfSink<'_>) {
        if !matches!(
            r.rtype,
            "aws_iam_policy" | "aws_iam_role_policy" | "aws_iam_user_policy" | "aws_iam_group_policy"
        ) {
            return;
        }
        let Some(stmts) = policy::resolve(r, "policy", plan) else { return };
        if let Some((i, action)) = stmts.iter().enumerate().find_map(|(i, s)| Some((i, s.admin_action()?))) {
            let what = if action == "NotAction" {
                "every action but a few (`NotAction`)".into()
            } else {
                format!("`{action}`")
            };
            sink.report(
                "/policy",
                format!("policy statement {} allows {what} on `*` resources (full administrator)", i + 1),
            );
        }
    }
}
