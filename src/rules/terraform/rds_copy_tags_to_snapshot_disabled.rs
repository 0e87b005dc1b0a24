//! `tf-aws-rds-copy-tags-to-snapshot-disabled`: rDS instance does not copy its tags to snapshots.

use super::{PlanResource, PlanView, TfRule, TfSink};
use crate::finding::Severity;
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "tf-aws-rds-copy-tags-to-snapshot-disabled",
    summary: "RDS instance does not copy its tags to snapshots",
    severity: Severity::Low,
    help: "set `copy_tags_to_snapshot = true`",
    docs: r#"Opt-in (`--select` it or list it under `select`): an availability and operations control rather than a security one.

Snapshots without the instance's tags escape tag-based access control, cost allocation and retention
policies. The provider's default is not to copy them."#,
    references: &["AWS FSBP RDS.17"],
    tags: &["rds", "tagging"],
    default_enabled: false,
};

impl TfRule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, r: &PlanResource<'_>, _plan: &PlanView<'_>, sink: &mut TfSink<'_>) {
        if matches!(r.rtype, "aws_db_instance") && r.disabled("/copy_tags_to_snapshot") {
            sink.report("/copy_tags_to_snapshot", "tags are not copied to snapshots");
        }
    }
}
