//! `k8s-privileged-container`: containers with `securityContext.privileged: true`.

use super::pod;
use crate::document::Lookup;
use crate::document::{Document, PodSpec};
use crate::finding::Severity;
use crate::rules::{Rule, RuleMeta, Sink};

pub struct PrivilegedContainer;

pub static META: RuleMeta = RuleMeta {
    id: "k8s-privileged-container",
    summary: "A container runs privileged",
    severity: Severity::Critical,
    help: "remove `privileged: true` (or set it to false) and grant only the capabilities the container needs",
    docs: r#"## What it finds

A container, init container or ephemeral container whose `securityContext.privileged` is `true`
(YAML 1.1 spellings such as `yes` and `on` included).

## Why it matters

A privileged container gets every Linux capability, sees all host devices and runs without the
seccomp, AppArmor and SELinux confinement the runtime normally applies. A compromise of such a
container is a compromise of the node. The Pod Security Standards baseline profile forbids it.

## How to fix

Drop the flag and add only the capabilities the workload needs:

```yaml
containers:
  - name: app
    securityContext:
      privileged: false
      allowPrivilegeEscalation: false
      capabilities:
        drop: [ALL]
```

## References

- Kubernetes Pod Security Standards, baseline: Privileged Containers
- CIS Kubernetes Benchmark v1.9, 5.2.2 Minimize the admission of privileged containers
"#,
    references: &["PSS baseline: Privileged Containers", "CIS Kubernetes 5.2.2"],
    tags: &["security", "pss-baseline", "kubernetes"],
    default_enabled: true,
};

impl Rule for PrivilegedContainer {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, sink: &mut Sink<'_>) {
        let Some(spec) = PodSpec::of(doc) else { return };
        for c in spec.containers() {
            if pod::is_true(c.value.at("/securityContext/privileged")) {
                sink.report(
                    &c.field("securityContext/privileged"),
                    format!("{} runs privileged", pod::who(doc, &c)),
                );
            }
        }
    }
}
