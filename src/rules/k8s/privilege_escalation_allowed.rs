//! `k8s-privilege-escalation-allowed`: containers that do not set `allowPrivilegeEscalation: false`.

use super::pod;
use crate::document::Lookup;
use crate::document::{Document, PodSpec};
use crate::finding::Severity;
use crate::rules::{Rule, RuleMeta, Sink};

pub struct PrivilegeEscalationAllowed;

pub static META: RuleMeta = RuleMeta {
    id: "k8s-privilege-escalation-allowed",
    summary: "A container may gain more privileges than its parent process",
    severity: Severity::High,
    help: "set `securityContext.allowPrivilegeEscalation: false` on the container",
    docs: r#"## What it finds

A container, init container or ephemeral container whose `securityContext.allowPrivilegeEscalation`
is not `false`: set to `true`, or missing (Kubernetes then allows escalation). There is no
pod-level field for this control, so every container must set it. Pods with `spec.os.name:
windows` are exempt, as in the Pod Security Standards.

## Why it matters

Unless `no_new_privs` is set (which is what `allowPrivilegeEscalation: false` does), a process in
the container can gain privileges through setuid/setgid binaries or file capabilities, turning a
foothold as an unprivileged user into root inside the container — the first step of most escapes.
The Pod Security Standards restricted profile requires it to be `false`.

## How to fix

```yaml
containers:
  - name: app
    securityContext:
      allowPrivilegeEscalation: false
```

## References

- Kubernetes Pod Security Standards, restricted: Privilege Escalation
- CIS Kubernetes Benchmark v1.9, 5.2.6 Minimize the admission of containers with allowPrivilegeEscalation
"#,
    references: &["PSS restricted: Privilege Escalation", "CIS Kubernetes 5.2.6"],
    tags: &["security", "pss-restricted", "kubernetes"],
    default_enabled: true,
};

impl Rule for PrivilegeEscalationAllowed {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, sink: &mut Sink<'_>) {
        let Some(spec) = PodSpec::of(doc) else { return };
        if pod::is_windows(&spec) {
            return;
        }
        for c in spec.containers() {
            let pointer = c.field("securityContext/allowPrivilegeEscalation");
            match pod::present(c.value.at("/securityContext/allowPrivilegeEscalation")) {
                Some(v) if v.as_bool() == Some(false) => {}
                Some(v) => {
                    sink.report(
                        &pointer,
                        format!(
                            "{} allows privilege escalation (`allowPrivilegeEscalation: {}`)",
                            pod::who(doc, &c),
                            pod::show(v)
                        ),
                    );
                }
                None => {
                    sink.report(
                        &pointer,
                        format!("{} does not set `allowPrivilegeEscalation: false`", pod::who(doc, &c)),
                    );
                }
            }
        }
    }
}
