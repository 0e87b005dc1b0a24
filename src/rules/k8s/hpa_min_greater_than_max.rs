//! `k8s-hpa-min-greater-than-max`: a HorizontalPodAutoscaler's minReplicas exceeds maxReplicas.

use crate::document::Lookup;
use serde_json::Value;

use crate::document::Document;
use crate::finding::Severity;
use crate::rules::Sink;
use crate::rules::{Rule, RuleMeta};

pub struct HpaMinGreaterThanMax;

pub static META: RuleMeta = RuleMeta {
    id: "k8s-hpa-min-greater-than-max",
    summary: "A HorizontalPodAutoscaler's minReplicas exceeds maxReplicas",
    severity: Severity::Medium,
    help: "set `minReplicas` at or below `maxReplicas`",
    docs: r##"**What**: a `HorizontalPodAutoscaler` whose `minReplicas` (default 1) is greater than its
`maxReplicas`.

**Why**: the API server rejects the object, so the autoscaler (and often the whole sync of the
application) fails to apply; at best the intent of the change is unclear.

**Fix**:

```yaml
spec:
  minReplicas: 2
  maxReplicas: 10
```

**References**: Kubernetes documentation, "Horizontal Pod Autoscaling"."##,
    references: &["Kubernetes documentation: Horizontal Pod Autoscaling"],
    tags: &["reliability", "correctness"],
    default_enabled: true,
};

impl Rule for HpaMinGreaterThanMax {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, sink: &mut Sink<'_>) {
        if doc.kind() != "HorizontalPodAutoscaler" {
            return;
        }
        let min = doc.value.at("/spec/minReplicas").and_then(Value::as_i64).unwrap_or(1);
        let Some(max) = doc.value.at("/spec/maxReplicas").and_then(Value::as_i64) else { return };
        if min > max {
            sink.report("/spec/minReplicas", format!("minReplicas {min} is greater than maxReplicas {max}"));
        }
    }
}
