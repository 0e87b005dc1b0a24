//! `argocd-missing-finalizer`: an Argo CD Application has no resources finalizer.

use super::{is, who};
use crate::document::{Document, Lookup};
use crate::finding::Severity;
use crate::rules::k8s::objects;
use crate::rules::{Rule, RuleMeta, Sink};

pub struct ArgocdMissingFinalizer;

pub static META: RuleMeta = RuleMeta {
    id: "argocd-missing-finalizer",
    summary: "An Argo CD Application has no resources finalizer",
    severity: Severity::Low,
    help: "add `resources-finalizer.argocd.argoproj.io` to `metadata.finalizers`",
    docs: r#"## What it finds

An Application without `resources-finalizer.argocd.argoproj.io` (or its `/background` variant) in `metadata.finalizers`; for an ApplicationSet, its template's metadata.

## Why it matters

Without the finalizer, deleting the Application leaves every resource it deployed running, unmanaged and invisible to Argo CD (argo-cd#8444): orphaned Deployments, Services and Secrets accumulate, and a re-created Application may fight them.

## How to fix

```yaml
metadata:
  finalizers:
    - resources-finalizer.argocd.argoproj.io
```

## References

- Argo CD: App Deletion
"#,
    references: &["Argo CD: App Deletion"],
    tags: &["gitops", "argocd", "hygiene"],
    default_enabled: true,
};

impl Rule for ArgocdMissingFinalizer {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, sink: &mut Sink<'_>) {
        let metadata = if is(doc, "argoproj.io", &["Application"]) {
            "/metadata"
        } else if is(doc, "argoproj.io", &["ApplicationSet"]) {
            "/spec/template/metadata"
        } else {
            return;
        };
        let finalizers = objects::str_items(doc.value.at(&format!("{metadata}/finalizers")));
        if !finalizers.into_iter().any(|(_, f)| f.starts_with("resources-finalizer.argocd.argoproj.io")) {
            sink.report(
                &format!("{metadata}/finalizers"),
                format!("{} has no resources finalizer: deleting it orphans what it deployed", who(doc)),
            );
        }
    }
}
