//! `tf-aws-emr-block-public-access-disabled`: eMR block public access is turned off.

use super::{PlanResource, PlanView, TfRule, TfSink};
use crate::finding::Severity;
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "tf-aws-emr-block-public-access-disabled",
    summary: "EMR block public access is turned off",
    severity: Severity::High,
    help: "set `block_public_security_group_rules = true`",
    docs: r#"EMR's account-level block public access stops clusters from starting with security groups open to the
internet."#,
    references: &["AWS FSBP EMR.2"],
    tags: &["emr", "public-access"],
    default_enabled: true,
};

impl TfRule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, r: &PlanResource<'_>, _plan: &PlanView<'_>, sink: &mut TfSink<'_>) {
        if matches!(r.rtype, "aws_emr_block_public_access_configuration")
            && r.bool("/block_public_security_group_rules") == Some(false)
        {
            sink.report(
                "/block_public_security_group_rules",
                "EMR clusters may start with security groups open to the internet",
            );
        }
    }
}
