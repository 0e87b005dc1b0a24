//! `tf-aws-s3-access-logging-missing`: s3 bucket has no server access logging.

use super::{PlanResource, PlanView, TfRule, TfSink};
use crate::finding::Severity;
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "tf-aws-s3-access-logging-missing",
    summary: "S3 bucket has no server access logging",
    severity: Severity::Low,
    help: "add an `aws_s3_bucket_logging` that delivers access logs to a dedicated log bucket",
    docs: r#"Server access logs record every request made to a bucket: who read or deleted which object, from where.
Without them an incident on the bucket cannot be investigated.

Buckets that are themselves the `target_bucket` of an `aws_s3_bucket_logging` (log buckets) are not
reported: logging a log bucket into itself loops."#,
    references: &["CIS AWS Foundations 3.0.0 3.4", "AWS FSBP S3.9"],
    tags: &["s3", "logging"],
    default_enabled: true,
};

impl TfRule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, r: &PlanResource<'_>, plan: &PlanView<'_>, sink: &mut TfSink<'_>) {
        if r.rtype != "aws_s3_bucket" || !r.unset("/logging") {
            return;
        }
        if plan.companions(r, "aws_s3_bucket_logging", "bucket").next().is_some()
            || plan.companions(r, "aws_s3_bucket_logging", "target_bucket").next().is_some()
        {
            return;
        }
        sink.report_resource("server access logging is not configured for this bucket");
    }
}
