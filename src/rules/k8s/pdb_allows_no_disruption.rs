//! `k8s-pdb-allows-no-disruption`: a PodDisruptionBudget never allows a pod to be evicted.

use crate::document::Lookup;
use serde_json::Value;

use super::objects;
use crate::document::Document;
use crate::finding::Finding;
use crate::finding::Severity;
use crate::rules::{Rule, RuleMeta};

pub struct PdbAllowsNoDisruption;

pub static META: RuleMeta = RuleMeta {
    id: "k8s-pdb-allows-no-disruption",
    summary: "A PodDisruptionBudget never allows a pod to be evicted",
    severity: Severity::Medium,
    help: "use `maxUnavailable: 1` (or a minAvailable below the replica count)",
    docs: r##"**What**: a `PodDisruptionBudget` with `maxUnavailable: 0` (or `0%`), `minAvailable: 100%`, or
a numeric `minAvailable` at or above the replica count of a Deployment/StatefulSet it selects
(cross-object check).

**Why**: such a budget blocks every voluntary eviction: node drains hang, cluster upgrades and
autoscaler scale-downs stall until someone deletes the budget by hand.

**Fix**:

```yaml
spec:
  maxUnavailable: 1
```

**References**: Kubernetes documentation, "Specifying a Disruption Budget for your Application"."##,
    references: &["Kubernetes documentation: Specifying a Disruption Budget for your Application"],
    tags: &["reliability", "cross-object"],
    default_enabled: true,
};

impl Rule for PdbAllowsNoDisruption {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_all(&self, docs: &[Document], out: &mut Vec<Finding>) {
        let workloads = objects::WorkloadIndex::new(docs);
        for pdb in docs.iter().filter(|d| d.kind() == "PodDisruptionBudget") {
            let name = objects::name(pdb);
            let max = pdb.value.at("/spec/maxUnavailable");
            if max.and_then(Value::as_i64) == Some(0)
                || max.and_then(Value::as_str).is_some_and(|s| s.trim() == "0%")
            {
                let msg = format!(
                    "PodDisruptionBudget {name} sets maxUnavailable to 0: no pod can ever be evicted"
                );
                objects::report(pdb, &META, "/spec/maxUnavailable", msg, out);
                continue;
            }
            let min = pdb.value.at("/spec/minAvailable");
            if min.and_then(Value::as_str).is_some_and(|s| s.trim() == "100%") {
                let msg = format!(
                    "PodDisruptionBudget {name} sets minAvailable to 100%: no pod can ever be evicted"
                );
                objects::report(pdb, &META, "/spec/minAvailable", msg, out);
                continue;
            }
            let Some(min) = min.and_then(Value::as_i64) else { continue };
            let ns = objects::namespace(pdb);
            let selector = pdb.value.at("/spec/selector").unwrap_or(&Value::Null);
            let blocked = workloads
                .selected_by(ns, selector)
                .into_iter()
                .find(|w| w.replicas().is_some_and(|r| r > 0 && min >= r));
            if let Some(w) = blocked {
                let msg = format!(
                    "PodDisruptionBudget {name} requires {min} available pods but {} runs {}: no pod can be evicted",
                    w.display(),
                    w.replicas().unwrap_or(1)
                );
                objects::report(pdb, &META, "/spec/minAvailable", msg, out);
            }
        }
    }
}
