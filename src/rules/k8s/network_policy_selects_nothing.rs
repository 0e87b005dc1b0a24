//! `k8s-network-policy-selects-nothing`: a NetworkPolicy selects no pod of its namespace.

use crate::document::Lookup;
use serde_json::Value;

use super::objects;
use crate::document::Document;
use crate::finding::Finding;
use crate::finding::Severity;
use crate::rules::{Rule, RuleMeta};

pub struct NetworkPolicySelectsNothing;

pub static META: RuleMeta = RuleMeta {
    id: "k8s-network-policy-selects-nothing",
    summary: "A NetworkPolicy selects no pod of its namespace",
    severity: Severity::Medium,
    help: "fix the podSelector labels so that they match the pod template labels of the workload",
    docs: r##"**What**: a `NetworkPolicy` whose `podSelector` matches the pod labels of none of the workloads
the run deploys in its namespace. Namespaces where the run deploys no workload, or holds a custom
resource that an operator turns into pods (a `Prometheus`, a `Rollout`, …), are not checked, and an
empty `podSelector: {}` selects every pod.

**Why**: a policy that selects nothing isolates nothing: it usually means a typo or a renamed
label, and the workload it was meant to protect is open to the whole cluster.

**Fix**: align the selector with the pod template's labels.

```yaml
spec:
  podSelector:
    matchLabels:
      app.kubernetes.io/name: checkout   # as in the Deployment's template.metadata.labels
```

**References**: CIS Kubernetes Benchmark v1.9 5.3.2."##,
    references: &["CIS Kubernetes 5.3.2"],
    tags: &["cis-k8s", "network", "correctness", "cross-object"],
    default_enabled: true,
};

impl Rule for NetworkPolicySelectsNothing {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_all(&self, docs: &[Document], out: &mut Vec<Finding>) {
        let workloads = objects::WorkloadIndex::new(docs);
        for doc in docs.iter().filter(|d| d.kind() == "NetworkPolicy") {
            let selector = doc.value.at("/spec/podSelector");
            if objects::selects_all(selector) {
                continue;
            }
            let ns = objects::namespace(doc);
            let local = workloads.in_namespace(ns);
            if local.is_empty() || workloads.opaque(ns) {
                continue;
            }
            let selector = selector.unwrap_or(&Value::Null);
            if workloads.selected_by(ns, selector).is_empty() {
                let msg = format!(
                    "NetworkPolicy {} selects none of the {} workload(s) of namespace `{ns}`",
                    objects::name(doc),
                    local.len()
                );
                objects::report(doc, &META, "/spec/podSelector", msg, out);
            }
        }
    }
}
