//! `k8s-rbac-service-account-token-create`: a role can create service account tokens.

use super::objects;
use crate::document::Document;
use crate::finding::Severity;
use crate::rules::Sink;
use crate::rules::{Rule, RuleMeta};

pub struct RbacServiceAccountTokenCreate;

pub static META: RuleMeta = RuleMeta {
    id: "k8s-rbac-service-account-token-create",
    summary: "A role can create service account tokens",
    severity: Severity::Medium,
    help: "remove `create` on `serviceaccounts/token`",
    docs: r##"**What**: a `Role` or `ClusterRole` granting `create` (or `*`) on `serviceaccounts/token`.

**Why**: this mints tokens for any service account in scope, including more privileged ones.

**Fix**: remove the permission; pods receive their own projected token without it.

```yaml
rules:
  - apiGroups: [""]
    resources: ["serviceaccounts"]
    verbs: ["get"]
```

**References**: CIS Kubernetes Benchmark v1.9 5.1.13."##,
    references: &["CIS Kubernetes 5.1.13"],
    tags: &["cis-k8s", "rbac", "security"],
    default_enabled: true,
};

impl Rule for RbacServiceAccountTokenCreate {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, _doc: &Document, sink: &mut Sink<'_>) {
        objects::check_grant(
            sink,
            "",
            "serviceaccounts/token",
            &["create"],
            "minting tokens for any service account",
        );
    }
}
