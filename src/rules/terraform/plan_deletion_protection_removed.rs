//! `tf-plan-deletion-protection-removed`: the plan turns deletion protection off.

use super::{PlanResource, PlanView, TfRule, TfSink};
use crate::document::Lookup;
use crate::finding::Severity;
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "tf-plan-deletion-protection-removed",
    summary: "The plan turns deletion protection off",
    severity: Severity::High,
    help: "keep deletion protection on unless the resource is about to be retired on purpose",
    docs: r#"Turning `deletion_protection` (RDS, Aurora), `enable_deletion_protection` (load balancers) or
`deletion_protection_enabled` (DynamoDB) from `true` to `false` is the first step of deleting the
resource. This rule flags the change so a reviewer confirms it."#,
    references: &["ndlint change-aware review", "AWS FSBP RDS.8"],
    tags: &["change", "resilience"],
    default_enabled: true,
};

impl TfRule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, r: &PlanResource<'_>, _plan: &PlanView<'_>, sink: &mut TfSink<'_>) {
        if !r.actions.update || r.mode != "managed" {
            return;
        }
        for k in ["deletion_protection", "enable_deletion_protection", "deletion_protection_enabled"] {
            let p = format!("/{k}");
            if r.before.at(&p) == Some(&serde_json::Value::Bool(true)) && r.bool(&p) == Some(false) {
                sink.report(&p, format!("this plan turns `{k}` off"));
            }
        }
    }
}
