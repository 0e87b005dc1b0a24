//! `tf-aws-cloudtrail-not-multi-region`: cloudTrail trail does not cover all regions.

use super::{PlanResource, PlanView, TfRule, TfSink};
use crate::finding::Severity;
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "tf-aws-cloudtrail-not-multi-region",
    summary: "CloudTrail trail does not cover all regions",
    severity: Severity::Medium,
    help: "set `is_multi_region_trail = true`",
    docs: r#"A single-region trail misses API activity in every other region, precisely where an attacker would
spin up resources unnoticed."#,
    references: &["CIS AWS Foundations 3.0.0 3.1", "AWS FSBP CloudTrail.1"],
    tags: &["cloudtrail", "logging"],
    default_enabled: true,
};

impl TfRule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, r: &PlanResource<'_>, _plan: &PlanView<'_>, sink: &mut TfSink<'_>) {
        if r.rtype == "aws_cloudtrail" && r.not_true("/is_multi_region_trail") {
            sink.report("/is_multi_region_trail", "the trail records only its own region");
        }
    }
}
