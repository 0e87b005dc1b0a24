//! `tf-aws-network-firewall-deletion-protection-disabled`: network Firewall can be deleted without protection.

use super::{PlanResource, PlanView, TfRule, TfSink};
use crate::finding::Severity;
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "tf-aws-network-firewall-deletion-protection-disabled",
    summary: "Network Firewall can be deleted without protection",
    severity: Severity::Low,
    help: "set `delete_protection = true`",
    docs: r#"Deleting a firewall removes the inspection of all traffic routed through it; delete protection (off by
default) prevents an accidental destroy."#,
    references: &["AWS FSBP NetworkFirewall.9"],
    tags: &["network-firewall", "resilience"],
    default_enabled: true,
};

impl TfRule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, r: &PlanResource<'_>, _plan: &PlanView<'_>, sink: &mut TfSink<'_>) {
        if matches!(r.rtype, "aws_networkfirewall_firewall") && r.disabled("/delete_protection") {
            sink.report("/delete_protection", "delete protection is not enabled");
        }
    }
}
