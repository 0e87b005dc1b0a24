//! `k8s-seccomp-unconfined`: pods or containers that turn seccomp off (`seccompProfile.type: Unconfined`).

use super::pod;
use crate::document::{Document, PodSpec};
use crate::finding::Severity;
use crate::rules::{Rule, RuleMeta, Sink};

pub struct SeccompUnconfined;

pub static META: RuleMeta = RuleMeta {
    id: "k8s-seccomp-unconfined",
    summary: "A pod or container runs with seccomp disabled (Unconfined)",
    severity: Severity::Medium,
    help: "set `seccompProfile.type: RuntimeDefault` (or `Localhost`) instead of `Unconfined`",
    docs: r#"## What it finds

`securityContext.seccompProfile.type: Unconfined` on the pod or on any container, init
container or ephemeral container.

## Why it matters

Seccomp filters the system calls a container may make. The runtime default profile blocks
rarely needed, dangerous calls (`unshare`, `mount`, `keyctl`, `bpf`...) that many kernel
exploits and container escapes depend on. `Unconfined` removes the filter. The Pod Security
Standards baseline profile forbids it (the restricted profile additionally requires a profile to
be set, see `k8s-seccomp-profile-missing`).

## How to fix

```yaml
spec:
  securityContext:
    seccompProfile:
      type: RuntimeDefault
```

If a workload needs a syscall the default profile blocks, write a `Localhost` profile that
allows just that call.

## References

- Kubernetes Pod Security Standards, baseline: Seccomp
- CIS Kubernetes Benchmark v1.9, 5.7.2 Ensure that the seccomp profile is set to docker/default in
  your Pod definitions
"#,
    references: &["PSS baseline: Seccomp", "CIS Kubernetes 5.7.2"],
    tags: &["security", "pss-baseline", "kubernetes", "seccomp"],
    default_enabled: true,
};

impl Rule for SeccompUnconfined {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, sink: &mut Sink<'_>) {
        let Some(spec) = PodSpec::of(doc) else { return };
        for site in pod::sites(doc, &spec) {
            if site.get("seccompProfile/type").and_then(|v| v.as_str()) == Some("Unconfined") {
                sink.report(
                    &site.field("seccompProfile/type"),
                    format!("{} runs with seccomp profile `Unconfined`", site.subject),
                );
            }
        }
    }
}
