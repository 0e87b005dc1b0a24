//! `prometheus-alert-missing-summary`: an alert has no `summary` annotation.

use crate::document::Lookup;
use serde_json::Value;

use crate::document::Document;
use crate::finding::Severity;
use crate::rules::{Rule, RuleMeta, Sink};

pub static META: RuleMeta = RuleMeta {
    id: "prometheus-alert-missing-summary",
    summary: "A Prometheus alert has no summary annotation",
    severity: Severity::Low,
    help: "add `annotations: {summary: \"...\"}` describing what is wrong, with the affected labels",
    docs: "Every alerting rule must have a non-empty `summary` annotation.\n\n**Why**: the summary is \
the line people read in the page, the chat message and the Alertmanager UI. Without it responders see \
only the alert name and labels and must open the rule to learn what fired.\n\n**How to fix**: add \
`annotations: {summary: \"API 5xx rate above 5% on {{ $labels.service }}\"}`; add `description` and \
`runbook_url` for the details.",
    references: &["Prometheus: Alerting rules, annotations", "Prometheus: Alerting best practices"],
    tags: &["prometheus", "alerting"],
    default_enabled: true,
};

pub struct MissingSummary;

impl Rule for MissingSummary {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, sink: &mut Sink<'_>) {
        for rule in super::rules(doc) {
            let Some(alert) = rule.alert() else { continue };
            let empty = match rule.value.at("/annotations/summary") {
                None | Some(Value::Null) => true,
                Some(Value::String(s)) => s.trim().is_empty(),
                Some(_) => false,
            };
            if empty {
                let at = if rule.value.get("annotations").is_some() {
                    rule.field("annotations")
                } else {
                    rule.field("alert")
                };
                sink.report_key(&at, format!("alert `{alert}` has no `summary` annotation"));
            }
        }
    }
}
