//! `tf-aws-iam-role-trust-wildcard`: iAM role can be assumed by any AWS principal.

use super::policy;
use super::{PlanResource, PlanView, TfRule, TfSink};
use crate::finding::Severity;
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "tf-aws-iam-role-trust-wildcard",
    summary: "IAM role can be assumed by any AWS principal",
    severity: Severity::Critical,
    help: "name the accounts or roles allowed to assume the role, or add a condition such as `sts:ExternalId`",
    docs: r#"A trust policy allowing `sts:AssumeRole` to `{"AWS": "*"}` without a condition lets any AWS account in
the world assume the role and use its permissions."#,
    references: &["AWS IAM User Guide: Roles terms and concepts (trust policy)", "AWS FSBP IAM.1"],
    tags: &["iam"],
    default_enabled: true,
};

impl TfRule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, r: &PlanResource<'_>, plan: &PlanView<'_>, sink: &mut TfSink<'_>) {
        if r.rtype != "aws_iam_role" {
            return;
        }
        let Some(stmts) = policy::resolve(r, "assume_role_policy", plan) else { return };
        if stmts.iter().any(|s| s.is_public_allow()) {
            sink.report("/assume_role_policy", "the trust policy lets any AWS principal assume this role");
        }
    }
}
