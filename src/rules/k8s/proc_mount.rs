//! `k8s-proc-mount`: containers that ask for an unmasked `/proc` (`procMount` other than `Default`).

use super::pod;
use crate::document::Lookup;
use crate::document::{Document, PodSpec};
use crate::finding::Severity;
use crate::rules::{Rule, RuleMeta, Sink};

pub struct ProcMount;

pub static META: RuleMeta = RuleMeta {
    id: "k8s-proc-mount",
    summary: "A container uses a non-default /proc mount",
    severity: Severity::Medium,
    help: "remove `procMount` or set it to `Default`",
    docs: r#"## What it finds

A container, init container or ephemeral container whose `securityContext.procMount` is set to
anything but `Default` (in practice `Unmasked`).

## Why it matters

By default the runtime masks and makes read-only the sensitive parts of `/proc` and `/sys`
(`/proc/kcore`, `/proc/sys`, `/sys/firmware`...). `Unmasked` exposes them, which leaks
information about the node and other workloads and widens the kernel attack surface. The Pod
Security Standards baseline profile requires the default mount.

## How to fix

```yaml
securityContext:
  procMount: Default
```

(or remove the field).

## References

- Kubernetes Pod Security Standards, baseline: /proc Mount Type
- CIS Kubernetes Benchmark v1.9, 5.7.3 Apply Security Context to Your Pods and Containers
"#,
    references: &["PSS baseline: /proc Mount Type", "CIS Kubernetes 5.7.3"],
    tags: &["security", "pss-baseline", "kubernetes"],
    default_enabled: true,
};

impl Rule for ProcMount {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, sink: &mut Sink<'_>) {
        let Some(spec) = PodSpec::of(doc) else { return };
        for c in spec.containers() {
            let Some(value) = pod::present(c.value.at("/securityContext/procMount")) else { continue };
            if value.as_str() != Some("Default") {
                sink.report(
                    &c.field("securityContext/procMount"),
                    format!("{} uses procMount `{}`", pod::who(doc, &c), pod::show(value)),
                );
            }
        }
    }
}
