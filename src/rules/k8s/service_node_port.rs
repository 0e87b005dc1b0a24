//! `k8s-service-node-port`: a Service is exposed on every node with type NodePort.

use crate::document::Lookup;
use serde_json::Value;

use super::objects;
use crate::document::Document;
use crate::finding::Severity;
use crate::rules::Sink;
use crate::rules::{Rule, RuleMeta};

pub struct ServiceNodePort;

pub static META: RuleMeta = RuleMeta {
    id: "k8s-service-node-port",
    summary: "A Service is exposed on every node with type NodePort",
    severity: Severity::Low,
    help: "use a ClusterIP Service behind an Ingress or a LoadBalancer",
    docs: r##"**What**: a `Service` of `type: NodePort`.

**Why**: a NodePort opens the port on every node of the cluster, bypassing the load balancer's
and the ingress controller's TLS, authentication and rate limits, and exposes node addresses.

**Fix**:

```yaml
spec:
  type: ClusterIP
```

and route external traffic through an Ingress (or a `LoadBalancer` Service).

**References**: NSA/CISA Kubernetes Hardening Guide (Network separation and hardening)."##,
    references: &["NSA/CISA Kubernetes Hardening Guide: Network separation and hardening"],
    tags: &["nsa", "network"],
    default_enabled: true,
};

impl Rule for ServiceNodePort {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, sink: &mut Sink<'_>) {
        if doc.kind() == "Service" && doc.value.at("/spec/type").and_then(Value::as_str) == Some("NodePort") {
            sink.report("/spec/type", format!("Service {} opens a port on every node", objects::name(doc)));
        }
    }
}
