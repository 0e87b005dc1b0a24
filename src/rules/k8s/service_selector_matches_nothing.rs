//! `k8s-service-selector-matches-nothing`: a Service selects no workload of its namespace.

use crate::document::Lookup;
use serde_json::Value;

use super::objects;
use crate::document::Document;
use crate::finding::Finding;
use crate::finding::Severity;
use crate::rules::{Rule, RuleMeta};

pub struct ServiceSelectorMatchesNothing;

/// Pod labels set by the StatefulSet, Deployment and DaemonSet controllers, not by the template.
const CONTROLLER_LABELS: [&str; 4] = [
    "statefulset.kubernetes.io/pod-name",
    "apps.kubernetes.io/pod-index",
    "controller-revision-hash",
    "pod-template-hash",
];

pub static META: RuleMeta = RuleMeta {
    id: "k8s-service-selector-matches-nothing",
    summary: "A Service selects no workload of its namespace",
    severity: Severity::Medium,
    help: "fix the Service selector so that it matches the pod template labels of the workload",
    docs: r##"**What**: a `Service` whose `selector` matches the pod labels of none of the workloads the run
deploys in its namespace. Services without a selector (manually managed endpoints),
`ExternalName` Services, namespaces without workloads in the run and namespaces with a custom
resource that an operator turns into pods (a `Prometheus`, a `Rollout`, …) are not checked.
Labels that controllers add to the pods they create (`statefulset.kubernetes.io/pod-name`,
`apps.kubernetes.io/pod-index`, `controller-revision-hash`, `pod-template-hash`) are left out of
the comparison: a Service selecting one StatefulSet pod by name is fine.

**Why**: the Service has no endpoints: clients get connection refused or time out. It usually
comes from a typo or from labels changed on one side only.

**Fix**:

```yaml
spec:
  selector:
    app.kubernetes.io/name: checkout   # as in the workload's template labels
```

**References**: Kubernetes documentation, "Service"."##,
    references: &["Kubernetes documentation: Service"],
    tags: &["correctness", "network", "cross-object"],
    default_enabled: true,
};

impl Rule for ServiceSelectorMatchesNothing {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_all(&self, docs: &[Document], out: &mut Vec<Finding>) {
        let workloads = objects::WorkloadIndex::new(docs);
        for svc in docs.iter().filter(|d| d.kind() == "Service") {
            if svc.value.at("/spec/type").and_then(Value::as_str) == Some("ExternalName") {
                continue;
            }
            let Some(selector) = svc.value.at("/spec/selector").and_then(Value::as_object) else {
                continue;
            };
            // Labels that controllers add to the pods they create are never in a pod template.
            let selector: serde_json::Map<String, Value> = selector
                .iter()
                .filter(|(key, _)| !CONTROLLER_LABELS.contains(&key.as_str()))
                .map(|(key, value)| (key.clone(), value.clone()))
                .collect();
            let ns = objects::namespace(svc);
            let local = workloads.in_namespace(ns);
            if selector.is_empty() || local.is_empty() || workloads.opaque(ns) {
                continue;
            }
            if workloads.selected_by_map(ns, &selector).is_empty() {
                let msg = format!(
                    "Service {} selects none of the {} workload(s) of namespace `{ns}`",
                    objects::name(svc),
                    local.len()
                );
                objects::report(svc, &META, "/spec/selector", msg, out);
            }
        }
    }
}
