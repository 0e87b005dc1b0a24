//! `k8s-probes-identical`: a container's liveness and readiness probes are identical.

use crate::document::{Document, PodSpec};
use crate::finding::Severity;
use crate::rules::Sink;
use crate::rules::{Rule, RuleMeta};

pub struct ProbesIdentical;

pub static META: RuleMeta = RuleMeta {
    id: "k8s-probes-identical",
    summary: "A container's liveness and readiness probes are identical",
    severity: Severity::Medium,
    help: "make the liveness probe more tolerant (a cheaper endpoint, a higher failureThreshold) than the readiness probe",
    docs: r##"**What**: a container whose `livenessProbe` equals its `readinessProbe`.

**Why**: readiness failures should take a pod out of rotation; liveness failures restart it.
When both are the same check, a pod that is temporarily overloaded or waiting on a dependency
is restarted instead of being given time, which turns a slowdown into a cascading outage.

**Fix**:

```yaml
livenessProbe:
  httpGet: {path: /livez, port: http}
  failureThreshold: 6
readinessProbe:
  httpGet: {path: /readyz, port: http}
```

**References**: Kubernetes documentation, "Configure Liveness, Readiness and Startup Probes"."##,
    references: &["Kubernetes documentation: Configure Liveness, Readiness and Startup Probes"],
    tags: &["reliability"],
    default_enabled: true,
};

impl Rule for ProbesIdentical {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, sink: &mut Sink<'_>) {
        let Some(pod) = PodSpec::of(doc) else { return };
        for c in pod.containers() {
            if let (Some(l), Some(r)) = (c.value.get("livenessProbe"), c.value.get("readinessProbe"))
                && l == r
                && !l.is_null()
            {
                sink.report_key(
                    &c.field("livenessProbe"),
                    format!("container `{}` uses the same check for liveness and readiness", c.name()),
                );
            }
        }
    }
}
