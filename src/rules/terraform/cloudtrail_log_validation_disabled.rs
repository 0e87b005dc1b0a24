//! `tf-aws-cloudtrail-log-validation-disabled`: cloudTrail log file validation is off.

use super::{PlanResource, PlanView, TfRule, TfSink};
use crate::finding::Severity;
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "tf-aws-cloudtrail-log-validation-disabled",
    summary: "CloudTrail log file validation is off",
    severity: Severity::Medium,
    help: "set `enable_log_file_validation = true`",
    docs: r#"Log file validation writes signed digest files so you can prove that delivered logs were not modified
or deleted, which matters when the logs are evidence."#,
    references: &["CIS AWS Foundations 3.0.0 3.2", "AWS FSBP CloudTrail.4"],
    tags: &["cloudtrail", "logging"],
    default_enabled: true,
};

impl TfRule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, r: &PlanResource<'_>, _plan: &PlanView<'_>, sink: &mut TfSink<'_>) {
        if r.rtype == "aws_cloudtrail" && r.not_true("/enable_log_file_validation") {
            sink.report("/enable_log_file_validation", "log file integrity validation is not enabled");
        }
    }
}
