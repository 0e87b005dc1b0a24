//! `k8s-namespace-without-network-policy`: a namespace runs workloads but has no NetworkPolicy.

use std::collections::{BTreeMap, BTreeSet};

use super::objects;
use crate::document::Document;
use crate::finding::Finding;
use crate::finding::Severity;
use crate::rules::{Rule, RuleMeta};

pub struct NamespaceWithoutNetworkPolicy;

pub static META: RuleMeta = RuleMeta {
    id: "k8s-namespace-without-network-policy",
    summary: "A namespace runs workloads but has no NetworkPolicy",
    severity: Severity::Medium,
    help: "add a default-deny NetworkPolicy to the namespace, then allow the flows each workload needs",
    docs: r##"**What**: a namespace in which the run deploys workloads (Deployments, StatefulSets, Pods, …)
but defines no `NetworkPolicy`. This is a cross-object check over every document of the run;
the finding points at the `Namespace` object when the run defines it, else at the first
workload of the namespace.

**Why**: without a NetworkPolicy every pod accepts traffic from every other pod of the cluster,
so one compromised workload can reach databases and internal APIs of all others.

**Fix**: start from a default deny and allow what is needed.

```yaml
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny
  namespace: shop
spec:
  podSelector: {}
  policyTypes: ["Ingress", "Egress"]
```

**References**: CIS Kubernetes Benchmark v1.9 5.3.2; NSA/CISA Kubernetes Hardening Guide (Network separation)."##,
    references: &[
        "CIS Kubernetes 5.3.2",
        "NSA/CISA Kubernetes Hardening Guide: Network separation and hardening",
    ],
    tags: &["cis-k8s", "nsa", "network", "cross-object"],
    default_enabled: true,
};

impl Rule for NamespaceWithoutNetworkPolicy {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_all(&self, docs: &[Document], out: &mut Vec<Finding>) {
        let covered: BTreeSet<&str> =
            docs.iter().filter(|d| d.kind() == "NetworkPolicy").map(objects::namespace).collect();
        let mut uncovered: BTreeMap<&str, Vec<objects::Workload<'_>>> = BTreeMap::new();
        for w in objects::workloads(docs) {
            if !covered.contains(w.namespace()) {
                uncovered.entry(w.namespace()).or_default().push(w);
            }
        }
        for (ns, list) in uncovered {
            let names: Vec<String> = list.iter().take(3).map(|w| w.display()).collect();
            let more = if list.len() > 3 { format!(" and {} more", list.len() - 3) } else { String::new() };
            let msg = format!(
                "namespace `{ns}` runs {} ({}{more}) but no NetworkPolicy in this run applies to it",
                if list.len() == 1 { "1 workload".to_string() } else { format!("{} workloads", list.len()) },
                names.join(", ")
            );
            let namespace_doc = docs.iter().find(|d| {
                d.kind() == "Namespace"
                    && d.object.as_ref().is_some_and(|o| o.api_version == "v1")
                    && objects::name(d) == ns
            });
            match (namespace_doc, list.first()) {
                (Some(doc), _) => objects::report(doc, &META, "/metadata/name", msg, out),
                (None, Some(w)) => objects::report(w.doc, &META, "/metadata/namespace", msg, out),
                (None, None) => {}
            }
        }
    }
}
