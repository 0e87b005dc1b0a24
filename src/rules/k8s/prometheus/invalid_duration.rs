//! `prometheus-invalid-duration`: a rule's `for`/`keep_firing_for` or a group's `interval` is not a duration.

use serde_json::Value;

use crate::document::Document;
use crate::finding::Severity;
use crate::rules::{Rule, RuleMeta, Sink};

pub static META: RuleMeta = RuleMeta {
    id: "prometheus-invalid-duration",
    summary: "A Prometheus rule or group has an invalid duration",
    severity: Severity::High,
    help: "write durations as an integer and a unit, largest unit first, e.g. `5m`, `1h30m`",
    docs: "The `for` and `keep_firing_for` fields of a rule and the `interval` and `query_offset` fields of \
a group are Prometheus durations: one or more integer-and-unit pairs with units `y`, `w`, `d`, `h`, \
`m`, `s` and `ms`, each at most once and largest first (`1h30m`), or `0`.\n\n**Why**: `5 m`, `1.5h`, \
`10min` or a bare `300` are rejected when Prometheus loads the rules (and by the Prometheus Operator's \
webhook), so the whole group stops loading and its alerts never fire.\n\n**How to fix**: rewrite the \
value, e.g. `for: 5m` or `interval: 30s`.",
    references: &["Prometheus: Configuration, <duration>", "Prometheus: Alerting rules, for"],
    tags: &["prometheus", "correctness"],
    default_enabled: true,
};

pub struct InvalidDuration;

fn check_field(sink: &mut Sink<'_>, pointer: String, value: Option<&Value>, what: &str) {
    let Some(value) = value else { return };
    let text = match value {
        Value::String(s) => s.clone(),
        Value::Null => return,
        other => other.to_string(),
    };
    if let Err(e) = super::check_duration(&text) {
        sink.report(&pointer, format!("{what}: {e}"));
    }
}

impl Rule for InvalidDuration {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, sink: &mut Sink<'_>) {
        for (gp, group) in super::groups(doc) {
            let name = group.get("name").and_then(Value::as_str).unwrap_or("?");
            for field in ["interval", "query_offset"] {
                check_field(
                    sink,
                    format!("{gp}/{field}"),
                    group.get(field),
                    &format!("group `{name}` {field}"),
                );
            }
        }
        for rule in super::rules(doc) {
            for field in ["for", "keep_firing_for"] {
                check_field(
                    sink,
                    rule.field(field),
                    rule.value.get(field),
                    &format!("{} `{field}`", rule.label()),
                );
            }
        }
    }
}
