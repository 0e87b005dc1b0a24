//! `tf-aws-guardduty-detector-disabled`: guardDuty detector is disabled.

use super::{PlanResource, PlanView, TfRule, TfSink};
use crate::finding::Severity;
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "tf-aws-guardduty-detector-disabled",
    summary: "GuardDuty detector is disabled",
    severity: Severity::Medium,
    help: "set `enable = true` on the detector",
    docs: r#"GuardDuty watches CloudTrail, VPC flow logs and DNS logs for threats. A detector with `enable = false`
produces no findings."#,
    references: &["AWS FSBP GuardDuty.1"],
    tags: &["guardduty", "monitoring"],
    default_enabled: true,
};

impl TfRule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, r: &PlanResource<'_>, _plan: &PlanView<'_>, sink: &mut TfSink<'_>) {
        if matches!(r.rtype, "aws_guardduty_detector") && r.bool("/enable") == Some(false) {
            sink.report("/enable", "the GuardDuty detector is disabled");
        }
    }
}
