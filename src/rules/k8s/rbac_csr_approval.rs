//! `k8s-rbac-csr-approval`: a role can approve certificate signing requests.

use super::objects;
use crate::document::Document;
use crate::finding::Severity;
use crate::rules::Sink;
use crate::rules::{Rule, RuleMeta};

pub struct RbacCsrApproval;

pub static META: RuleMeta = RuleMeta {
    id: "k8s-rbac-csr-approval",
    summary: "A role can approve certificate signing requests",
    severity: Severity::High,
    help: "reserve CSR approval for the controller manager and cluster administrators",
    docs: r##"**What**: a `Role` or `ClusterRole` granting `update` or `patch` (or `*`) on
`certificatesigningrequests/approval`.

**Why**: approving a CSR issues a client certificate; with a suitable signer this yields
credentials for any user or group, including `system:masters`.

**Fix**: remove the permission.

```yaml
rules:
  - apiGroups: ["certificates.k8s.io"]
    resources: ["certificatesigningrequests"]
    verbs: ["get", "list"]
```

**References**: CIS Kubernetes Benchmark v1.9 5.1.11."##,
    references: &["CIS Kubernetes 5.1.11"],
    tags: &["cis-k8s", "rbac", "security"],
    default_enabled: true,
};

impl Rule for RbacCsrApproval {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, _doc: &Document, sink: &mut Sink<'_>) {
        objects::check_grant(
            sink,
            "certificates.k8s.io",
            "certificatesigningrequests/approval",
            &["update", "patch"],
            "approving certificates",
        );
    }
}
