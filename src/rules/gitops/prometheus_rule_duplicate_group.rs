//! `prometheus-rule-duplicate-group`: a PrometheusRule (or rule file) has two groups of the same name.

use super::who;
use crate::document::{Document, Lookup};
use crate::finding::Severity;
use crate::rules::k8s::{objects, prometheus};
use crate::rules::{Rule, RuleMeta, Sink};

pub struct PrometheusRuleDuplicateGroup;

pub static META: RuleMeta = RuleMeta {
    id: "prometheus-rule-duplicate-group",
    summary: "A PrometheusRule (or rule file) has two groups of the same name",
    severity: Severity::High,
    help: "give every rule group a unique name",
    docs: r#"## What it finds

A `PrometheusRule` or a Prometheus rule file with two `groups` of the same `name`.

## Why it matters

Prometheus refuses to load a rule file with duplicate group names ("groupname is repeated in the same file"): with the operator, the generated file fails to load and none of the rules in it is evaluated — alerts silently stop.

## How to fix

Rename or merge the groups.

## References

- Prometheus: Recording and alerting rules configuration
- Prometheus Operator: PrometheusRule API
"#,
    references: &[
        "Prometheus: Recording and alerting rules configuration",
        "Prometheus Operator: PrometheusRule API",
    ],
    tags: &["gitops", "prometheus", "correctness"],
    default_enabled: true,
};

impl Rule for PrometheusRuleDuplicateGroup {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, sink: &mut Sink<'_>) {
        let Some(groups) = prometheus::groups_pointer(doc) else { return };
        let mut seen = std::collections::HashSet::new();
        for (i, group) in objects::items(doc.value.at(groups)).iter().enumerate() {
            if let Some(name) = group.get("name").and_then(serde_json::Value::as_str)
                && !seen.insert(name)
            {
                sink.report(
                    &format!("{groups}/{i}/name"),
                    format!("{} has a second rule group named `{name}`", who(doc)),
                );
            }
        }
    }
}
