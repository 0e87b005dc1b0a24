//! `tf-aws-kinesis-stream-unencrypted`: kinesis stream is not encrypted at rest.

use super::{PlanResource, PlanView, TfRule, TfSink};
use crate::finding::Severity;
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "tf-aws-kinesis-stream-unencrypted",
    summary: "Kinesis stream is not encrypted at rest",
    severity: Severity::Medium,
    help: "set `encryption_type = \"KMS\"` and a `kms_key_id`",
    docs: r#"Kinesis data streams default to `encryption_type = "NONE"`: records sit unencrypted in the stream for its
whole retention period."#,
    references: &["AWS FSBP Kinesis.1"],
    tags: &["kinesis", "encryption"],
    default_enabled: true,
};

impl TfRule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, r: &PlanResource<'_>, _plan: &PlanView<'_>, sink: &mut TfSink<'_>) {
        if matches!(r.rtype, "aws_kinesis_stream")
            && !r.unknown("/encryption_type")
            && r.str("/encryption_type") != Some("KMS")
        {
            sink.report(
                "/encryption_type",
                "records are not encrypted at rest (`encryption_type` is not KMS)",
            );
        }
    }
}
