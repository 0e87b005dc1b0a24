//! `k8s-rbac-system-masters`: a binding names the system:masters group.

use serde_json::Value;

use super::objects;
use crate::document::Document;
use crate::finding::Severity;
use crate::rules::Sink;
use crate::rules::{Rule, RuleMeta};

pub struct RbacSystemMasters;

pub static META: RuleMeta = RuleMeta {
    id: "k8s-rbac-system-masters",
    summary: "A binding names the system:masters group",
    severity: Severity::High,
    help: "remove the system:masters subject and bind a narrower role to a dedicated group",
    docs: r##"**What**: a `RoleBinding` or `ClusterRoleBinding` with the subject group `system:masters`.

**Why**: members of `system:masters` bypass RBAC and admission webhooks entirely, and membership
comes from client certificates, which cannot be revoked. Binding roles to it is meaningless at
best and signals that credentials carrying the group are in use.

**Fix**: bind a dedicated group with a scoped role instead.

```yaml
subjects:
  - kind: Group
    name: platform-admins
    apiGroup: rbac.authorization.k8s.io
```

**References**: CIS Kubernetes Benchmark v1.9 5.1.7."##,
    references: &["CIS Kubernetes 5.1.7"],
    tags: &["cis-k8s", "rbac", "security"],
    default_enabled: true,
};

impl Rule for RbacSystemMasters {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, sink: &mut Sink<'_>) {
        for (p, s) in objects::binding_subjects(doc) {
            if s.get("kind").and_then(Value::as_str) == Some("Group")
                && s.get("name").and_then(Value::as_str) == Some("system:masters")
            {
                sink.report(
                    &format!("{p}/name"),
                    format!("{} {} binds the system:masters group", doc.kind(), objects::name(doc)),
                );
            }
        }
    }
}
