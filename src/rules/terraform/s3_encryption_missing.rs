//! `tf-aws-s3-encryption-missing`: s3 bucket has no server-side encryption configuration.

use super::{PlanResource, PlanView, TfRule, TfSink};
use crate::finding::Severity;
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "tf-aws-s3-encryption-missing",
    summary: "S3 bucket has no server-side encryption configuration",
    severity: Severity::Medium,
    help: "add an `aws_s3_bucket_server_side_encryption_configuration` using `aws:kms` and a customer managed key",
    docs: r#"S3 encrypts new objects with S3-managed keys by default, but only an explicit server-side encryption
configuration with a KMS key gives you key policies, CloudTrail records of every decryption, and the
ability to revoke access by disabling the key.

The rule accepts an `aws_s3_bucket_server_side_encryption_configuration` referring to the bucket, or
the legacy inline `server_side_encryption_configuration` block."#,
    references: &["CIS AWS Foundations 1.4.0 2.1.1", "AWS FSBP S3.4"],
    tags: &["s3", "encryption"],
    default_enabled: true,
};

impl TfRule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, r: &PlanResource<'_>, plan: &PlanView<'_>, sink: &mut TfSink<'_>) {
        if r.rtype != "aws_s3_bucket" || !r.unset("/server_side_encryption_configuration") {
            return;
        }
        if plan.companions(r, "aws_s3_bucket_server_side_encryption_configuration", "bucket").next().is_none()
        {
            sink.report_resource("no server-side encryption configuration is declared for this bucket");
        }
    }
}
