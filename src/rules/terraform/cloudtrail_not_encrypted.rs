//! `tf-aws-cloudtrail-not-encrypted`: cloudTrail logs are not encrypted with a KMS key.

use super::{PlanResource, PlanView, TfRule, TfSink};
use crate::finding::Severity;
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "tf-aws-cloudtrail-not-encrypted",
    summary: "CloudTrail logs are not encrypted with a KMS key",
    severity: Severity::Medium,
    help: "set `kms_key_id` to a customer managed KMS key",
    docs: r#"With SSE-KMS, reading CloudTrail logs requires both S3 read access and `kms:Decrypt` on the key, so a
leaked bucket permission alone does not expose the account's activity history."#,
    references: &["CIS AWS Foundations 3.0.0 3.5", "AWS FSBP CloudTrail.2"],
    tags: &["cloudtrail", "encryption"],
    default_enabled: true,
};

impl TfRule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, r: &PlanResource<'_>, _plan: &PlanView<'_>, sink: &mut TfSink<'_>) {
        if r.rtype == "aws_cloudtrail" && r.unset("/kms_key_id") {
            sink.report_resource("trail logs are not encrypted with a KMS key (`kms_key_id`)");
        }
    }
}
