//! `prometheus-monitor-port-missing`: a ServiceMonitor scrapes a port name its Services do not have.

use super::prometheus_monitor_selects_nothing::selected_services;
use super::{is, who};
use crate::document::{Document, Lookup};
use crate::finding::{Finding, Severity};
use crate::rules::k8s::objects;
use crate::rules::{Rule, RuleMeta};

pub struct PrometheusMonitorPortMissing;

pub static META: RuleMeta = RuleMeta {
    id: "prometheus-monitor-port-missing",
    summary: "A ServiceMonitor scrapes a port name its Services do not have",
    severity: Severity::Medium,
    help: "use the `name` of a port of the selected Service",
    docs: r#"## What it finds

A `ServiceMonitor` endpoint whose `port` is not the name of a port of any Service it selects in the run.

## Why it matters

`port` refers to the Service port by name: with a name the Service lacks (`http-metrics` for `metrics`, or a port number written as a name) the target is never discovered and nothing is scraped.

## How to fix

```yaml
endpoints:
  - port: metrics   # the Service's ports[].name
```

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

impl Rule for PrometheusMonitorPortMissing {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_all(&self, docs: &[Document], out: &mut Vec<Finding>) {
        for doc in docs.iter().filter(|d| is(d, "monitoring.coreos.com", &["ServiceMonitor"])) {
            let selected = selected_services(doc, docs);
            if selected.is_empty() {
                continue;
            }
            let ports: Vec<&str> = selected
                .iter()
                .flat_map(|s| {
                    objects::items(s.value.at("/spec/ports"))
                        .iter()
                        .filter_map(|p| p.get("name").and_then(serde_json::Value::as_str))
                })
                .collect();
            for (i, endpoint) in objects::items(doc.value.at("/spec/endpoints")).iter().enumerate() {
                if let Some(port) = endpoint.get("port").and_then(serde_json::Value::as_str)
                    && !ports.contains(&port)
                {
                    let message = format!(
                        "{} scrapes port `{port}`, which none of the {} Service(s) it selects names",
                        who(doc),
                        selected.len()
                    );
                    objects::report(doc, &META, &format!("/spec/endpoints/{i}/port"), message, out);
                }
            }
        }
    }
}
