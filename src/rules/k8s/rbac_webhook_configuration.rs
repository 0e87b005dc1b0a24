//! `k8s-rbac-webhook-configuration`: a role can change admission webhook configurations.

use super::objects;
use crate::document::Document;
use crate::finding::Severity;
use crate::rules::Sink;
use crate::rules::{Rule, RuleMeta};

pub struct RbacWebhookConfiguration;

pub static META: RuleMeta = RuleMeta {
    id: "k8s-rbac-webhook-configuration",
    summary: "A role can change admission webhook configurations",
    severity: Severity::High,
    help: "reserve webhook configuration changes for cluster administrators",
    docs: r##"**What**: a `Role` or `ClusterRole` granting `create`, `update`, `patch` or `delete` (or `*`) on
`validatingwebhookconfigurations` or `mutatingwebhookconfigurations`.

**Why**: a mutating webhook sees and can rewrite every object sent to the API server, including
Secrets; deleting a validating webhook disables policy enforcement.

**Fix**: grant only `get`, `list` and `watch`.

```yaml
rules:
  - apiGroups: ["admissionregistration.k8s.io"]
    resources: ["validatingwebhookconfigurations", "mutatingwebhookconfigurations"]
    verbs: ["get", "list", "watch"]
```

**References**: CIS Kubernetes Benchmark v1.9 5.1.12."##,
    references: &["CIS Kubernetes 5.1.12"],
    tags: &["cis-k8s", "rbac", "security"],
    default_enabled: true,
};

impl Rule for RbacWebhookConfiguration {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, _doc: &Document, sink: &mut Sink<'_>) {
        for resource in ["validatingwebhookconfigurations", "mutatingwebhookconfigurations"] {
            objects::check_grant(
                sink,
                "admissionregistration.k8s.io",
                resource,
                &["create", "update", "patch", "delete"],
                "admission control",
            );
        }
    }
}
