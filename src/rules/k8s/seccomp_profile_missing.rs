//! `k8s-seccomp-profile-missing`: containers without a RuntimeDefault or Localhost seccomp profile.

use super::pod;
use crate::document::{Document, PodSpec};
use crate::finding::Severity;
use crate::rules::{Rule, RuleMeta, Sink};

pub struct SeccompProfileMissing;

pub static META: RuleMeta = RuleMeta {
    id: "k8s-seccomp-profile-missing",
    summary: "A container has no RuntimeDefault or Localhost seccomp profile",
    severity: Severity::Low,
    help: "set `securityContext.seccompProfile.type: RuntimeDefault` on the pod",
    docs: r#"## What it finds

A container, init container or ephemeral container whose effective seccomp profile — its own
`securityContext.seccompProfile.type`, else the pod's — is not `RuntimeDefault` or `Localhost`.
A missing profile is reported at the container; an unknown type at its value. `Unconfined` is
left to `k8s-seccomp-unconfined`, so it is not reported twice. Pods with `spec.os.name: windows`
are exempt, as in the Pod Security Standards.

## Why it matters

Without a profile, Kubernetes runs containers `Unconfined` unless the kubelet's
`seccompDefault` is on: every system call is allowed, including those most kernel exploits need.
The Pod Security Standards restricted profile requires an explicit profile.

## How to fix

Set it once on the pod:

```yaml
spec:
  securityContext:
    seccompProfile:
      type: RuntimeDefault
```

## References

- Kubernetes Pod Security Standards, restricted: Seccomp
- CIS Kubernetes Benchmark v1.9, 5.7.2 Ensure that the seccomp profile is set to docker/default in
  your Pod definitions
"#,
    references: &["PSS restricted: Seccomp", "CIS Kubernetes 5.7.2"],
    tags: &["security", "pss-restricted", "kubernetes", "seccomp"],
    default_enabled: true,
};

impl Rule for SeccompProfileMissing {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, sink: &mut Sink<'_>) {
        let Some(spec) = PodSpec::of(doc) else { return };
        if pod::is_windows(&spec) {
            return;
        }
        for c in spec.containers() {
            match pod::effective(&spec, &c, "seccompProfile/type") {
                Some(e) => match e.value.as_str() {
                    Some("RuntimeDefault" | "Localhost" | "Unconfined") => {}
                    _ => {
                        sink.report(
                            &e.pointer,
                            format!(
                                "{} has seccomp profile type `{}`",
                                pod::who(doc, &c),
                                pod::show(e.value)
                            ),
                        );
                    }
                },
                None => {
                    sink.report(
                        &c.field("securityContext/seccompProfile/type"),
                        format!("{} has no seccomp profile, nor does its pod", pod::who(doc, &c)),
                    );
                }
            }
        }
    }
}
