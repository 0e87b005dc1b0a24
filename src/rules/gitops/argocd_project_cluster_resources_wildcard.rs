//! `argocd-project-cluster-resources-wildcard`: an Argo CD AppProject allows every cluster-scoped resource.

use super::{is, who};
use crate::document::{Document, Lookup};
use crate::finding::Severity;
use crate::rules::k8s::objects;
use crate::rules::{Rule, RuleMeta, Sink};

pub struct ArgocdProjectClusterResourcesWildcard;

pub static META: RuleMeta = RuleMeta {
    id: "argocd-project-cluster-resources-wildcard",
    summary: "An Argo CD AppProject allows every cluster-scoped resource",
    severity: Severity::High,
    help: "whitelist only the cluster-scoped kinds the project needs (often just Namespace)",
    docs: r#"## What it finds

An AppProject whose `clusterResourceWhitelist` has an item with `group: '*'` and `kind: '*'`.

## Why it matters

Cluster-scoped resources include ClusterRoles and ClusterRoleBindings, CRDs, webhooks and Namespaces: an Application of the project could grant itself cluster-admin or intercept every API request.

## How to fix

```yaml
spec:
  clusterResourceWhitelist:
    - group: ""
      kind: Namespace
```

## References

- Argo CD: Projects
- Argo CD: AppProject specification
- Kyverno policies: argo/appproject-clusterresourceblacklist
"#,
    references: &[
        "Argo CD: Projects",
        "Argo CD: AppProject specification",
        "Kyverno policies: argo/appproject-clusterresourceblacklist",
    ],
    tags: &["gitops", "argocd", "security"],
    default_enabled: true,
};

impl Rule for ArgocdProjectClusterResourcesWildcard {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, sink: &mut Sink<'_>) {
        if !is(doc, "argoproj.io", &["AppProject"]) {
            return;
        }
        for (i, r) in objects::items(doc.value.at("/spec/clusterResourceWhitelist")).iter().enumerate() {
            let field = |k: &str| r.get(k).and_then(serde_json::Value::as_str);
            if field("group") == Some("*") && field("kind") == Some("*") {
                sink.report_key(
                    &format!("/spec/clusterResourceWhitelist/{i}"),
                    format!("{} allows every cluster-scoped resource", who(doc)),
                );
            }
        }
    }
}
