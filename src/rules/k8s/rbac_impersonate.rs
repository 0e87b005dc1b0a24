//! `k8s-rbac-impersonate`: a role grants the impersonate verb.

use super::objects;
use crate::document::Document;
use crate::finding::Severity;
use crate::rules::Sink;
use crate::rules::{Rule, RuleMeta};

pub struct RbacImpersonate;

pub static META: RuleMeta = RuleMeta {
    id: "k8s-rbac-impersonate",
    summary: "A role grants the impersonate verb",
    severity: Severity::High,
    help: "remove `impersonate`, or restrict it with `resourceNames`",
    docs: r##"**What**: a `Role` or `ClusterRole` rule listing the verb `impersonate` (on `users`, `groups`,
`serviceaccounts` or `userextras`).

**Why**: impersonation lets the holder act as another user, group or service account, and so
hold every permission of that identity.

**Fix**: remove the verb, or limit it to specific identities with `resourceNames`.

```yaml
rules:
  - apiGroups: [""]
    resources: ["serviceaccounts"]
    resourceNames: ["readonly-viewer"]
    verbs: ["impersonate"]
```

**References**: CIS Kubernetes Benchmark v1.9 5.1.8."##,
    references: &["CIS Kubernetes 5.1.8"],
    tags: &["cis-k8s", "rbac", "security"],
    default_enabled: true,
};

impl Rule for RbacImpersonate {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, sink: &mut Sink<'_>) {
        for rule in objects::policy_rules(doc) {
            if rule
                .value
                .get("resourceNames")
                .and_then(serde_json::Value::as_array)
                .is_some_and(|a| !a.is_empty())
            {
                continue;
            }
            for (i, verb) in rule.strings("verbs") {
                if verb == "impersonate" {
                    sink.report(
                        &rule.field(&format!("verbs/{i}")),
                        format!("{} {} grants `impersonate` on any identity", doc.kind(), objects::name(doc)),
                    );
                }
            }
        }
    }
}
