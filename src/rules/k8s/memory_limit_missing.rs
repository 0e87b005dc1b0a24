//! `k8s-memory-limit-missing`: a container has no memory limit.

use crate::document::Document;
use crate::finding::Severity;
use crate::rules::Sink;
use crate::rules::k8s::objects;
use crate::rules::{Rule, RuleMeta};

pub struct MemoryLimitMissing;

pub static META: RuleMeta = RuleMeta {
    id: "k8s-memory-limit-missing",
    summary: "A container has no memory limit",
    severity: Severity::Medium,
    help: "set `resources.limits.memory` on every container",
    docs: r##"**What**: a container or init container without `resources.limits.memory`.

**Why**: A container without a memory limit can consume all memory of the node (a leak or a denial of service), triggering the OOM killer for its neighbours.

**Fix**:

```yaml
containers:
  - name: app
    resources:
      requests:
        cpu: 100m
        memory: 128Mi
      limits:
        memory: 256Mi
```

**References**: NSA/CISA Kubernetes Hardening Guide (Resource policies); Kubernetes documentation,
"Resource Management for Pods and Containers"."##,
    references: &["NSA/CISA Kubernetes Hardening Guide: Resource policies"],
    tags: &["nsa", "reliability"],
    default_enabled: true,
};

impl Rule for MemoryLimitMissing {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, sink: &mut Sink<'_>) {
        objects::report_containers_without(doc, sink, "resources/limits/memory", "memory limit");
    }
}
