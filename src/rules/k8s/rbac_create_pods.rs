//! `k8s-rbac-create-pods`: a role can create Pods.

use super::objects;
use crate::document::Document;
use crate::finding::Severity;
use crate::rules::Sink;
use crate::rules::{Rule, RuleMeta};

pub struct RbacCreatePods;

pub static META: RuleMeta = RuleMeta {
    id: "k8s-rbac-create-pods",
    summary: "A role can create Pods",
    severity: Severity::Medium,
    help: "let a controller create pods; do not grant `create` on pods to people or apps",
    docs: r##"**What**: a `Role` or `ClusterRole` granting `create` (or `*`) on `pods`.

**Why**: whoever can create a pod can run any image with any service account of the namespace
and mount its Secrets, which is a privilege escalation path.

**Fix**: remove the permission; deploy through workloads managed by a CD system.

```yaml
rules:
  - apiGroups: [""]
    resources: ["pods"]
    verbs: ["get", "list", "watch"]
```

**References**: CIS Kubernetes Benchmark v1.9 5.1.4."##,
    references: &["CIS Kubernetes 5.1.4"],
    tags: &["cis-k8s", "rbac", "security"],
    default_enabled: true,
};

impl Rule for RbacCreatePods {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, _doc: &Document, sink: &mut Sink<'_>) {
        objects::check_grant(sink, "", "pods", &["create"], "creating Pods");
    }
}
