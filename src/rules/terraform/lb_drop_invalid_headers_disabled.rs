//! `tf-aws-lb-drop-invalid-headers-disabled`: application load balancer forwards invalid HTTP headers.

use super::{PlanResource, PlanView, TfRule, TfSink};
use crate::finding::Severity;
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "tf-aws-lb-drop-invalid-headers-disabled",
    summary: "Application load balancer forwards invalid HTTP headers",
    severity: Severity::Medium,
    help: "set `drop_invalid_header_fields = true`",
    docs: r#"An ALB that forwards malformed header fields (the default) lets request smuggling and header injection
reach the targets."#,
    references: &["AWS FSBP ELB.4"],
    tags: &["elb", "http"],
    default_enabled: true,
};

impl TfRule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, r: &PlanResource<'_>, _plan: &PlanView<'_>, sink: &mut TfSink<'_>) {
        if matches!(r.rtype, "aws_lb" | "aws_alb")
            && r.str("/load_balancer_type").is_none_or(|t| t == "application")
            && r.disabled("/drop_invalid_header_fields")
        {
            sink.report(
                "/drop_invalid_header_fields",
                "invalid HTTP header fields are forwarded to the targets",
            );
        }
    }
}
