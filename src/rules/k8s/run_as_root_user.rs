//! `k8s-run-as-root-user`: pods or containers that explicitly run as UID 0.

use super::pod;
use crate::document::{Document, PodSpec};
use crate::finding::Severity;
use crate::rules::{Rule, RuleMeta, Sink};

pub struct RunAsRootUser;

pub static META: RuleMeta = RuleMeta {
    id: "k8s-run-as-root-user",
    summary: "A pod or container runs as user 0 (root)",
    severity: Severity::Medium,
    help: "set `runAsUser` to a non-zero UID (and `runAsNonRoot: true`)",
    docs: r#"## What it finds

`securityContext.runAsUser: 0` on the pod or on any container, init container or ephemeral
container.

## Why it matters

UID 0 inside the container is root on the node's kernel: any escape (a kernel bug, a writable
host mount, a leaked runtime socket) yields root on the node, and files written to shared
volumes are owned by root. The Pod Security Standards restricted profile forbids `runAsUser: 0`
at either level.

## How to fix

```yaml
spec:
  securityContext:
    runAsNonRoot: true
    runAsUser: 10001
    runAsGroup: 10001
```

## References

- Kubernetes Pod Security Standards, restricted: Running as Non-root user
- CIS Kubernetes Benchmark v1.9, 5.2.7 Minimize the admission of root containers
"#,
    references: &["PSS restricted: Running as Non-root user", "CIS Kubernetes 5.2.7"],
    tags: &["security", "pss-restricted", "kubernetes"],
    default_enabled: true,
};

impl Rule for RunAsRootUser {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, sink: &mut Sink<'_>) {
        let Some(spec) = PodSpec::of(doc) else { return };
        for site in pod::sites(doc, &spec) {
            if site.get("runAsUser").and_then(|v| v.as_i64()) == Some(0) {
                sink.report(&site.field("runAsUser"), format!("{} runs as user 0 (root)", site.subject));
            }
        }
    }
}
