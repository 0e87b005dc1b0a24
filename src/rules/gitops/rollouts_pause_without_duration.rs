//! `rollouts-pause-without-duration`: an Argo Rollout pauses indefinitely (`pause: {}`).

use super::{is, who};
use crate::document::{Document, Lookup};
use crate::finding::Severity;
use crate::rules::k8s::objects;
use crate::rules::{Rule, RuleMeta, Sink};

pub struct RolloutsPauseWithoutDuration;

pub static META: RuleMeta = RuleMeta {
    id: "rollouts-pause-without-duration",
    summary: "An Argo Rollout pauses indefinitely (`pause: {}`)",
    severity: Severity::Medium,
    help: "give the pause a `duration`, or promote with analysis instead of by hand",
    docs: r#"## What it finds

A canary step `pause: {}` (or a pause without `duration`).

## Why it matters

An indefinite pause waits for someone to run `kubectl argo rollouts promote`: in a GitOps flow the rollout sits half-deployed with two versions serving traffic until a person notices, and the next commit stacks another revision on top.

## How to fix

```yaml
steps:
  - setWeight: 20
  - pause: {duration: 10m}
```

## References

- Argo Rollouts: Rollout specification
- Argo Rollouts: Best Practices
"#,
    references: &["Argo Rollouts: Rollout specification", "Argo Rollouts: Best Practices"],
    tags: &["gitops", "rollouts", "reliability"],
    default_enabled: true,
};

impl Rule for RolloutsPauseWithoutDuration {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, sink: &mut Sink<'_>) {
        if !is(doc, "argoproj.io", &["Rollout"]) {
            return;
        }
        for (i, step) in objects::items(doc.value.at("/spec/strategy/canary/steps")).iter().enumerate() {
            if let Some(pause) = step.get("pause")
                && pause.get("duration").is_none_or(serde_json::Value::is_null)
            {
                sink.report(
                    &format!("/spec/strategy/canary/steps/{i}/pause"),
                    format!("step {i} of {} pauses until promoted by hand", who(doc)),
                );
            }
        }
    }
}
