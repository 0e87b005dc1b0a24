//! `tf-aws-cloudfront-no-waf`: cloudFront distribution has no WAF web ACL.

use super::{PlanResource, PlanView, TfRule, TfSink};
use crate::finding::Severity;
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "tf-aws-cloudfront-no-waf",
    summary: "CloudFront distribution has no WAF web ACL",
    severity: Severity::Low,
    help: "associate a WAF web ACL with `web_acl_id`",
    docs: r#"A web ACL in front of a distribution filters common attacks (SQL injection, bad bots, floods) before they
reach the origin."#,
    references: &["AWS FSBP CloudFront.6"],
    tags: &["cloudfront", "waf"],
    default_enabled: true,
};

impl TfRule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, r: &PlanResource<'_>, _plan: &PlanView<'_>, sink: &mut TfSink<'_>) {
        if matches!(r.rtype, "aws_cloudfront_distribution") && r.unset("/web_acl_id") {
            sink.report("/web_acl_id", "the distribution has no WAF web ACL (`web_acl_id`)");
        }
    }
}
