//! `k8s-pdb-matches-nothing`: a PodDisruptionBudget selects no workload of its namespace.

use crate::document::Lookup;
use serde_json::Value;

use super::objects;
use crate::document::Document;
use crate::finding::Finding;
use crate::finding::Severity;
use crate::rules::{Rule, RuleMeta};

pub struct PdbMatchesNothing;

pub static META: RuleMeta = RuleMeta {
    id: "k8s-pdb-matches-nothing",
    summary: "A PodDisruptionBudget selects no workload of its namespace",
    severity: Severity::Medium,
    help: "fix the PDB selector so that it matches the pod template labels of the workload",
    docs: r##"**What**: a `PodDisruptionBudget` whose `selector` matches the pod labels of none of the
workloads the run deploys in its namespace. Namespaces without workloads in the run, or with a
custom resource that an operator turns into pods (a `Prometheus`, a `Rollout`, …), are not checked.

**Why**: the budget protects nothing: drains and upgrades evict all replicas of the workload it
was meant for at once. It usually comes from a typo or a renamed label.

**Fix**:

```yaml
spec:
  maxUnavailable: 1
  selector:
    matchLabels:
      app.kubernetes.io/name: checkout   # as in the workload's template labels
```

**References**: Kubernetes documentation, "Specifying a Disruption Budget for your Application"."##,
    references: &["Kubernetes documentation: Specifying a Disruption Budget for your Application"],
    tags: &["reliability", "correctness", "cross-object"],
    default_enabled: true,
};

impl Rule for PdbMatchesNothing {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_all(&self, docs: &[Document], out: &mut Vec<Finding>) {
        let workloads = objects::WorkloadIndex::new(docs);
        for pdb in docs.iter().filter(|d| d.kind() == "PodDisruptionBudget") {
            let selector = pdb.value.at("/spec/selector");
            if objects::selects_all(selector) {
                continue;
            }
            let ns = objects::namespace(pdb);
            let local = workloads.in_namespace(ns);
            let selector = selector.unwrap_or(&Value::Null);
            if local.is_empty() || workloads.opaque(ns) {
                continue;
            }
            if workloads.selected_by(ns, selector).is_empty() {
                let msg = format!(
                    "PodDisruptionBudget {} selects none of the {} workload(s) of namespace `{ns}`",
                    objects::name(pdb),
                    local.len()
                );
                objects::report(pdb, &META, "/spec/selector", msg, out);
            }
        }
    }
}
