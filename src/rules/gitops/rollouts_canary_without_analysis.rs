//! `rollouts-canary-without-analysis`: an Argo Rollout canary has no analysis.

use super::{is, who};
use crate::document::{Document, Lookup};
use crate::finding::Severity;
use crate::rules::k8s::objects;
use crate::rules::{Rule, RuleMeta, Sink};

pub struct RolloutsCanaryWithoutAnalysis;

pub static META: RuleMeta = RuleMeta {
    id: "rollouts-canary-without-analysis",
    summary: "An Argo Rollout canary has no analysis",
    severity: Severity::Medium,
    help: "add `strategy.canary.analysis` or an `analysis` step that checks the new version",
    docs: r#"## What it finds

A Rollout with a `canary` strategy and neither a background `canary.analysis` nor any `analysis` step.

## Why it matters

Without analysis a canary only waits: traffic shifts to the new version on a timer whatever its error rate, so a bad release reaches every user and nothing rolls it back automatically — the point of a canary is lost.

## How to fix

```yaml
strategy:
  canary:
    analysis:
      templates:
        - templateName: success-rate
      startingStep: 1
```

## References

- Argo Rollouts: Rollout specification
- Argo Rollouts: Best Practices
- Argo Rollouts: Analysis & Progressive Delivery
"#,
    references: &[
        "Argo Rollouts: Rollout specification",
        "Argo Rollouts: Best Practices",
        "Argo Rollouts: Analysis & Progressive Delivery",
    ],
    tags: &["gitops", "rollouts", "reliability"],
    default_enabled: true,
};

impl Rule for RolloutsCanaryWithoutAnalysis {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, sink: &mut Sink<'_>) {
        if !is(doc, "argoproj.io", &["Rollout"]) {
            return;
        }
        let Some(canary) = doc.value.at("/spec/strategy/canary").filter(|c| c.is_object()) else { return };
        let steps = objects::items(canary.get("steps"));
        if canary.get("analysis").is_none() && !steps.iter().any(|s| s.get("analysis").is_some()) {
            sink.report_key(
                "/spec/strategy/canary",
                format!("the canary of {} has no analysis: it promotes on a timer", who(doc)),
            );
        }
    }
}
