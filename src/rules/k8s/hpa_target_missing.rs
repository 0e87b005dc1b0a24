//! `k8s-hpa-target-missing`: a HorizontalPodAutoscaler targets a workload that the run does not define.

use crate::document::Lookup;
use serde_json::Value;

use super::objects;
use crate::document::Document;
use crate::finding::Finding;
use crate::finding::Severity;
use crate::rules::{Rule, RuleMeta};

pub struct HpaTargetMissing;

pub static META: RuleMeta = RuleMeta {
    id: "k8s-hpa-target-missing",
    summary: "A HorizontalPodAutoscaler targets a workload that the run does not define",
    severity: Severity::Medium,
    help: "point `scaleTargetRef` at the workload's kind and name",
    docs: r##"**What**: a `HorizontalPodAutoscaler` whose `scaleTargetRef` (kind and name) matches no object
of its namespace in the run. Namespaces in which the run defines no workload at all are not
checked, since the target then lives elsewhere.

**Why**: the autoscaler does nothing, typically after the workload was renamed or moved from a
Deployment to a StatefulSet; the application no longer scales under load.

**Fix**:

```yaml
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: checkout
```

**References**: Kubernetes documentation, "Horizontal Pod Autoscaling"."##,
    references: &["Kubernetes documentation: Horizontal Pod Autoscaling"],
    tags: &["reliability", "correctness", "cross-object"],
    default_enabled: true,
};

impl Rule for HpaTargetMissing {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_all(&self, docs: &[Document], out: &mut Vec<Finding>) {
        let workloads = objects::WorkloadIndex::new(docs);
        let defined: std::collections::HashSet<(&str, &str, &str)> =
            docs.iter().map(|d| (d.kind(), objects::namespace(d), objects::name(d))).collect();
        for hpa in docs.iter().filter(|d| d.kind() == "HorizontalPodAutoscaler") {
            let ns = objects::namespace(hpa);
            let Some(kind) = hpa.value.at("/spec/scaleTargetRef/kind").and_then(Value::as_str) else {
                continue;
            };
            let Some(name) = hpa.value.at("/spec/scaleTargetRef/name").and_then(Value::as_str) else {
                continue;
            };
            if workloads.in_namespace(ns).is_empty() {
                continue;
            }
            if !defined.contains(&(kind, ns, name)) {
                let msg = format!(
                    "HorizontalPodAutoscaler {} targets {kind} {name}, which is not defined in namespace `{ns}`",
                    objects::name(hpa)
                );
                objects::report(hpa, &META, "/spec/scaleTargetRef/name", msg, out);
            }
        }
    }
}
