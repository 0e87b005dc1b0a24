//! `argocd-project-wildcard-source-repos`: an Argo CD AppProject allows any source repository (`sourceRepos: ['*']`).

use super::{is, who};
use crate::document::{Document, Lookup};
use crate::finding::Severity;
use crate::rules::k8s::objects;
use crate::rules::{Rule, RuleMeta, Sink};

pub struct ArgocdProjectWildcardSourceRepos;

pub static META: RuleMeta = RuleMeta {
    id: "argocd-project-wildcard-source-repos",
    summary: "An Argo CD AppProject allows any source repository (`sourceRepos: ['*']`)",
    severity: Severity::High,
    help: "list the repositories the project deploys from",
    docs: r#"## What it finds

An AppProject whose `spec.sourceRepos` contains `*`.

## Why it matters

Applications of the project may then deploy from any repository Argo CD can reach, including a fork or a repository outside review: the project no longer ties what runs to the reviewed Git history.

## How to fix

```yaml
spec:
  sourceRepos:
    - https://github.com/example/web.git
```

## References

- Argo CD: Projects
- Argo CD: AppProject specification
"#,
    references: &["Argo CD: Projects", "Argo CD: AppProject specification"],
    tags: &["gitops", "argocd", "security"],
    default_enabled: true,
};

impl Rule for ArgocdProjectWildcardSourceRepos {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, sink: &mut Sink<'_>) {
        if !is(doc, "argoproj.io", &["AppProject"]) {
            return;
        }
        for (i, repo) in objects::str_items(doc.value.at("/spec/sourceRepos")) {
            if repo == "*" {
                sink.report(
                    &format!("/spec/sourceRepos/{i}"),
                    format!("{} allows any source repository", who(doc)),
                );
            }
        }
    }
}
