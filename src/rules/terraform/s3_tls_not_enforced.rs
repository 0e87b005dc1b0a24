//! `tf-aws-s3-tls-not-enforced`: s3 bucket policy does not deny requests without TLS.

use super::policy;
use super::{PlanResource, PlanView, TfRule, TfSink};
use crate::finding::Severity;
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "tf-aws-s3-tls-not-enforced",
    summary: "S3 bucket policy does not deny requests without TLS",
    severity: Severity::Medium,
    help: "add a bucket policy statement denying `s3:*` when `aws:SecureTransport` is `false`",
    docs: r#"S3 accepts plain HTTP requests unless the bucket policy denies them. A statement with
`Effect: Deny`, `Principal: "*"`, `Action: "s3:*"` and the condition `Bool aws:SecureTransport = false`
makes every client use TLS.

Buckets without any `aws_s3_bucket_policy` are reported at the bucket; policies that lack the deny
statement at their `policy` attribute. A policy only known after apply is read from its
`data "aws_iam_policy_document"`; when that is unknown too, nothing is reported."#,
    references: &["CIS AWS Foundations 3.0.0 2.1.1", "AWS FSBP S3.5"],
    tags: &["s3", "encryption-in-transit"],
    default_enabled: true,
};

impl TfRule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, r: &PlanResource<'_>, plan: &PlanView<'_>, sink: &mut TfSink<'_>) {
        match r.rtype {
            "aws_s3_bucket" => {
                if !r.unset("/policy") {
                    return;
                }
                if plan.companions(r, "aws_s3_bucket_policy", "bucket").next().is_none() {
                    sink.report_resource("no bucket policy denies requests made without TLS");
                }
            }
            "aws_s3_bucket_policy" => {
                let Some(stmts) = policy::resolve(r, "policy", plan) else { return };
                if !stmts.iter().any(|s| s.denies_insecure_transport()) {
                    sink.report(
                        "/policy",
                        "the bucket policy does not deny requests made without TLS (aws:SecureTransport)",
                    );
                }
            }
            _ => {}
        }
    }
}
