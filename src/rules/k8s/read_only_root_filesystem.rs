//! `k8s-read-only-root-filesystem-missing`: a container's root filesystem is writable.

use crate::document::Lookup;
use serde_json::Value;

use crate::document::{Document, PodSpec};
use crate::finding::Severity;
use crate::rules::Sink;
use crate::rules::{Rule, RuleMeta};

pub struct ReadOnlyRootFilesystem;

pub static META: RuleMeta = RuleMeta {
    id: "k8s-read-only-root-filesystem-missing",
    summary: "A container's root filesystem is writable",
    severity: Severity::Medium,
    help: "set `securityContext.readOnlyRootFilesystem: true` and mount an emptyDir where the app writes",
    docs: r##"**What**: a container or init container without `securityContext.readOnlyRootFilesystem: true`.

**Why**: a writable root filesystem lets an attacker drop tools and binaries or modify the
application in place; an immutable container is a cheap and effective hardening.

**Fix**:

```yaml
containers:
  - name: app
    securityContext:
      readOnlyRootFilesystem: true
    volumeMounts:
      - name: tmp
        mountPath: /tmp
volumes:
  - name: tmp
    emptyDir: {}
```

**References**: CIS Kubernetes Benchmark v1.9 5.7.3; NSA/CISA Kubernetes Hardening Guide
("Use immutable container file systems")."##,
    references: &[
        "CIS Kubernetes 5.7.3",
        "NSA/CISA Kubernetes Hardening Guide: Immutable container file systems",
    ],
    tags: &["cis-k8s", "nsa", "security"],
    default_enabled: true,
};

impl Rule for ReadOnlyRootFilesystem {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, sink: &mut Sink<'_>) {
        let Some(pod) = PodSpec::of(doc) else { return };
        for c in pod.containers().filter(|c| c.list != "ephemeralContainers") {
            let value = c.value.at("/securityContext/readOnlyRootFilesystem").and_then(Value::as_bool);
            if value != Some(true) {
                sink.report(
                    &c.field("securityContext/readOnlyRootFilesystem"),
                    format!("container `{}` has a writable root filesystem", c.name()),
                );
            }
        }
    }
}
