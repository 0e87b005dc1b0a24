//! `tf-aws-cloudwatch-log-retention`: cloudWatch log group keeps logs less than a year or forever.

use super::{PlanResource, PlanView, TfRule, TfSink};
use crate::finding::Severity;
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "tf-aws-cloudwatch-log-retention",
    summary: "CloudWatch log group keeps logs less than a year or forever",
    severity: Severity::Low,
    help: "set `retention_in_days` to 365 or more (a finite value)",
    docs: r#"Log groups without `retention_in_days` keep logs forever, at growing cost, and often against data
retention policies; retention shorter than a year loses the audit trail incidents are investigated
with (CIS and most standards expect one year)."#,
    references: &["AWS FSBP CloudWatch.16"],
    tags: &["logging"],
    default_enabled: true,
};

impl TfRule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, r: &PlanResource<'_>, _plan: &PlanView<'_>, sink: &mut TfSink<'_>) {
        if r.rtype != "aws_cloudwatch_log_group" || r.unknown("/retention_in_days") {
            return;
        }
        match r.num("/retention_in_days") {
            None | Some(0.0) => {
                sink.report("/retention_in_days", "no retention is set: logs are kept forever");
            }
            Some(d) if d < 365.0 => {
                sink.report("/retention_in_days", format!("logs are kept {d} days, less than a year"));
            }
            _ => {}
        }
    }
}
