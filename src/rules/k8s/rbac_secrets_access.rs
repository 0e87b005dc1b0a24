//! `k8s-rbac-secrets-access`: a role can read Secrets.

use super::objects;
use crate::document::Document;
use crate::finding::Severity;
use crate::rules::Sink;
use crate::rules::{Rule, RuleMeta};

pub struct RbacSecretsAccess;

pub static META: RuleMeta = RuleMeta {
    id: "k8s-rbac-secrets-access",
    summary: "A role can read Secrets",
    severity: Severity::High,
    help: "grant access to the few named Secrets needed (`resourceNames`), or mount them instead",
    docs: r##"**What**: a `Role` or `ClusterRole` granting `get`, `list` or `watch` (or `*`) on `secrets`
without limiting the rule to named Secrets (`resourceNames`).

**Why**: Secrets hold credentials; `list` and `watch` return every Secret of the namespace (or of
the cluster for a ClusterRole), including service account tokens of more privileged accounts.

**Fix**: drop the permission, or restrict it with `resourceNames`; prefer mounting the Secret.

```yaml
rules:
  - apiGroups: [""]
    resources: ["secrets"]
    resourceNames: ["app-tls"]
    verbs: ["get"]
```

**References**: CIS Kubernetes Benchmark v1.9 5.1.2."##,
    references: &["CIS Kubernetes 5.1.2"],
    tags: &["cis-k8s", "rbac", "security"],
    default_enabled: true,
};

impl Rule for RbacSecretsAccess {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, _doc: &Document, sink: &mut Sink<'_>) {
        objects::check_grant_unless_named(sink, "", "secrets", &["get", "list", "watch"], "reading Secrets");
    }
}
