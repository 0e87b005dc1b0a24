//! `k8s-rbac-pods-exec`: a role can exec or attach into running pods.

use super::objects;
use crate::document::Document;
use crate::finding::Severity;
use crate::rules::Sink;
use crate::rules::{Rule, RuleMeta};

pub struct RbacPodsExec;

pub static META: RuleMeta = RuleMeta {
    id: "k8s-rbac-pods-exec",
    summary: "A role can exec or attach into running pods",
    severity: Severity::High,
    help: "remove `create` on `pods/exec` and `pods/attach`; debug with ephemeral containers under a break-glass role",
    docs: r##"**What**: a `Role` or `ClusterRole` granting `create` or `get` (or `*`) on `pods/exec` or
`pods/attach`.

**Why**: exec gives a shell in any container in scope, with its service account token, its
mounted Secrets and its network position; it bypasses the application's own access control
and most audit trails record only the command's start.

**Fix**: drop the permission; give it to a break-glass group bound only when needed.

```yaml
rules:
  - apiGroups: [""]
    resources: ["pods", "pods/log"]
    verbs: ["get", "list", "watch"]
```

**References**: CIS Kubernetes Benchmark v1.9 5.1.4 (minimise access to create pods, of which
exec is the interactive form); NSA/CISA Kubernetes Hardening Guide (RBAC)."##,
    references: &["CIS Kubernetes 5.1.4", "NSA/CISA Kubernetes Hardening Guide: RBAC"],
    tags: &["cis-k8s", "nsa", "rbac", "security"],
    default_enabled: true,
};

impl Rule for RbacPodsExec {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, _doc: &Document, sink: &mut Sink<'_>) {
        for resource in ["pods/exec", "pods/attach"] {
            objects::check_grant(sink, "", resource, &["create", "get"], "shell access to containers");
        }
    }
}
