//! `k8s-rbac-default-service-account-bound`: a role is bound to a namespace's default service account.

use crate::document::Lookup;
use serde_json::Value;

use super::objects;
use crate::document::Document;
use crate::finding::Severity;
use crate::rules::Sink;
use crate::rules::{Rule, RuleMeta};

pub struct RbacDefaultServiceAccountBound;

pub static META: RuleMeta = RuleMeta {
    id: "k8s-rbac-default-service-account-bound",
    summary: "A role is bound to a namespace's default service account",
    severity: Severity::Medium,
    help: "create a dedicated service account for the workload and bind the role to it",
    docs: r##"**What**: a `RoleBinding` or `ClusterRoleBinding` whose subject is a service account named `default`.

**Why**: every pod that does not name a service account runs as `default`, so permissions
granted to it leak to every such pod of the namespace.

**Fix**: bind a dedicated service account and set `serviceAccountName` on the pods that need it.

```yaml
subjects:
  - kind: ServiceAccount
    name: checkout
    namespace: shop
```

**References**: CIS Kubernetes Benchmark v1.9 5.1.5."##,
    references: &["CIS Kubernetes 5.1.5"],
    tags: &["cis-k8s", "rbac", "security"],
    default_enabled: true,
};

impl Rule for RbacDefaultServiceAccountBound {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, sink: &mut Sink<'_>) {
        for (p, s) in objects::binding_subjects(doc) {
            if s.get("kind").and_then(Value::as_str) == Some("ServiceAccount")
                && s.get("name").and_then(Value::as_str) == Some("default")
            {
                let ns =
                    s.get("namespace").and_then(Value::as_str).unwrap_or_else(|| objects::namespace(doc));
                sink.report(
                    &format!("{p}/name"),
                    format!(
                        "{} {} binds {} to the default service account of `{ns}`",
                        doc.kind(),
                        objects::name(doc),
                        doc.value.at("/roleRef/name").and_then(Value::as_str).unwrap_or("a role")
                    ),
                );
            }
        }
    }
}
