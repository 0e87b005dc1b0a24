//! `prometheus-monitor-selects-nothing`: a ServiceMonitor or PodMonitor selects no Service or pod in the run.

use super::{is, who};
use crate::document::{Document, Lookup};
use crate::finding::{Finding, Severity};
use crate::rules::k8s::objects;
use crate::rules::{Rule, RuleMeta};

pub struct PrometheusMonitorSelectsNothing;

pub static META: RuleMeta = RuleMeta {
    id: "prometheus-monitor-selects-nothing",
    summary: "A ServiceMonitor or PodMonitor selects no Service or pod in the run",
    severity: Severity::Low,
    help: "make `spec.selector` (and `namespaceSelector`) match the labels of the Service or pods to scrape",
    docs: r#"## What it finds

A `ServiceMonitor` whose `selector` matches the labels of no Service of the namespaces it watches (its own, `namespaceSelector.matchNames`, or all with `any: true`), or a `PodMonitor` whose selector matches no workload's pod labels there. Low by default: a run may not hold every object of the cluster.

## Why it matters

Nothing is scraped and nothing says so: dashboards stay empty and the alerts on those metrics never fire (prometheus-operator#1470, #5917).

## How to fix

Copy the labels from the Service (not the pods) into `spec.selector.matchLabels`.

## References

- Prometheus Operator: ServiceMonitor API
- Prometheus Operator: Troubleshooting ServiceMonitor changes
"#,
    references: &[
        "Prometheus Operator: ServiceMonitor API",
        "Prometheus Operator: Troubleshooting ServiceMonitor changes",
    ],
    tags: &["gitops", "prometheus", "observability", "cross-document"],
    default_enabled: true,
};

impl Rule for PrometheusMonitorSelectsNothing {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_all(&self, docs: &[Document], out: &mut Vec<Finding>) {
        let workloads: Vec<objects::Workload<'_>> = docs.iter().filter_map(objects::Workload::of).collect();
        for doc in docs.iter().filter(|d| is(d, "monitoring.coreos.com", &["ServiceMonitor", "PodMonitor"])) {
            let Some(selector) = doc.value.at("/spec/selector") else { continue };
            let found = if doc.kind() == "ServiceMonitor" {
                !selected_services(doc, docs).is_empty()
            } else {
                let watched = watched_namespaces(doc);
                let watches = |ns: &str| watched.as_ref().is_none_or(|list| list.iter().any(|n| n == ns));
                workloads.iter().any(|w| watches(w.ns) && objects::label_selector_matches(selector, w.labels))
            };
            if !found {
                let what = if doc.kind() == "ServiceMonitor" { "Service" } else { "pod" };
                let message = format!("{} selects no {what} in the run: nothing is scraped", who(doc));
                objects::report(doc, &META, "/spec/selector", message, out);
            }
        }
    }
}

/// The Services of the run a ServiceMonitor selects: in the namespaces it watches, with labels its
/// `selector` matches.
pub fn selected_services<'a>(monitor: &Document, docs: &'a [Document]) -> Vec<&'a Document> {
    let Some(selector) = monitor.value.at("/spec/selector") else { return Vec::new() };
    let watched = watched_namespaces(monitor);
    docs.iter()
        .filter(|s| s.kind() == "Service" && s.object.as_ref().is_some_and(|o| o.api_version == "v1"))
        .filter(|s| watched.as_ref().is_none_or(|list| list.iter().any(|n| n == objects::namespace(s))))
        .filter(|s| {
            let labels = s.value.at("/metadata/labels").and_then(serde_json::Value::as_object);
            objects::label_selector_matches(selector, labels)
        })
        .collect()
}

/// The namespaces a monitor watches: `None` for all (`any: true`).
fn watched_namespaces(doc: &Document) -> Option<Vec<String>> {
    if doc.value.at("/spec/namespaceSelector/any").and_then(serde_json::Value::as_bool) == Some(true) {
        return None;
    }
    let names: Vec<String> = objects::str_items(doc.value.at("/spec/namespaceSelector/matchNames"))
        .map(|(_, n)| n.to_string())
        .collect();
    Some(if names.is_empty() { vec![objects::namespace(doc).to_string()] } else { names })
}
