//! `k8s-host-port`: container ports bound to a port of the node (`hostPort`).

use super::pod;
use crate::document::{Document, PodSpec};
use crate::finding::Severity;
use crate::rules::{Rule, RuleMeta, Sink};

pub struct HostPort;

pub static META: RuleMeta = RuleMeta {
    id: "k8s-host-port",
    summary: "A container binds a port of the node (hostPort)",
    severity: Severity::Medium,
    help: "remove `hostPort` and expose the port through a Service",
    docs: r#"## What it finds

An item of a container's `ports` with a non-zero `hostPort` (init and ephemeral containers
included).

## Why it matters

A host port opens the container on the node's own addresses, bypassing Services and, with most
network plugins, NetworkPolicies. It also ties the pod to nodes where the port is free, so a
rollout can get stuck. The Pod Security Standards baseline profile forbids host ports.

## How to fix

Remove `hostPort` and put a Service (ClusterIP, NodePort or LoadBalancer) in front of the pod:

```yaml
ports:
  - name: http
    containerPort: 8080
```

## References

- Kubernetes Pod Security Standards, baseline: Host Ports
- CIS Kubernetes Benchmark v1.9, 5.2.13 Minimize the admission of containers which use HostPorts
"#,
    references: &["PSS baseline: Host Ports", "CIS Kubernetes 5.2.13"],
    tags: &["security", "pss-baseline", "kubernetes", "network"],
    default_enabled: true,
};

impl Rule for HostPort {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, sink: &mut Sink<'_>) {
        let Some(spec) = PodSpec::of(doc) else { return };
        for c in spec.containers() {
            for (i, port) in pod::items(c.value.get("ports")).iter().enumerate() {
                let Some(host_port) = pod::present(port.get("hostPort")) else { continue };
                if host_port.as_i64() == Some(0) {
                    continue;
                }
                sink.report(
                    &c.field(&format!("ports/{i}/hostPort")),
                    format!("{} binds host port {}", pod::who(doc, &c), pod::show(host_port)),
                );
            }
        }
    }
}
