//! `tf-aws-api-gateway-xray-disabled`: aPI Gateway REST stage has X-Ray tracing off.

use super::{PlanResource, PlanView, TfRule, TfSink};
use crate::finding::Severity;
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "tf-aws-api-gateway-xray-disabled",
    summary: "API Gateway REST stage has X-Ray tracing off",
    severity: Severity::Low,
    help: "set `xray_tracing_enabled = true`",
    docs: r#"Opt-in (`--select` it or list it under `select`): an availability and operations control rather than a security one.

Tracing shows the path and latency of each request through the API and its backends; it is off by default."#,
    references: &["AWS FSBP APIGateway.3"],
    tags: &["apigateway", "monitoring"],
    default_enabled: false,
};

impl TfRule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, r: &PlanResource<'_>, _plan: &PlanView<'_>, sink: &mut TfSink<'_>) {
        if matches!(r.rtype, "aws_api_gateway_stage") && r.disabled("/xray_tracing_enabled") {
            sink.report("/xray_tracing_enabled", "X-Ray tracing is not enabled on the stage");
        }
    }
}
