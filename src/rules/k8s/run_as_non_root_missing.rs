//! `k8s-run-as-non-root-missing`: containers not required to run as a non-root user.

use super::pod;
use crate::document::{Document, PodSpec};
use crate::finding::Severity;
use crate::rules::{Rule, RuleMeta, Sink};

pub struct RunAsNonRootMissing;

pub static META: RuleMeta = RuleMeta {
    id: "k8s-run-as-non-root-missing",
    summary: "A container is not required to run as a non-root user",
    severity: Severity::Medium,
    help: "set `securityContext.runAsNonRoot: true` on the pod (or on every container)",
    docs: r#"## What it finds

A container, init container or ephemeral container for which neither its own
`securityContext.runAsNonRoot` nor the pod's is `true`. A container setting `runAsNonRoot: false`
overrides a pod-level `true`, and is reported at its own value; a pod-level `false` is reported
at the pod's value (even when every container overrides it, as the Pod Security Standards
forbid it); when nothing is set the finding points at the container.

## Why it matters

With `runAsNonRoot: true` the kubelet refuses to start a container whose user is root (UID 0),
whatever the image says. Many images default to root; a process running as root inside the
container is one kernel bug or one misconfigured mount away from root on the node. The Pod
Security Standards restricted profile requires it.

## How to fix

Set it once for the whole pod, and make sure the image has a non-root user (or set one):

```yaml
spec:
  securityContext:
    runAsNonRoot: true
    runAsUser: 10001
```

## References

- Kubernetes Pod Security Standards, restricted: Running as Non-root
- CIS Kubernetes Benchmark v1.9, 5.2.7 Minimize the admission of root containers
"#,
    references: &["PSS restricted: Running as Non-root", "CIS Kubernetes 5.2.7"],
    tags: &["security", "pss-restricted", "kubernetes"],
    default_enabled: true,
};

impl Rule for RunAsNonRootMissing {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, sink: &mut Sink<'_>) {
        let Some(spec) = PodSpec::of(doc) else { return };
        let mut pod_value_reported = false;
        for c in spec.containers() {
            match pod::effective(&spec, &c, "runAsNonRoot") {
                Some(e) if pod::is_true(Some(e.value)) => {}
                Some(e) if e.pod_level => {
                    pod_value_reported = true;
                    sink.report(
                        &e.pointer,
                        format!(
                            "{} may run as root: the pod sets `runAsNonRoot: {}`",
                            pod::who(doc, &c),
                            pod::show(e.value)
                        ),
                    );
                }
                Some(e) => {
                    sink.report(
                        &e.pointer,
                        format!("{} sets `runAsNonRoot: {}`", pod::who(doc, &c), pod::show(e.value)),
                    );
                }
                None => {
                    sink.report(
                        &c.field("securityContext/runAsNonRoot"),
                        format!("{} does not set `runAsNonRoot: true`, nor does its pod", pod::who(doc, &c)),
                    );
                }
            }
        }
        // A pod-level `false` is forbidden even when every container overrides it.
        let pod_value = pod::present(spec.get("securityContext/runAsNonRoot"));
        if let Some(v) = pod_value.filter(|v| !pod::is_true(Some(v)) && !pod_value_reported) {
            sink.report(
                &spec.field("securityContext/runAsNonRoot"),
                format!("the pod of {} sets `runAsNonRoot: {}`", pod::object(doc), pod::show(v)),
            );
        }
    }
}
