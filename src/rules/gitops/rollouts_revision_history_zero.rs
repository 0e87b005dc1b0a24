//! `rollouts-revision-history-zero`: an Argo Rollout keeps no old ReplicaSets (`revisionHistoryLimit: 0`).

use super::{is, who};
use crate::document::{Document, Lookup};
use crate::finding::Severity;
use crate::rules::{Rule, RuleMeta, Sink};

pub struct RolloutsRevisionHistoryZero;

pub static META: RuleMeta = RuleMeta {
    id: "rollouts-revision-history-zero",
    summary: "An Argo Rollout keeps no old ReplicaSets (`revisionHistoryLimit: 0`)",
    severity: Severity::Low,
    help: "keep a few revisions (the default is 10)",
    docs: r#"## What it finds

A Rollout with `spec.revisionHistoryLimit: 0`.

## Why it matters

With no old ReplicaSet kept, an abort or a rollback has nothing to scale back up: it must recreate the previous version from scratch, slowly, while the broken one serves.

## How to fix

```yaml
spec:
  revisionHistoryLimit: 3
```

## References

- Argo Rollouts: Rollout specification
- Argo Rollouts: Best Practices
"#,
    references: &["Argo Rollouts: Rollout specification", "Argo Rollouts: Best Practices"],
    tags: &["gitops", "rollouts", "reliability"],
    default_enabled: true,
};

impl Rule for RolloutsRevisionHistoryZero {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, sink: &mut Sink<'_>) {
        if is(doc, "argoproj.io", &["Rollout"])
            && doc.value.at("/spec/revisionHistoryLimit").and_then(serde_json::Value::as_i64) == Some(0)
        {
            sink.report(
                "/spec/revisionHistoryLimit",
                format!("{} keeps no previous revision to roll back to", who(doc)),
            );
        }
    }
}
