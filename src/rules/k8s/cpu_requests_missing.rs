//! `k8s-cpu-requests-missing`: a container has no CPU request.

use crate::document::Document;
use crate::finding::Severity;
use crate::rules::Sink;
use crate::rules::k8s::objects;
use crate::rules::{Rule, RuleMeta};

pub struct CpuRequestsMissing;

pub static META: RuleMeta = RuleMeta {
    id: "k8s-cpu-requests-missing",
    summary: "A container has no CPU request",
    severity: Severity::Low,
    help: "set `resources.requests.cpu` on every container",
    docs: r##"**What**: a container or init container without `resources.requests.cpu`.

**Why**: The scheduler places pods by their requests. Without a CPU request the pod may land on a saturated node and is the first to be starved under contention (BestEffort/Burstable QoS).

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

impl Rule for CpuRequestsMissing {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, sink: &mut Sink<'_>) {
        objects::report_containers_without(doc, sink, "resources/requests/cpu", "cpu request");
    }
}
