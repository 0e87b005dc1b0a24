//! `k8s-service-target-port-not-exposed`: a Service targets a port that the selected containers do not expose.

use crate::document::Lookup;
use serde_json::Value;

use super::objects;
use crate::document::Document;
use crate::finding::Finding;
use crate::finding::Severity;
use crate::rules::{Rule, RuleMeta};

pub struct ServiceTargetPortNotExposed;

pub static META: RuleMeta = RuleMeta {
    id: "k8s-service-target-port-not-exposed",
    summary: "A Service targets a port that the selected containers do not expose",
    severity: Severity::Medium,
    help: "make `targetPort` match a `containerPort` (number or name) of the selected pods",
    docs: r##"**What**: a `Service` port whose `targetPort` (or `port`, when `targetPort` is omitted) is a name
that no container of the selected workloads declares, or a number that none of them declares
while they do declare ports. Cross-object check over the workloads the Service selects.

**Why**: traffic is sent to a port nobody listens on (numbers) or the endpoint is not created at
all (names): the Service looks healthy but every request fails.

**Fix**:

```yaml
# Service
ports:
  - name: http
    port: 80
    targetPort: http
# Deployment container
ports:
  - name: http
    containerPort: 8080
```

**References**: Kubernetes documentation, "Service"."##,
    references: &["Kubernetes documentation: Service"],
    tags: &["correctness", "network", "cross-object"],
    default_enabled: true,
};

impl Rule for ServiceTargetPortNotExposed {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_all(&self, docs: &[Document], out: &mut Vec<Finding>) {
        let workloads = objects::WorkloadIndex::new(docs);
        for svc in docs.iter().filter(|d| d.kind() == "Service") {
            let Some(selector) = svc.value.at("/spec/selector").and_then(Value::as_object) else {
                continue;
            };
            let ns = objects::namespace(svc);
            let selected = workloads.selected_by_map(ns, selector);
            if selected.is_empty() {
                continue;
            }
            let ports: Vec<_> = selected.iter().flat_map(|w| w.container_ports()).collect();
            for (i, port) in objects::items(svc.value.at("/spec/ports")).iter().enumerate() {
                let (field, target) = match port.get("targetPort") {
                    Some(t) => ("targetPort", t),
                    None => ("port", port.get("port").unwrap_or(&Value::Null)),
                };
                let missing = match target {
                    Value::String(name) => match name.parse::<i64>() {
                        Ok(n) => !ports.is_empty() && !ports.iter().any(|(_, p)| *p == Some(n)),
                        Err(_) => !ports.iter().any(|(n, _)| *n == Some(name.as_str())),
                    },
                    Value::Number(n) => !ports.is_empty() && !ports.iter().any(|(_, p)| *p == n.as_i64()),
                    _ => false,
                };
                if missing {
                    let target = match target {
                        Value::String(s) => s.clone(),
                        other => other.to_string(),
                    };
                    let names: Vec<String> = selected.iter().map(|w| w.display()).collect();
                    let msg = format!(
                        "Service {} sends port {} to `{target}`, which no container of {} exposes",
                        objects::name(svc),
                        port.get("port").map_or_else(|| "?".to_string(), Value::to_string),
                        names.join(", ")
                    );
                    objects::report(svc, &META, &format!("/spec/ports/{i}/{field}"), msg, out);
                }
            }
        }
    }
}
