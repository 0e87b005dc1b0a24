//! `k8s-rbac-bind-escalate`: a role grants the bind or escalate verb on roles.

use super::objects;
use crate::document::Document;
use crate::finding::Severity;
use crate::rules::Sink;
use crate::rules::{Rule, RuleMeta};

pub struct RbacBindEscalate;

pub static META: RuleMeta = RuleMeta {
    id: "k8s-rbac-bind-escalate",
    summary: "A role grants the bind or escalate verb on roles",
    severity: Severity::High,
    help: "remove `bind` and `escalate`; let administrators create bindings",
    docs: r##"**What**: a `Role` or `ClusterRole` rule listing the verb `bind` or `escalate` on `roles`,
`clusterroles` (or `*` resources) of `rbac.authorization.k8s.io`.

**Why**: RBAC normally prevents granting permissions you do not hold. `escalate` lets the holder
edit a role to add any permission, and `bind` lets it bind any role, including `cluster-admin`.

**Fix**: drop the verbs.

```yaml
rules:
  - apiGroups: ["rbac.authorization.k8s.io"]
    resources: ["roles", "rolebindings"]
    verbs: ["get", "list", "watch"]
```

**References**: CIS Kubernetes Benchmark v1.9 5.1.8."##,
    references: &["CIS Kubernetes 5.1.8"],
    tags: &["cis-k8s", "rbac", "security"],
    default_enabled: true,
};

impl Rule for RbacBindEscalate {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, sink: &mut Sink<'_>) {
        for rule in objects::policy_rules(doc) {
            let on_roles =
                rule.strings("resources").any(|(_, r)| matches!(r, "roles" | "clusterroles" | "*"));
            if !rule.in_group("rbac.authorization.k8s.io") || !on_roles {
                continue;
            }
            for (i, verb) in rule.strings("verbs") {
                if matches!(verb, "bind" | "escalate") {
                    sink.report(
                        &rule.field(&format!("verbs/{i}")),
                        format!("{} {} grants `{verb}` on roles", doc.kind(), objects::name(doc)),
                    );
                }
            }
        }
    }
}
