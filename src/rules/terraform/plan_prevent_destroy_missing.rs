//! `tf-plan-prevent-destroy-missing`: production stateful resource lacks prevent_destroy.

use super::STATEFUL;
use super::{PlanResource, PlanView, TfRule, TfSink};
use crate::finding::Severity;
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "tf-plan-prevent-destroy-missing",
    summary: "Production stateful resource lacks prevent_destroy",
    severity: Severity::Medium,
    help: "add `lifecycle { prevent_destroy = true }` to the resource block",
    docs: r#"`lifecycle { prevent_destroy = true }` makes Terraform refuse any plan that would destroy the resource,
the last guard against a mistaken rename or `terraform destroy` on production data. The rule reads the
`.tf` block of stateful resources (databases, buckets, volumes, KMS keys, EKS clusters…) in production
plans: an `Environment`/`env` tag, an `environment`/`env` root variable, or a `prod`/`production`
directory in the plan's path. Without the `.tf` source nothing is reported."#,
    references: &["ndlint change-aware review", "Terraform docs: lifecycle meta-argument prevent_destroy"],
    tags: &["change", "resilience"],
    default_enabled: true,
};

impl TfRule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    /// It reads the `lifecycle` block, which the sources have as well as a plan.
    fn needs_change(&self) -> bool {
        false
    }

    fn check(&self, r: &PlanResource<'_>, plan: &PlanView<'_>, sink: &mut TfSink<'_>) {
        if r.mode != "managed" || r.actions.is_delete_only() || !STATEFUL.contains(&r.rtype) {
            return;
        }
        let Some(src) = r.source else { return };
        if src.block.prevent_destroy() != Some(true) && plan.is_prod(r) {
            sink.report_resource(format!(
                "production {} has no `lifecycle {{ prevent_destroy = true }}`",
                r.rtype
            ));
        }
    }
}
