//! `tf-aws-rds-multi-az-disabled`: rDS instance runs in a single availability zone.

use super::{PlanResource, PlanView, TfRule, TfSink};
use crate::finding::Severity;
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "tf-aws-rds-multi-az-disabled",
    summary: "RDS instance runs in a single availability zone",
    severity: Severity::Low,
    help: "set `multi_az = true` for databases that must survive the loss of a zone",
    docs: r#"Opt-in (`--select` it or list it under `select`): an availability and operations control rather than a security one.

A single-AZ instance (the provider's default) is unavailable while its zone or host fails, and during some
maintenance."#,
    references: &["AWS FSBP RDS.5"],
    tags: &["rds", "resilience"],
    default_enabled: false,
};

impl TfRule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, r: &PlanResource<'_>, _plan: &PlanView<'_>, sink: &mut TfSink<'_>) {
        if matches!(r.rtype, "aws_db_instance") && r.disabled("/multi_az") {
            sink.report("/multi_az", "the instance is not deployed across availability zones (`multi_az`)");
        }
    }
}
