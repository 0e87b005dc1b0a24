//! `tf-aws-cloudfront-default-root-object-missing`: cloudFront distribution has no default root object.

use super::{PlanResource, PlanView, TfRule, TfSink};
use crate::finding::Severity;
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "tf-aws-cloudfront-default-root-object-missing",
    summary: "CloudFront distribution has no default root object",
    severity: Severity::Low,
    help: "set `default_root_object = \"index.html\"` (or the page the root should serve)",
    docs: r#"Opt-in (`--select` it or list it under `select`): an availability and operations control rather than a security one.

Without a default root object, a request for the distribution's root is passed to the origin, which may
list its contents or return data it should not."#,
    references: &["AWS FSBP CloudFront.1"],
    tags: &["cloudfront"],
    default_enabled: false,
};

impl TfRule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, r: &PlanResource<'_>, _plan: &PlanView<'_>, sink: &mut TfSink<'_>) {
        if matches!(r.rtype, "aws_cloudfront_distribution") && r.unset("/default_root_object") {
            sink.report("/default_root_object", "the distribution has no `default_root_object`");
        }
    }
}
