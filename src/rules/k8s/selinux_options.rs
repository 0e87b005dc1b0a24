//! `k8s-selinux-options`: SELinux options that escape the container SELinux domains.

use super::pod;
use crate::document::{Document, PodSpec};
use crate::finding::Severity;
use crate::rules::{Rule, RuleMeta, Sink};

pub struct SelinuxOptions;

/// SELinux types the Pod Security Standards baseline profile allows.
pub const ALLOWED_TYPES: &[&str] =
    &["container_t", "container_init_t", "container_kvm_t", "container_engine_t"];

pub static META: RuleMeta = RuleMeta {
    id: "k8s-selinux-options",
    summary: "A pod or container sets a custom SELinux user, role or type",
    severity: Severity::Medium,
    help: "remove `seLinuxOptions.user`/`role` and use a container_* type (or none)",
    docs: r#"## What it finds

`securityContext.seLinuxOptions` on the pod or on any container, init container or ephemeral
container that sets:

- a `type` other than `container_t`, `container_init_t`, `container_kvm_t` or `container_engine_t`;
- a `user` or a `role` at all.

## Why it matters

SELinux confines containers to the `container_t` domain, which cannot touch the node's files or
other containers' data. A type such as `spc_t` ("super privileged container") or `unconfined_t`
turns that confinement off, and a custom user or role can grant more than the container domain.
The Pod Security Standards baseline profile allows only the container types and no user or role.

## How to fix

Leave SELinux labelling to the runtime, or set only the level (MCS categories):

```yaml
securityContext:
  seLinuxOptions:
    level: "s0:c123,c456"
```

## References

- Kubernetes Pod Security Standards, baseline: SELinux
- CIS Kubernetes Benchmark v1.9, 5.7.3 Apply Security Context to Your Pods and Containers
"#,
    references: &["PSS baseline: SELinux", "CIS Kubernetes 5.7.3"],
    tags: &["security", "pss-baseline", "kubernetes", "selinux"],
    default_enabled: true,
};

impl Rule for SelinuxOptions {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, sink: &mut Sink<'_>) {
        let Some(spec) = PodSpec::of(doc) else { return };
        for site in pod::sites(doc, &spec) {
            for field in ["type", "user", "role"] {
                let path = format!("seLinuxOptions/{field}");
                let Some(value) = site.get(&path) else { continue };
                let text = value.as_str().unwrap_or("");
                let allowed = text.is_empty() || (field == "type" && ALLOWED_TYPES.contains(&text));
                if !allowed {
                    sink.report(
                        &site.field(&path),
                        format!("{} sets SELinux {field} `{}`", site.subject, pod::show(value)),
                    );
                }
            }
        }
    }
}
