//! `k8s-memory-requests-missing`: a container has no memory request.

use crate::document::Document;
use crate::finding::Severity;
use crate::rules::Sink;
use crate::rules::k8s::objects;
use crate::rules::{Rule, RuleMeta};

pub struct MemoryRequestsMissing;

pub static META: RuleMeta = RuleMeta {
    id: "k8s-memory-requests-missing",
    summary: "A container has no memory request",
    severity: Severity::Medium,
    help: "set `resources.requests.memory` on every container",
    docs: r##"**What**: a container or init container without `resources.requests.memory`.

**Why**: Without a memory request the scheduler assumes the pod needs none and overcommits the node; under memory pressure the kubelet evicts such pods first.

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

impl Rule for MemoryRequestsMissing {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, sink: &mut Sink<'_>) {
        objects::report_containers_without(doc, sink, "resources/requests/memory", "memory request");
    }
}
