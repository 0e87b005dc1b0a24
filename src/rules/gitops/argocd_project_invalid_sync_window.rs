//! `argocd-project-invalid-sync-window`: an Argo CD AppProject sync window is invalid.

use super::{go_duration, is, who};
use crate::document::{Document, Lookup};
use crate::finding::Severity;
use crate::rules::k8s::objects;
use crate::rules::{Rule, RuleMeta, Sink};

pub struct ArgocdProjectInvalidSyncWindow;

pub static META: RuleMeta = RuleMeta {
    id: "argocd-project-invalid-sync-window",
    summary: "An Argo CD AppProject sync window is invalid",
    severity: Severity::High,
    help: "use `kind: allow` or `deny`, a five-field cron `schedule` and a `duration` such as `1h`",
    docs: r#"## What it finds

A `syncWindows` item of an AppProject whose `kind` is not `allow` or `deny`, whose `schedule` is not a five-field cron expression, or whose `duration` is not a positive duration (`30m`, `2h`).

## Why it matters

Argo CD rejects the project update with an invalid window, so the window that should block deployments during a freeze (or allow them only in office hours) does not exist.

## How to fix

```yaml
syncWindows:
  - kind: deny
    schedule: "0 22 * * *"
    duration: 8h
    applications: ["*"]
```

## References

- Argo CD: Sync Windows
"#,
    references: &["Argo CD: Sync Windows"],
    tags: &["gitops", "argocd", "correctness"],
    default_enabled: true,
};

impl Rule for ArgocdProjectInvalidSyncWindow {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, sink: &mut Sink<'_>) {
        if !is(doc, "argoproj.io", &["AppProject"]) {
            return;
        }
        for (i, w) in objects::items(doc.value.at("/spec/syncWindows")).iter().enumerate() {
            let at = format!("/spec/syncWindows/{i}");
            let field = |k: &str| w.get(k).and_then(serde_json::Value::as_str);
            if !matches!(field("kind"), Some("allow" | "deny")) {
                sink.report(
                    &format!("{at}/kind"),
                    format!("a sync window of {} has no valid `kind` (allow or deny)", who(doc)),
                );
            }
            if field("schedule").is_none_or(|s| s.split_whitespace().count() != 5) {
                sink.report(
                    &format!("{at}/schedule"),
                    format!("a sync window of {} has no five-field cron `schedule`", who(doc)),
                );
            }
            if field("duration").and_then(go_duration).is_none_or(|d| d <= 0.0) {
                sink.report(
                    &format!("{at}/duration"),
                    format!("a sync window of {} has no valid positive `duration`", who(doc)),
                );
            }
        }
    }
}
