//! `k8s-host-pid`: pods that share the host's PID namespace (`hostPID: true`).

use super::pod;
use crate::document::Document;
use crate::finding::Severity;
use crate::rules::{Rule, RuleMeta, Sink};

pub struct HostPid;

pub static META: RuleMeta = RuleMeta {
    id: "k8s-host-pid",
    summary: "A pod shares the host's PID namespace",
    severity: Severity::High,
    help: "remove `hostPID: true` from the pod spec",
    docs: r#"## What it finds

A pod spec (of a Pod or of any workload's pod template) with `hostPID: true`.

## Why it matters

With the host's PID namespace the pod sees every process of the node, including those of other pods; with ptrace or the right capabilities it can read their memory and environment (secrets) or signal them, and `/proc/<pid>/root` exposes their file systems. The Pod Security Standards baseline profile forbids sharing any host namespace.

## How to fix

Remove the field or set it to `false`:

```yaml
spec:
  hostPID: false
```

## References

- Kubernetes Pod Security Standards, baseline: Host Namespaces
- CIS Kubernetes Benchmark v1.9, 5.2.3 Minimize the admission of containers wishing to share the host process ID namespace
"#,
    references: &["PSS baseline: Host Namespaces", "CIS Kubernetes 5.2.3"],
    tags: &["security", "pss-baseline", "kubernetes"],
    default_enabled: true,
};

impl Rule for HostPid {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, sink: &mut Sink<'_>) {
        pod::host_namespace(doc, sink, "hostPID", "PID");
    }
}
