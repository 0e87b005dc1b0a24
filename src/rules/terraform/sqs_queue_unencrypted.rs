//! `tf-aws-sqs-queue-unencrypted`: sQS queue has server-side encryption turned off.

use super::{PlanResource, PlanView, TfRule, TfSink};
use crate::finding::Severity;
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "tf-aws-sqs-queue-unencrypted",
    summary: "SQS queue has server-side encryption turned off",
    severity: Severity::Medium,
    help: "remove `sqs_managed_sse_enabled = false`, or set `kms_master_key_id`",
    docs: r#"New SQS queues are encrypted with SQS-managed keys unless `sqs_managed_sse_enabled = false` turns it off.
A queue with neither SSE-SQS nor a KMS key keeps messages unencrypted at rest."#,
    references: &["AWS FSBP SQS.1"],
    tags: &["sqs", "encryption"],
    default_enabled: true,
};

impl TfRule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, r: &PlanResource<'_>, _plan: &PlanView<'_>, sink: &mut TfSink<'_>) {
        if matches!(r.rtype, "aws_sqs_queue")
            && r.bool("/sqs_managed_sse_enabled") == Some(false)
            && r.unset("/kms_master_key_id")
        {
            sink.report(
                "/sqs_managed_sse_enabled",
                "server-side encryption is turned off and no `kms_master_key_id` is set",
            );
        }
    }
}
