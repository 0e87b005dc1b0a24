//! `argocd-allow-empty`: an Argo CD Application may prune every resource (`allowEmpty: true`).

use super::{app_spec, who};
use crate::document::{Document, Lookup};
use crate::finding::Severity;
use crate::rules::{Rule, RuleMeta, Sink};

pub struct ArgocdAllowEmpty;

pub static META: RuleMeta = RuleMeta {
    id: "argocd-allow-empty",
    summary: "An Argo CD Application may prune every resource (`allowEmpty: true`)",
    severity: Severity::High,
    help: "remove `syncPolicy.automated.allowEmpty`",
    docs: r#"## What it finds

An Application (or ApplicationSet template) with `syncPolicy.automated.allowEmpty: true`.

## Why it matters

Argo CD refuses by default to sync an automated Application to zero resources: an empty render is almost always a mistake (a wrong path, a failing generator, a deleted directory). `allowEmpty: true` turns that safety off, and with `prune: true` an empty render deletes the whole application in production.

## How to fix

Remove the field (it defaults to false).

## References

- Argo CD: Automated Sync Policy
"#,
    references: &["Argo CD: Automated Sync Policy"],
    tags: &["gitops", "argocd", "reliability"],
    default_enabled: true,
};

impl Rule for ArgocdAllowEmpty {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, sink: &mut Sink<'_>) {
        let Some(spec) = app_spec(doc) else { return };
        let pointer = format!("{spec}/syncPolicy/automated/allowEmpty");
        if doc.value.at(&pointer).and_then(serde_json::Value::as_bool) == Some(true) {
            sink.report(&pointer, format!("{} may sync to zero resources, pruning everything", who(doc)));
        }
    }
}
