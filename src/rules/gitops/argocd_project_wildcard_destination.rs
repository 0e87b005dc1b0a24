//! `argocd-project-wildcard-destination`: an Argo CD AppProject allows any cluster and namespace as destination.

use super::{is, who};
use crate::document::{Document, Lookup};
use crate::finding::Severity;
use crate::rules::k8s::objects;
use crate::rules::{Rule, RuleMeta, Sink};

pub struct ArgocdProjectWildcardDestination;

pub static META: RuleMeta = RuleMeta {
    id: "argocd-project-wildcard-destination",
    summary: "An Argo CD AppProject allows any cluster and namespace as destination",
    severity: Severity::High,
    help: "list the clusters and namespaces the project deploys to",
    docs: r#"## What it finds

An AppProject with a `destinations` item whose namespace is `*` and whose server or name is `*`.

## Why it matters

Applications of the project may deploy into any namespace of any cluster Argo CD manages — `kube-system`, another team's namespace, production from a development project.

## How to fix

```yaml
spec:
  destinations:
    - server: https://kubernetes.default.svc
      namespace: web
```

## References

- Argo CD: Projects
- Argo CD: AppProject specification
"#,
    references: &["Argo CD: Projects", "Argo CD: AppProject specification"],
    tags: &["gitops", "argocd", "security"],
    default_enabled: true,
};

impl Rule for ArgocdProjectWildcardDestination {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, sink: &mut Sink<'_>) {
        if !is(doc, "argoproj.io", &["AppProject"]) {
            return;
        }
        for (i, d) in objects::items(doc.value.at("/spec/destinations")).iter().enumerate() {
            let field = |k: &str| d.get(k).and_then(serde_json::Value::as_str);
            let any_cluster = field("server") == Some("*") || field("name") == Some("*");
            if any_cluster && field("namespace") == Some("*") {
                sink.report_key(
                    &format!("/spec/destinations/{i}"),
                    format!("{} may deploy to any namespace of any cluster", who(doc)),
                );
            }
        }
    }
}
