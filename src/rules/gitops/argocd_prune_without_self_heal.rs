//! `argocd-prune-without-self-heal`: an Argo CD Application prunes automatically but does not self-heal.

use super::{app_spec, who};
use crate::document::{Document, Lookup};
use crate::finding::Severity;
use crate::rules::{Rule, RuleMeta, Sink};

pub struct ArgocdPruneWithoutSelfHeal;

pub static META: RuleMeta = RuleMeta {
    id: "argocd-prune-without-self-heal",
    summary: "An Argo CD Application prunes automatically but does not self-heal",
    severity: Severity::Medium,
    help: "set `syncPolicy.automated.selfHeal: true` next to `prune: true`, or turn pruning off",
    docs: r#"## What it finds

An Application (or ApplicationSet template) with `syncPolicy.automated.prune: true` and no `selfHeal: true`.

## Why it matters

Automated pruning deletes live resources that disappear from Git — including when a broken render drops them — while without self-heal manual drift is kept: the Application deletes aggressively yet does not restore. prune and selfHeal both default to false; teams usually mean both or neither.

## How to fix

```yaml
syncPolicy:
  automated:
    prune: true
    selfHeal: true
```

## References

- Argo CD: Automated Sync Policy
"#,
    references: &["Argo CD: Automated Sync Policy"],
    tags: &["gitops", "argocd", "reliability"],
    default_enabled: true,
};

impl Rule for ArgocdPruneWithoutSelfHeal {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, sink: &mut Sink<'_>) {
        let Some(spec) = app_spec(doc) else { return };
        let automated = format!("{spec}/syncPolicy/automated");
        let flag = |k: &str| {
            doc.value.at(&format!("{automated}/{k}")).and_then(serde_json::Value::as_bool) == Some(true)
        };
        if flag("prune") && !flag("selfHeal") {
            sink.report(
                &format!("{automated}/prune"),
                format!("{} prunes automatically without `selfHeal: true`", who(doc)),
            );
        }
    }
}
