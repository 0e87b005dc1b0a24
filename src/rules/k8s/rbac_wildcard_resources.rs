//! `k8s-rbac-wildcard-resources`: a Role or ClusterRole uses `*` in resources.

use super::objects;
use crate::document::Document;
use crate::finding::Severity;
use crate::rules::Sink;
use crate::rules::{Rule, RuleMeta};

pub struct RbacWildcardResources;

pub static META: RuleMeta = RuleMeta {
    id: "k8s-rbac-wildcard-resources",
    summary: "A Role or ClusterRole uses `*` in resources",
    severity: Severity::Medium,
    help: "list the resources the role needs explicitly",
    docs: r##"**What**: a `Role` or `ClusterRole` rule whose `resources` contains `*`.

**Why**: a wildcard grants everything that exists today and everything added later (new
resources, subresources and CRDs, or new verbs), so the role silently widens over time.
CIS asks to minimise wildcard use in roles.

**Fix**: name the resources explicitly.

```yaml
rules:
  - apiGroups: ["apps"]
    resources: ["deployments"]
    verbs: ["get", "list", "watch"]
```

**References**: CIS Kubernetes Benchmark v1.9 5.1.3."##,
    references: &["CIS Kubernetes 5.1.3"],
    tags: &["cis-k8s", "rbac", "security"],
    default_enabled: true,
};

impl Rule for RbacWildcardResources {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, sink: &mut Sink<'_>) {
        objects::check_wildcard(sink, doc, "resources");
    }
}
