//! `k8s-single-replica-without-pdb`: a Deployment or StatefulSet runs a single replica and no PodDisruptionBudget covers it.

use crate::document::Lookup;
use serde_json::Value;

use super::objects;
use crate::document::Document;
use crate::finding::Finding;
use crate::finding::Severity;
use crate::rules::{Rule, RuleMeta};

pub struct SingleReplicaWithoutPdb;

pub static META: RuleMeta = RuleMeta {
    id: "k8s-single-replica-without-pdb",
    summary: "A Deployment or StatefulSet runs a single replica and no PodDisruptionBudget covers it",
    severity: Severity::Low,
    help: "run at least two replicas and add a PodDisruptionBudget with maxUnavailable: 1",
    docs: r##"**What**: a `Deployment` or `StatefulSet` with `replicas: 1` (or no `replicas`, which means 1)
that no `PodDisruptionBudget` of its namespace selects, and that no HorizontalPodAutoscaler
scales to two or more replicas. Cross-object check over the whole run.

**Why**: every node drain, cluster upgrade or eviction takes the only pod down: the service has
an outage during each routine maintenance.

**Fix**:

```yaml
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: checkout
spec:
  maxUnavailable: 1
  selector:
    matchLabels:
      app: checkout
```

together with `replicas: 2` (or more) on the workload.

**References**: Kubernetes documentation, "Specifying a Disruption Budget for your Application"."##,
    references: &["Kubernetes documentation: Specifying a Disruption Budget for your Application"],
    tags: &["reliability", "cross-object"],
    default_enabled: true,
};

impl Rule for SingleReplicaWithoutPdb {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_all(&self, docs: &[Document], out: &mut Vec<Finding>) {
        let pdbs = objects::by_namespace(docs.iter().filter(|d| d.kind() == "PodDisruptionBudget"));
        let hpas = objects::by_namespace(docs.iter().filter(|d| d.kind() == "HorizontalPodAutoscaler"));
        for w in objects::workloads(docs) {
            if !matches!(w.doc.kind(), "Deployment" | "StatefulSet" | "Rollout") || w.replicas() != Some(1) {
                continue;
            }
            let ns = w.namespace();
            let name = objects::name(w.doc);
            let scaled = hpas.get(ns).into_iter().flatten().any(|h| {
                h.value.at("/spec/scaleTargetRef/name").and_then(Value::as_str) == Some(name)
                    && h.value.at("/spec/scaleTargetRef/kind").and_then(Value::as_str) == Some(w.doc.kind())
                    && h.value.at("/spec/minReplicas").and_then(Value::as_i64).unwrap_or(1) >= 2
            });
            let covered = pdbs.get(ns).into_iter().flatten().any(|p| {
                objects::label_selector_matches(
                    p.value.at("/spec/selector").unwrap_or(&Value::Null),
                    w.labels,
                )
            });
            if !scaled && !covered {
                let msg =
                    format!("{} runs a single replica and no PodDisruptionBudget covers it", w.display());
                objects::report(w.doc, &META, "/spec/replicas", msg, out);
            }
        }
    }
}
