//! `tf-aws-cloudtrail-cloudwatch-missing`: cloudTrail is not sent to CloudWatch Logs.

use super::{PlanResource, PlanView, TfRule, TfSink};
use crate::finding::Severity;
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "tf-aws-cloudtrail-cloudwatch-missing",
    summary: "CloudTrail is not sent to CloudWatch Logs",
    severity: Severity::Low,
    help: "set `cloud_watch_logs_group_arn` and `cloud_watch_logs_role_arn`",
    docs: r#"Delivering the trail to CloudWatch Logs enables the CIS monitoring metric filters and alarms
(root login, IAM policy changes, console sign-in failures) in near real time."#,
    references: &["CIS AWS Foundations 1.4.0 3.4", "AWS FSBP CloudTrail.5"],
    tags: &["cloudtrail", "monitoring"],
    default_enabled: true,
};

impl TfRule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, r: &PlanResource<'_>, _plan: &PlanView<'_>, sink: &mut TfSink<'_>) {
        if r.rtype == "aws_cloudtrail" && r.unset("/cloud_watch_logs_group_arn") {
            sink.report_resource("the trail is not delivered to CloudWatch Logs");
        }
    }
}
