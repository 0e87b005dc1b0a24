//! `tf-aws-workspaces-unencrypted`: workSpace root volume is not encrypted.

use super::{PlanResource, PlanView, TfRule, TfSink};
use crate::finding::Severity;
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "tf-aws-workspaces-unencrypted",
    summary: "WorkSpace root volume is not encrypted",
    severity: Severity::Medium,
    help: "set `root_volume_encryption_enabled = true` and `user_volume_encryption_enabled = true` with a `volume_encryption_key`",
    docs: r#"A WorkSpace's volumes hold a user's files and cached credentials; they are unencrypted unless asked for."#,
    references: &["AWS FSBP WorkSpaces.2"],
    tags: &["workspaces", "encryption"],
    default_enabled: true,
};

impl TfRule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, r: &PlanResource<'_>, _plan: &PlanView<'_>, sink: &mut TfSink<'_>) {
        if matches!(r.rtype, "aws_workspaces_workspace") && r.disabled("/root_volume_encryption_enabled") {
            sink.report("/root_volume_encryption_enabled", "the root volume is not encrypted");
        }
    }
}
