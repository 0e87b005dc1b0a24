//! `k8s-liveness-probe-missing`: a long-running container has no liveness probe.

use super::objects;
use crate::document::Document;
use crate::finding::Severity;
use crate::rules::Sink;
use crate::rules::{Rule, RuleMeta};

pub struct LivenessProbeMissing;

pub static META: RuleMeta = RuleMeta {
    id: "k8s-liveness-probe-missing",
    summary: "A long-running container has no liveness probe",
    severity: Severity::Low,
    help: "add a `livenessProbe` that checks the application's health endpoint",
    docs: r##"**What**: a container of a Deployment, StatefulSet, DaemonSet, ReplicaSet or
ReplicationController without `livenessProbe`. Jobs, CronJobs, bare Pods and init containers are not
checked.

**Why**: Without a liveness probe a deadlocked or hung process keeps running forever: Kubernetes only restarts containers whose process exits.

**Fix**:

```yaml
containers:
  - name: app
    livenessProbe:
      httpGet:
        path: /healthz
        port: http
      periodSeconds: 10
```

**References**: Kubernetes documentation, "Configure Liveness, Readiness and Startup Probes"."##,
    references: &["Kubernetes documentation: Configure Liveness, Readiness and Startup Probes"],
    tags: &["reliability"],
    default_enabled: true,
};

impl Rule for LivenessProbeMissing {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, sink: &mut Sink<'_>) {
        objects::report_containers_without_probe(doc, sink, "livenessProbe");
    }
}
