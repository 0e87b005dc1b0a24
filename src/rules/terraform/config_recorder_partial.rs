//! `tf-aws-config-recorder-partial`: aWS Config does not record all resource types.

use super::{PlanResource, PlanView, TfRule, TfSink};
use crate::finding::Severity;
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "tf-aws-config-recorder-partial",
    summary: "AWS Config does not record all resource types",
    severity: Severity::Medium,
    help: "set `recording_group { all_supported = true, include_global_resource_types = true }`",
    docs: r#"CIS requires AWS Config to record every supported resource type, so that changes to any of them are kept
and can be evaluated."#,
    references: &["CIS AWS Foundations 3.0.0 3.3", "AWS FSBP Config.1"],
    tags: &["config", "monitoring"],
    default_enabled: true,
};

impl TfRule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, r: &PlanResource<'_>, _plan: &PlanView<'_>, sink: &mut TfSink<'_>) {
        if matches!(r.rtype, "aws_config_configuration_recorder")
            && r.bool("/recording_group/0/all_supported") == Some(false)
        {
            sink.report(
                "/recording_group/0/all_supported",
                "the recorder does not record all supported resource types",
            );
        }
    }
}
