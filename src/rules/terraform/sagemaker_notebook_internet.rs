//! `tf-aws-sagemaker-notebook-internet`: sageMaker notebook instance has direct internet access.

use super::{PlanResource, PlanView, TfRule, TfSink};
use crate::finding::Severity;
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "tf-aws-sagemaker-notebook-internet",
    summary: "SageMaker notebook instance has direct internet access",
    severity: Severity::Medium,
    help: "set `direct_internet_access = \"Disabled\"` and give the notebook a subnet with controlled egress",
    docs: r#"The provider's default `direct_internet_access = "Enabled"` gives a notebook, and the data and credentials
in it, a path to the internet that bypasses the VPC's controls."#,
    references: &["AWS FSBP SageMaker.2"],
    tags: &["sagemaker", "network"],
    default_enabled: true,
};

impl TfRule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, r: &PlanResource<'_>, _plan: &PlanView<'_>, sink: &mut TfSink<'_>) {
        if matches!(r.rtype, "aws_sagemaker_notebook_instance")
            && !r.unknown("/direct_internet_access")
            && r.str("/direct_internet_access") != Some("Disabled")
        {
            sink.report("/direct_internet_access", "the notebook has direct internet access");
        }
    }
}
