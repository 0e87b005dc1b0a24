//! `tf-aws-cloudwatch-log-group-unencrypted`: cloudWatch log group is not encrypted with a KMS key.

use super::{PlanResource, PlanView, TfRule, TfSink};
use crate::finding::Severity;
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "tf-aws-cloudwatch-log-group-unencrypted",
    summary: "CloudWatch log group is not encrypted with a KMS key",
    severity: Severity::Low,
    help: "set `kms_key_id` to a customer managed KMS key",
    docs: r#"Log groups (EKS audit logs, VPC flow logs, application logs) often contain tokens and personal data.
A customer managed KMS key controls and records who can read them."#,
    references: &["AWS FSBP CloudWatch (log group encryption)", "CIS AWS Foundations 3.0.0 3.5"],
    tags: &["logging", "encryption"],
    default_enabled: true,
};

impl TfRule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, r: &PlanResource<'_>, _plan: &PlanView<'_>, sink: &mut TfSink<'_>) {
        if r.rtype == "aws_cloudwatch_log_group" && r.unset("/kms_key_id") {
            sink.report_resource("the log group is not encrypted with a customer managed KMS key");
        }
    }
}
