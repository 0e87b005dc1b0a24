//! `argocd-project-duplicate-entries`: an Argo CD AppProject lists a source repository, destination or role twice.

use super::{is, who};
use crate::document::{Document, Lookup};
use crate::finding::Severity;
use crate::rules::k8s::objects;
use crate::rules::{Rule, RuleMeta, Sink};

pub struct ArgocdProjectDuplicateEntries;

pub static META: RuleMeta = RuleMeta {
    id: "argocd-project-duplicate-entries",
    summary: "An Argo CD AppProject lists a source repository, destination or role twice",
    severity: Severity::Medium,
    help: "remove the repeated entry",
    docs: r#"## What it finds

An AppProject with the same `sourceRepos` entry, the same destination (server or name, and namespace) or two roles of the same name.

## Why it matters

Argo CD's API rejects projects with duplicate destinations, source repositories or roles, so the change does not apply; a duplicate role also hides which of its policies is meant.

## How to fix

Keep one of the repeated entries.

## References

- Argo CD: Projects
- Argo CD: AppProject specification
"#,
    references: &["Argo CD: Projects", "Argo CD: AppProject specification"],
    tags: &["gitops", "argocd", "correctness"],
    default_enabled: true,
};

impl Rule for ArgocdProjectDuplicateEntries {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, sink: &mut Sink<'_>) {
        if !is(doc, "argoproj.io", &["AppProject"]) {
            return;
        }
        let mut report = |list: &str, what: &str, keys: Vec<(usize, String)>| {
            let mut seen = std::collections::HashSet::new();
            for (i, key) in keys {
                if !seen.insert(key.clone()) {
                    sink.report_key(
                        &format!("/spec/{list}/{i}"),
                        format!("{} lists the {what} {key} twice", who(doc)),
                    );
                }
            }
        };
        let repos = objects::str_items(doc.value.at("/spec/sourceRepos"))
            .map(|(i, r)| (i, format!("`{r}`")))
            .collect();
        report("sourceRepos", "source repository", repos);
        let field = |v: &serde_json::Value, k: &str| {
            v.get(k).and_then(serde_json::Value::as_str).unwrap_or("").to_string()
        };
        let destinations = objects::items(doc.value.at("/spec/destinations"))
            .iter()
            .enumerate()
            .map(|(i, d)| {
                (
                    i,
                    format!(
                        "`{}{}` namespace `{}`",
                        field(d, "server"),
                        field(d, "name"),
                        field(d, "namespace")
                    ),
                )
            })
            .collect();
        report("destinations", "destination", destinations);
        let roles = objects::items(doc.value.at("/spec/roles"))
            .iter()
            .enumerate()
            .map(|(i, r)| (i, format!("`{}`", field(r, "name"))))
            .collect();
        report("roles", "role", roles);
    }
}
