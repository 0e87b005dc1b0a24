//! `tf-aws-ebs-default-encryption-disabled`: eBS encryption by default is turned off.

use super::{PlanResource, PlanView, TfRule, TfSink};
use crate::finding::Severity;
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "tf-aws-ebs-default-encryption-disabled",
    summary: "EBS encryption by default is turned off",
    severity: Severity::Medium,
    help: "set `enabled = true` on `aws_ebs_encryption_by_default`",
    docs: r#"EBS encryption by default makes every new volume and snapshot copy in the region encrypted, even when
a tool or a person forgets to ask for it. Managing the setting with `enabled = false` turns that safety
net off."#,
    references: &["CIS AWS Foundations 3.0.0 2.2.1", "AWS FSBP EC2.7"],
    tags: &["ebs", "encryption"],
    default_enabled: true,
};

impl TfRule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, r: &PlanResource<'_>, _plan: &PlanView<'_>, sink: &mut TfSink<'_>) {
        if r.rtype == "aws_ebs_encryption_by_default" && r.bool("/enabled") == Some(false) {
            sink.report("/enabled", "EBS encryption by default is disabled");
        }
    }
}
