//! `tf-aws-sns-topic-unencrypted`: sNS topic is not encrypted with KMS.

use super::{PlanResource, PlanView, TfRule, TfSink};
use crate::finding::Severity;
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "tf-aws-sns-topic-unencrypted",
    summary: "SNS topic is not encrypted with KMS",
    severity: Severity::Medium,
    help: "set `kms_master_key_id` (e.g. `alias/aws/sns` or a customer managed key)",
    docs: r#"SNS stores messages until they are delivered. Without `kms_master_key_id` they are not encrypted at rest
with a key you control, and the provider's default leaves server-side encryption off."#,
    references: &["AWS FSBP SNS.1"],
    tags: &["sns", "encryption"],
    default_enabled: true,
};

impl TfRule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, r: &PlanResource<'_>, _plan: &PlanView<'_>, sink: &mut TfSink<'_>) {
        if matches!(r.rtype, "aws_sns_topic") && r.unset("/kms_master_key_id") {
            sink.report(
                "/kms_master_key_id",
                "the topic has no `kms_master_key_id`: messages are not encrypted at rest",
            );
        }
    }
}
