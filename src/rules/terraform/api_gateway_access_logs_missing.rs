//! `tf-aws-api-gateway-access-logs-missing`: aPI Gateway stage does not write access logs.

use super::{PlanResource, PlanView, TfRule, TfSink};
use crate::finding::Severity;
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "tf-aws-api-gateway-access-logs-missing",
    summary: "API Gateway stage does not write access logs",
    severity: Severity::Medium,
    help: "add `access_log_settings { destination_arn = ..., format = ... }`",
    docs: r#"Access logs record who called an API, when and with what result; without them (the default) misuse of
the API cannot be traced."#,
    references: &["AWS FSBP APIGateway.1", "AWS FSBP APIGateway.9"],
    tags: &["apigateway", "logging"],
    default_enabled: true,
};

impl TfRule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, r: &PlanResource<'_>, _plan: &PlanView<'_>, sink: &mut TfSink<'_>) {
        if matches!(r.rtype, "aws_api_gateway_stage" | "aws_apigatewayv2_stage")
            && r.unset("/access_log_settings")
        {
            sink.report("/access_log_settings", "the stage has no `access_log_settings`");
        }
    }
}
