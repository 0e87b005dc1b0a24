//! `tf-plan-stateful-deleted`: the plan deletes a stateful resource.

use super::STATEFUL;
use super::{PlanResource, PlanView, TfRule, TfSink};
use crate::finding::Severity;
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "tf-plan-stateful-deleted",
    summary: "The plan deletes a stateful resource",
    severity: Severity::High,
    help: "make sure the deletion is intended and the data is backed up; add `lifecycle { prevent_destroy = true }`",
    docs: r#"Deleting a database, bucket, volume, file system, KMS key, EKS cluster or similar resource destroys
its data (a deleted KMS key makes everything encrypted with it unreadable). Such deletions often come
from a renamed resource or module without a `moved` block. This rule reports every `delete` action on a
stateful type so a reviewer confirms it."#,
    references: &["ndlint change-aware review", "AWS Well-Architected REL09 (back up data)"],
    tags: &["change", "resilience"],
    default_enabled: true,
};

impl TfRule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, r: &PlanResource<'_>, _plan: &PlanView<'_>, sink: &mut TfSink<'_>) {
        if r.mode == "managed" && r.actions.is_delete_only() && STATEFUL.contains(&r.rtype) {
            sink.report_resource(format!("this plan deletes a stateful {}; its data will be lost", r.rtype));
        }
    }
}
