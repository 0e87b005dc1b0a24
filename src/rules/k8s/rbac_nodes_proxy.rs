//! `k8s-rbac-nodes-proxy`: a role can use the nodes/proxy subresource.

use super::objects;
use crate::document::Document;
use crate::finding::Severity;
use crate::rules::Sink;
use crate::rules::{Rule, RuleMeta};

pub struct RbacNodesProxy;

pub static META: RuleMeta = RuleMeta {
    id: "k8s-rbac-nodes-proxy",
    summary: "A role can use the nodes/proxy subresource",
    severity: Severity::High,
    help: "remove access to `nodes/proxy`; use the metrics API or `nodes/metrics` instead",
    docs: r##"**What**: a `Role` or `ClusterRole` granting any verb on `nodes/proxy`.

**Why**: `nodes/proxy` gives direct access to the kubelet API, which can run commands in any
container of the node, bypassing audit logging and admission control.

**Fix**: grant `nodes/metrics` or `nodes/stats` for monitoring instead.

```yaml
rules:
  - apiGroups: [""]
    resources: ["nodes/metrics"]
```

**References**: CIS Kubernetes Benchmark v1.9 5.1.10."##,
    references: &["CIS Kubernetes 5.1.10"],
    tags: &["cis-k8s", "rbac", "security"],
    default_enabled: true,
};

impl Rule for RbacNodesProxy {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, _doc: &Document, sink: &mut Sink<'_>) {
        objects::check_grant(
            sink,
            "",
            "nodes/proxy",
            &["get", "create", "update", "patch", "delete", "list", "watch"],
            "the kubelet API",
        );
    }
}
