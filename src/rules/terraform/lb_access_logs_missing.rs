//! `tf-aws-lb-access-logs-missing`: load balancer does not write access logs.

use super::{PlanResource, PlanView, TfRule, TfSink};
use crate::finding::Severity;
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "tf-aws-lb-access-logs-missing",
    summary: "Load balancer does not write access logs",
    severity: Severity::Low,
    help: "add `access_logs { bucket = ..., enabled = true }`",
    docs: r#"Access logs record every request a load balancer served; without them (the default) an incident cannot be
reconstructed."#,
    references: &["AWS FSBP ELB.5"],
    tags: &["elb", "logging"],
    default_enabled: true,
};

impl TfRule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, r: &PlanResource<'_>, _plan: &PlanView<'_>, sink: &mut TfSink<'_>) {
        if matches!(r.rtype, "aws_lb" | "aws_alb") && r.disabled("/access_logs/0/enabled") {
            sink.report("/access_logs/0/enabled", "access logging is not enabled");
        }
    }
}
