//! `tf-plan-public-ingress-added`: the plan opens ingress from the whole internet.

use super::{Ingress, world_ingress};
use super::{PlanResource, PlanView, TfRule, TfSink};
use crate::finding::Severity;
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "tf-plan-public-ingress-added",
    summary: "The plan opens ingress from the whole internet",
    severity: Severity::High,
    help: "confirm the exposure is intended, and restrict the source CIDRs if it is not",
    docs: r#"Compares the planned security group ingress with the prior one: a permission from `0.0.0.0/0` or
`::/0` that exists after the change but not before is new internet exposure introduced by this plan,
on any port, and is flagged for review even where the port itself is not covered by another rule."#,
    references: &["CIS AWS Foundations 3.0.0 5.2", "CIS AWS Foundations 3.0.0 5.3", "AWS FSBP EC2.18"],
    tags: &["change", "network", "security-group"],
    default_enabled: true,
};

impl TfRule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, r: &PlanResource<'_>, _plan: &PlanView<'_>, sink: &mut TfSink<'_>) {
        if !(r.actions.create || r.actions.update) || r.mode != "managed" {
            return;
        }
        let before = world_ingress(r.rtype, r.before);
        let same = |a: &Ingress<'_>, b: &Ingress<'_>| {
            a.cidr == b.cidr && a.protocol == b.protocol && a.from == b.from && a.to == b.to
        };
        for ing in world_ingress(r.rtype, r.after) {
            if before.iter().any(|b| same(b, &ing)) {
                continue;
            }
            let ports = if ing.all_ports() {
                "all ports".to_string()
            } else if ing.from == ing.to {
                format!("port {}", ing.from)
            } else {
                format!("ports {}-{}", ing.from, ing.to)
            };
            sink.report(
                &ing.path,
                format!("this plan opens {ports} to {} (new internet exposure)", ing.cidr),
            );
        }
    }
}
