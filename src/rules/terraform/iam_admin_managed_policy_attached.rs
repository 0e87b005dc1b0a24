//! `tf-aws-iam-admin-managed-policy-attached`: administratorAccess is attached to a principal.

use super::{PlanResource, PlanView, TfRule, TfSink};
use crate::finding::Severity;
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "tf-aws-iam-admin-managed-policy-attached",
    summary: "AdministratorAccess is attached to a principal",
    severity: Severity::High,
    help: "attach a least-privilege policy instead of `AdministratorAccess`",
    docs: r#"The AWS managed policy `AdministratorAccess` allows `*` on `*`. Attaching it to a role, user or group
gives full control of the account to whoever can use that principal, which is rarely needed outside a
break-glass role."#,
    references: &["CIS AWS Foundations 3.0.0 1.16", "AWS FSBP IAM.1"],
    tags: &["iam", "least-privilege"],
    default_enabled: true,
};

impl TfRule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, r: &PlanResource<'_>, _plan: &PlanView<'_>, sink: &mut TfSink<'_>) {
        let admin = |s: &str| s.ends_with(":policy/AdministratorAccess");
        match r.rtype {
            "aws_iam_role_policy_attachment"
            | "aws_iam_user_policy_attachment"
            | "aws_iam_group_policy_attachment"
            | "aws_iam_policy_attachment"
                if r.str("/policy_arn").is_some_and(admin) =>
            {
                sink.report("/policy_arn", "the AdministratorAccess managed policy is attached");
            }
            "aws_iam_role" => {
                for (p, v) in r.items("/managed_policy_arns") {
                    if v.as_str().is_some_and(admin) {
                        sink.report(&p, "the AdministratorAccess managed policy is attached to this role");
                    }
                }
            }
            _ => {}
        }
    }
}
