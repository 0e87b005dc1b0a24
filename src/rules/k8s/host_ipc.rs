//! `k8s-host-ipc`: pods that share the host's IPC namespace (`hostIPC: true`).

use super::pod;
use crate::document::Document;
use crate::finding::Severity;
use crate::rules::{Rule, RuleMeta, Sink};

pub struct HostIpc;

pub static META: RuleMeta = RuleMeta {
    id: "k8s-host-ipc",
    summary: "A pod shares the host's IPC namespace",
    severity: Severity::High,
    help: "remove `hostIPC: true` from the pod spec",
    docs: r#"## What it finds

A pod spec (of a Pod or of any workload's pod template) with `hostIPC: true`.

## Why it matters

With the host's IPC namespace the pod can read and write the System V shared memory and message queues of every process of the node, including other pods', which leaks data and allows tampering with them. The Pod Security Standards baseline profile forbids sharing any host namespace.

## How to fix

Remove the field or set it to `false`:

```yaml
spec:
  hostIPC: false
```

## References

- Kubernetes Pod Security Standards, baseline: Host Namespaces
- CIS Kubernetes Benchmark v1.9, 5.2.4 Minimize the admission of containers wishing to share the host IPC namespace
"#,
    references: &["PSS baseline: Host Namespaces", "CIS Kubernetes 5.2.4"],
    tags: &["security", "pss-baseline", "kubernetes"],
    default_enabled: true,
};

impl Rule for HostIpc {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, sink: &mut Sink<'_>) {
        pod::host_namespace(doc, sink, "hostIPC", "IPC");
    }
}
