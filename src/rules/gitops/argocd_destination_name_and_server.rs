//! `argocd-destination-name-and-server`: an Argo CD Application destination sets both or neither of `name` and `server`.

use super::{app_spec, who};
use crate::document::{Document, Lookup};
use crate::finding::Severity;
use crate::rules::{Rule, RuleMeta, Sink};

pub struct ArgocdDestinationNameAndServer;

pub static META: RuleMeta = RuleMeta {
    id: "argocd-destination-name-and-server",
    summary: "An Argo CD Application destination sets both or neither of `name` and `server`",
    severity: Severity::High,
    help: "set exactly one of `destination.server` and `destination.name`",
    docs: r#"## What it finds

An Application (or ApplicationSet template) whose `spec.destination` has both `name` and `server`, or neither.

## Why it matters

Argo CD rejects the Application ("destination can't have both name and server defined"), or cannot tell which cluster to deploy to: nothing syncs, and with an ApplicationSet every generated Application fails.

## How to fix

Keep one of them:

```yaml
destination:
  server: https://kubernetes.default.svc
  namespace: web
```

## References

- Argo CD: Application specification
- Argo CD: Best Practices
"#,
    references: &["Argo CD: Application specification", "Argo CD: Best Practices"],
    tags: &["gitops", "argocd", "correctness"],
    default_enabled: true,
};

impl Rule for ArgocdDestinationNameAndServer {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, sink: &mut Sink<'_>) {
        let Some(spec) = app_spec(doc) else { return };
        let pointer = format!("{spec}/destination");
        let destination = doc.value.at(&pointer);
        let has = |k: &str| destination.and_then(|d| d.get(k)).is_some_and(|v| !v.is_null());
        let problem = match (has("name"), has("server")) {
            (true, true) => "both `name` and `server`",
            (false, false) => "neither `name` nor `server`",
            _ => return,
        };
        sink.report_key(
            &pointer,
            format!("the destination of {} has {problem}; it needs exactly one", who(doc)),
        );
    }
}
