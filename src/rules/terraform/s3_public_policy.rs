//! `tf-aws-s3-public-policy`: s3 bucket policy allows any principal without a condition.

use super::policy;
use super::{PlanResource, PlanView, TfRule, TfSink};
use crate::finding::Severity;
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "tf-aws-s3-public-policy",
    summary: "S3 bucket policy allows any principal without a condition",
    severity: Severity::Critical,
    help: "grant access to specific principals, or add a condition (`aws:SourceVpce`, `aws:PrincipalOrgID`)",
    docs: r#"A bucket policy statement with `Effect: Allow` and `Principal: "*"` (or `{"AWS": "*"}`) and no
`Condition` lets anyone on the internet perform its actions on the bucket.

Fix: name the principals (roles, accounts, the CloudFront origin access control service principal with
an `aws:SourceArn` condition) or narrow the statement with a condition. When the policy is only known
after apply, ndlint reads the `data "aws_iam_policy_document"` it is built from."#,
    references: &["CIS AWS Foundations 3.0.0 2.1.4", "AWS FSBP S3.2", "AWS FSBP S3.3"],
    tags: &["s3", "public-access", "iam"],
    default_enabled: true,
};

impl TfRule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, r: &PlanResource<'_>, plan: &PlanView<'_>, sink: &mut TfSink<'_>) {
        if !matches!(r.rtype, "aws_s3_bucket_policy" | "aws_s3_bucket") {
            return;
        }
        let Some(stmts) = policy::resolve(r, "policy", plan) else { return };
        for (i, s) in stmts.iter().enumerate() {
            if s.is_public_allow() {
                sink.report(
                    "/policy",
                    format!(
                        "bucket policy statement {} allows any principal (`*`) without a condition",
                        i + 1
                    ),
                );
            }
        }
    }
}
