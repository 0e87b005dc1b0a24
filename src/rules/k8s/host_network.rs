//! `k8s-host-network`: pods that share the host's network namespace (`hostNetwork: true`).

use super::pod;
use crate::document::Document;
use crate::finding::Severity;
use crate::rules::{Rule, RuleMeta, Sink};

pub struct HostNetwork;

pub static META: RuleMeta = RuleMeta {
    id: "k8s-host-network",
    summary: "A pod shares the host's network namespace",
    severity: Severity::High,
    help: "remove `hostNetwork: true` from the pod spec",
    docs: r#"## What it finds

A pod spec (of a Pod or of any workload's pod template) with `hostNetwork: true`.

## Why it matters

With the host's network namespace the pod sees every interface of the node, can bind any of its ports, sniff traffic of other pods on the node and reach services that listen only on localhost (the kubelet's read-only port, node-local agents, cloud metadata proxies). NetworkPolicies do not apply to it. The Pod Security Standards baseline profile forbids sharing any host namespace.

## How to fix

Remove the field or set it to `false`:

```yaml
spec:
  hostNetwork: false
```

## References

- Kubernetes Pod Security Standards, baseline: Host Namespaces
- CIS Kubernetes Benchmark v1.9, 5.2.5 Minimize the admission of containers wishing to share the host network namespace
"#,
    references: &["PSS baseline: Host Namespaces", "CIS Kubernetes 5.2.5"],
    tags: &["security", "pss-baseline", "kubernetes"],
    default_enabled: true,
};

impl Rule for HostNetwork {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, sink: &mut Sink<'_>) {
        pod::host_namespace(doc, sink, "hostNetwork", "network");
    }
}
