//! `tf-aws-cloudfront-viewer-http`: cloudFront distribution serves viewers over plain HTTP.

use super::{PlanResource, PlanView, TfRule, TfSink};
use crate::finding::Severity;
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "tf-aws-cloudfront-viewer-http",
    summary: "CloudFront distribution serves viewers over plain HTTP",
    severity: Severity::Medium,
    help: "set `viewer_protocol_policy = \"redirect-to-https\"` (or `https-only`) on every cache behavior",
    docs: r#"`viewer_protocol_policy = "allow-all"` lets viewers fetch content over unencrypted HTTP, where it can be
read or altered in transit."#,
    references: &["AWS FSBP CloudFront.3"],
    tags: &["cloudfront", "tls"],
    default_enabled: true,
};

impl TfRule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, r: &PlanResource<'_>, _plan: &PlanView<'_>, sink: &mut TfSink<'_>) {
        if matches!(r.rtype, "aws_cloudfront_distribution")
            && r.str("/default_cache_behavior/0/viewer_protocol_policy") == Some("allow-all")
        {
            sink.report(
                "/default_cache_behavior/0/viewer_protocol_policy",
                "the default cache behavior allows plain HTTP (`allow-all`)",
            );
        }
    }
}
