//! `k8s-host-process`: Windows HostProcess containers (`windowsOptions.hostProcess: true`).

use super::pod;
use crate::document::{Document, PodSpec};
use crate::finding::Severity;
use crate::rules::{Rule, RuleMeta, Sink};

pub struct HostProcess;

pub static META: RuleMeta = RuleMeta {
    id: "k8s-host-process",
    summary: "A Windows container runs as a HostProcess container",
    severity: Severity::Critical,
    help: "remove `windowsOptions.hostProcess: true` from the pod and container security contexts",
    docs: r#"## What it finds

`securityContext.windowsOptions.hostProcess: true` on the pod or on any container, init container
or ephemeral container.

## Why it matters

A Windows HostProcess container runs directly on the host, in the host's network namespace and
with the privileges of a host user: it is the Windows equivalent of a privileged container and
gives whoever controls the container control of the node. The Pod Security Standards baseline
profile forbids it.

## How to fix

Run the workload as an ordinary Windows container:

```yaml
spec:
  securityContext:
    windowsOptions:
      hostProcess: false
```

Node-management agents that truly need the host belong in a dedicated, exempted namespace.

## References

- Kubernetes Pod Security Standards, baseline: HostProcess
- CIS Kubernetes Benchmark v1.9, 5.2.11 Minimize the admission of Windows HostProcess containers
"#,
    references: &["PSS baseline: HostProcess", "CIS Kubernetes 5.2.11"],
    tags: &["security", "pss-baseline", "kubernetes", "windows"],
    default_enabled: true,
};

impl Rule for HostProcess {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, sink: &mut Sink<'_>) {
        let Some(spec) = PodSpec::of(doc) else { return };
        for site in pod::sites(doc, &spec) {
            if pod::is_true(site.get("windowsOptions/hostProcess")) {
                sink.report(
                    &site.field("windowsOptions/hostProcess"),
                    format!("{} runs as a Windows HostProcess container", site.subject),
                );
            }
        }
    }
}
