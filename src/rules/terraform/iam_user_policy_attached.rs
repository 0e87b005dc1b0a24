//! `tf-aws-iam-user-policy-attached`: managed policy attached directly to an IAM user.

use super::{PlanResource, PlanView, TfRule, TfSink};
use crate::finding::Severity;
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "tf-aws-iam-user-policy-attached",
    summary: "Managed policy attached directly to an IAM user",
    severity: Severity::Medium,
    help: "attach the policy to a group the user is in, or use roles",
    docs: r#"Attaching managed policies to individual users scatters permissions across users; CIS asks that
users get permissions only through groups. Reported on `aws_iam_user_policy_attachment` and on
`aws_iam_policy_attachment` resources that list `users`."#,
    references: &["CIS AWS Foundations 3.0.0 1.15", "AWS FSBP IAM.2"],
    tags: &["iam"],
    default_enabled: true,
};

impl TfRule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, r: &PlanResource<'_>, _plan: &PlanView<'_>, sink: &mut TfSink<'_>) {
        match r.rtype {
            "aws_iam_user_policy_attachment" => {
                sink.report("/user", "a managed policy is attached directly to an IAM user");
            }
            "aws_iam_policy_attachment" if !r.unset("/users") => {
                sink.report("/users", "a managed policy is attached directly to IAM users");
            }
            _ => {}
        }
    }
}
