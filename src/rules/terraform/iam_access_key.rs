//! `tf-aws-iam-access-key`: iAM access key created by Terraform.

use super::{PlanResource, PlanView, TfRule, TfSink};
use crate::finding::Severity;
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "tf-aws-iam-access-key",
    summary: "IAM access key created by Terraform",
    severity: Severity::Medium,
    help: "use roles (OIDC federation, instance profiles, IRSA) instead of long-lived access keys",
    docs: r#"An `aws_iam_access_key` creates a long-lived credential whose secret ends up in the Terraform state
and must be rotated by hand. CI systems (GitHub OIDC), workloads (IRSA, instance profiles) and people
(SSO) can all use short-lived role credentials instead."#,
    references: &["CIS AWS Foundations 3.0.0 1.14", "AWS FSBP IAM.3"],
    tags: &["iam", "credentials"],
    default_enabled: true,
};

impl TfRule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, r: &PlanResource<'_>, _plan: &PlanView<'_>, sink: &mut TfSink<'_>) {
        if r.rtype == "aws_iam_access_key" {
            sink.report_resource(
                "creates a long-lived IAM access key whose secret is stored in the Terraform state",
            );
        }
    }
}
