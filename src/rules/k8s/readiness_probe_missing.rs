//! `k8s-readiness-probe-missing`: a long-running container has no readiness probe.

use super::objects;
use crate::document::Document;
use crate::finding::Severity;
use crate::rules::Sink;
use crate::rules::{Rule, RuleMeta};

pub struct ReadinessProbeMissing;

pub static META: RuleMeta = RuleMeta {
    id: "k8s-readiness-probe-missing",
    summary: "A long-running container has no readiness probe",
    severity: Severity::Low,
    help: "add a `readinessProbe` that checks the application's health endpoint",
    docs: r##"**What**: a container of a Deployment, StatefulSet, DaemonSet, ReplicaSet or
ReplicationController without `readinessProbe`. Jobs, CronJobs, bare Pods and init containers are not
checked.

**Why**: Without a readiness probe a pod receives Service traffic as soon as its process starts, before it can serve, and keeps receiving it while it is overloaded or shutting down.

**Fix**:

```yaml
containers:
  - name: app
    readinessProbe:
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

impl Rule for ReadinessProbeMissing {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, sink: &mut Sink<'_>) {
        objects::report_containers_without_probe(doc, sink, "readinessProbe");
    }
}
