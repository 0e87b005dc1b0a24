//! `prometheus-alert-missing-severity`: an alert has no `severity` label.

use crate::document::Lookup;
use serde_json::Value;

use crate::document::Document;
use crate::finding::Severity;
use crate::rules::{Rule, RuleMeta, Sink};

pub static META: RuleMeta = RuleMeta {
    id: "prometheus-alert-missing-severity",
    summary: "A Prometheus alert has no severity label",
    severity: Severity::Medium,
    help: "add `labels: {severity: critical|warning|info}` to the alert",
    docs: "Every alerting rule must carry a non-empty `severity` label.\n\n**Why**: Alertmanager routes \
and inhibits on labels; the platform's routing tree sends `severity: critical` to the pager and the \
rest to chat. An alert without `severity` falls through to the default receiver, where a real \
incident can go unnoticed, and it cannot be silenced or inhibited by severity.\n\n**How to fix**: \
add the label under the rule's `labels:`, e.g. `severity: critical` for user-facing outages, \
`warning` for degradations that need attention in working hours.",
    references: &["Prometheus: Alerting rules, labels", "Alertmanager: Routing"],
    tags: &["prometheus", "alerting"],
    default_enabled: true,
};

pub struct MissingSeverity;

impl Rule for MissingSeverity {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, sink: &mut Sink<'_>) {
        for rule in super::rules(doc) {
            let Some(alert) = rule.alert() else { continue };
            let severity = rule.value.at("/labels/severity");
            let empty = match severity {
                None | Some(Value::Null) => true,
                Some(Value::String(s)) => s.trim().is_empty(),
                Some(_) => false,
            };
            if empty {
                let at = if rule.value.get("labels").is_some() {
                    rule.field("labels")
                } else {
                    rule.field("alert")
                };
                sink.report_key(&at, format!("alert `{alert}` has no `severity` label"));
            }
        }
    }
}
