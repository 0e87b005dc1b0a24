//! `tf-aws-cloudfront-no-logging`: cloudFront distribution does not log requests.

use super::{PlanResource, PlanView, TfRule, TfSink};
use crate::finding::Severity;
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "tf-aws-cloudfront-no-logging",
    summary: "CloudFront distribution does not log requests",
    severity: Severity::Low,
    help: "add a `logging_config { bucket = ... }`",
    docs: r#"Standard logs record each viewer request; without them (the default) abuse of a distribution cannot be
investigated."#,
    references: &["AWS FSBP CloudFront.5"],
    tags: &["cloudfront", "logging"],
    default_enabled: true,
};

impl TfRule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, r: &PlanResource<'_>, _plan: &PlanView<'_>, sink: &mut TfSink<'_>) {
        if matches!(r.rtype, "aws_cloudfront_distribution") && r.unset("/logging_config") {
            sink.report("/logging_config", "the distribution has no `logging_config`");
        }
    }
}
