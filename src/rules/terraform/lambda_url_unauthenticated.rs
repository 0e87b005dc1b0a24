//! `tf-aws-lambda-url-unauthenticated`: lambda function URL needs no authentication.

use super::{PlanResource, PlanView, TfRule, TfSink};
use crate::finding::Severity;
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "tf-aws-lambda-url-unauthenticated",
    summary: "Lambda function URL needs no authentication",
    severity: Severity::High,
    help: "set `authorization_type = \"AWS_IAM\"` (or put the function behind API Gateway with an authorizer)",
    docs: r#"A function URL with `authorization_type = "NONE"` can be invoked by anyone on the internet who learns it."#,
    references: &["AWS FSBP Lambda.1"],
    tags: &["lambda", "public-access"],
    default_enabled: true,
};

impl TfRule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, r: &PlanResource<'_>, _plan: &PlanView<'_>, sink: &mut TfSink<'_>) {
        if matches!(r.rtype, "aws_lambda_function_url") && r.str("/authorization_type") == Some("NONE") {
            sink.report(
                "/authorization_type",
                "anyone on the internet can invoke the function through its URL",
            );
        }
    }
}
