//! `rollouts-blue-green-scale-down-delay`: an Argo Rollout blue-green scales the old version down in under 30 seconds.

use super::{is, who};
use crate::document::{Document, Lookup};
use crate::finding::Severity;
use crate::rules::{Rule, RuleMeta, Sink};

pub struct RolloutsBlueGreenScaleDownDelay;

pub static META: RuleMeta = RuleMeta {
    id: "rollouts-blue-green-scale-down-delay",
    summary: "An Argo Rollout blue-green scales the old version down in under 30 seconds",
    severity: Severity::Medium,
    help: "set `blueGreen.scaleDownDelaySeconds` to at least 30 (the default)",
    docs: r#"## What it finds

A Rollout with a `blueGreen` strategy and `scaleDownDelaySeconds` below 30.

## Why it matters

After the switch, kube-proxy, ingress controllers and meshes need time to send traffic to the new pods; scaling the old ReplicaSet down before they do drops in-flight requests (the default delay is 30 seconds for that reason).

## How to fix

```yaml
strategy:
  blueGreen:
    activeService: api
    scaleDownDelaySeconds: 30
```

## References

- Argo Rollouts: Rollout specification
- Argo Rollouts: Best Practices
- Argo Rollouts: BlueGreen Deployment Strategy
"#,
    references: &[
        "Argo Rollouts: Rollout specification",
        "Argo Rollouts: Best Practices",
        "Argo Rollouts: BlueGreen Deployment Strategy",
    ],
    tags: &["gitops", "rollouts", "reliability"],
    default_enabled: true,
};

impl Rule for RolloutsBlueGreenScaleDownDelay {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, sink: &mut Sink<'_>) {
        if !is(doc, "argoproj.io", &["Rollout"]) {
            return;
        }
        let pointer = "/spec/strategy/blueGreen/scaleDownDelaySeconds";
        if let Some(delay) = doc.value.at(pointer).and_then(serde_json::Value::as_i64)
            && delay < 30
        {
            sink.report(
                pointer,
                format!(
                    "{} scales the old version down {delay}s after the switch, before traffic has moved",
                    who(doc)
                ),
            );
        }
    }
}
