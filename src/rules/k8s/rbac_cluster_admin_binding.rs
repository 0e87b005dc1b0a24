//! `k8s-rbac-cluster-admin-binding`: the cluster-admin ClusterRole is bound to a subject that is not a system group.

use crate::document::Lookup;
use serde_json::Value;

use super::objects;
use crate::document::Document;
use crate::finding::Severity;
use crate::rules::Sink;
use crate::rules::{Rule, RuleMeta};

pub struct RbacClusterAdminBinding;

pub static META: RuleMeta = RuleMeta {
    id: "k8s-rbac-cluster-admin-binding",
    summary: "The cluster-admin ClusterRole is bound to a subject that is not a system group",
    severity: Severity::High,
    help: "bind a narrower role that grants only what the subject needs",
    docs: r##"**What**: a `ClusterRoleBinding` or `RoleBinding` whose `roleRef` is the `cluster-admin`
ClusterRole and whose subject is a user, a service account or a group other than the
built-in `system:` groups.

**Why**: `cluster-admin` is superuser access: every verb on every resource in every namespace.
Anyone holding it (or stealing the token of a service account holding it) owns the cluster.
CIS asks that it be used only where strictly required.

**Fix**: create a Role/ClusterRole with just the verbs and resources needed and bind that.

```yaml
kind: ClusterRoleBinding
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: deployer          # not cluster-admin
subjects:
  - kind: ServiceAccount
    name: ci
    namespace: ci
```

**References**: CIS Kubernetes Benchmark v1.9 5.1.1; NSA/CISA Kubernetes Hardening Guide (RBAC)."##,
    references: &["CIS Kubernetes 5.1.1", "NSA/CISA Kubernetes Hardening Guide: RBAC"],
    tags: &["cis-k8s", "rbac", "security"],
    default_enabled: true,
};

impl Rule for RbacClusterAdminBinding {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, sink: &mut Sink<'_>) {
        if doc.value.at("/roleRef/kind").and_then(Value::as_str) != Some("ClusterRole")
            || doc.value.at("/roleRef/name").and_then(Value::as_str) != Some("cluster-admin")
        {
            return;
        }
        for (p, s) in objects::binding_subjects(doc) {
            let kind = s.get("kind").and_then(Value::as_str).unwrap_or("");
            let name = s.get("name").and_then(Value::as_str).unwrap_or("");
            if kind == "Group" && name.starts_with("system:") {
                continue;
            }
            sink.report(
                &format!("{p}/name"),
                format!("{} {} binds cluster-admin to {kind} `{name}`", doc.kind(), objects::name(doc)),
            );
        }
    }
}
