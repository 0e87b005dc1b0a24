//! `k8s-exposed-workload-not-isolated`: a Service or Ingress exposes a workload that no NetworkPolicy isolates.

use crate::document::Lookup;
use serde_json::Value;

use super::objects;
use crate::document::Document;
use crate::finding::Finding;
use crate::finding::Severity;
use crate::rules::{Rule, RuleMeta};

pub struct ExposedWorkloadNotIsolated;

pub static META: RuleMeta = RuleMeta {
    id: "k8s-exposed-workload-not-isolated",
    summary: "A Service or Ingress exposes a workload that no NetworkPolicy isolates",
    severity: Severity::Medium,
    help: "add a NetworkPolicy with policyTypes Ingress that selects the workload and allows only the expected sources",
    docs: r##"**What**: a `Service` of type `LoadBalancer` or `NodePort`, or a Service used as an `Ingress`
backend, whose selector matches a workload that no `NetworkPolicy` of its namespace isolates
for ingress (a policy isolates a pod for ingress when its `podSelector` matches the pod and its
`policyTypes` include `Ingress`, or omit `policyTypes`). The finding points at the Service's
selector and names the workload.

**Why**: exposed workloads are the entry points of an attack; if they are not isolated, a
compromise of the exposed pod is not contained, and every other pod can also reach it directly.

**Fix**:

```yaml
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: frontend
  namespace: shop
spec:
  podSelector:
    matchLabels:
      app: frontend
  policyTypes: ["Ingress"]
  ingress:
    - ports:
        - port: 8080
```

**References**: CIS Kubernetes Benchmark v1.9 5.3.2; NSA/CISA Kubernetes Hardening Guide (Network separation)."##,
    references: &[
        "CIS Kubernetes 5.3.2",
        "NSA/CISA Kubernetes Hardening Guide: Network separation and hardening",
    ],
    tags: &["cis-k8s", "nsa", "network", "cross-object"],
    default_enabled: true,
};

impl Rule for ExposedWorkloadNotIsolated {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_all(&self, docs: &[Document], out: &mut Vec<Finding>) {
        let workloads = objects::WorkloadIndex::new(docs);
        let ingress_backends = objects::ingress_backends(docs);
        let policies = objects::by_namespace(docs.iter().filter(|d| d.kind() == "NetworkPolicy"));
        for svc in docs.iter().filter(|d| d.kind() == "Service") {
            let ns = objects::namespace(svc);
            let name = objects::name(svc);
            let svc_type = svc.value.at("/spec/type").and_then(Value::as_str).unwrap_or("ClusterIP");
            let how = if matches!(svc_type, "LoadBalancer" | "NodePort") {
                format!("type {svc_type}")
            } else if ingress_backends.contains(&(ns, name)) {
                "an Ingress backend".to_string()
            } else {
                continue;
            };
            let Some(selector) = svc.value.at("/spec/selector").and_then(Value::as_object) else {
                continue;
            };
            for w in workloads.selected_by_map(ns, selector) {
                let isolated = policies.get(ns).into_iter().flatten().any(|p| {
                    let selector = p.value.at("/spec/podSelector").unwrap_or(&Value::Null);
                    objects::isolates_ingress(p) && objects::label_selector_matches(selector, w.labels)
                });
                if !isolated {
                    let msg = format!(
                        "Service {name} ({how}) exposes {}, which no NetworkPolicy isolates for ingress",
                        w.display()
                    );
                    objects::report(svc, &META, "/spec/selector", msg, out);
                }
            }
        }
    }
}
