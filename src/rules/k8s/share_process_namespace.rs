//! `k8s-share-process-namespace`: containers of a pod share one process namespace.

use serde_json::Value;

use crate::document::{Document, PodSpec};
use crate::finding::Severity;
use crate::rules::Sink;
use crate::rules::{Rule, RuleMeta};

pub struct ShareProcessNamespace;

pub static META: RuleMeta = RuleMeta {
    id: "k8s-share-process-namespace",
    summary: "Containers of a pod share one process namespace",
    severity: Severity::Medium,
    help: "remove `shareProcessNamespace: true` unless a debugging sidecar truly needs it",
    docs: r##"**What**: a pod spec with `shareProcessNamespace: true`.

**Why**: every container then sees the processes of the others, can signal them and can read
their environment and filesystem through `/proc/<pid>/root`, so a compromised sidecar reaches
the secrets of the main container.

**Fix**:

```yaml
spec:
  shareProcessNamespace: false
```

**References**: CIS Kubernetes Benchmark v1.9 5.7.3; NSA/CISA Kubernetes Hardening Guide (Pod security)."##,
    references: &["CIS Kubernetes 5.7.3", "NSA/CISA Kubernetes Hardening Guide: Pod security"],
    tags: &["cis-k8s", "nsa", "security"],
    default_enabled: true,
};

impl Rule for ShareProcessNamespace {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, sink: &mut Sink<'_>) {
        let Some(pod) = PodSpec::of(doc) else { return };
        if pod.get("shareProcessNamespace").and_then(Value::as_bool) == Some(true) {
            sink.report(
                &pod.field("shareProcessNamespace"),
                "the pod's containers share one process namespace",
            );
        }
    }
}
