//! `istio-authorization-allow-all`: an Istio AuthorizationPolicy allows every request (`rules: [{}]`).

use super::{is, text, who};
use crate::document::{Document, Lookup};
use crate::finding::Severity;
use crate::rules::k8s::objects;
use crate::rules::{Rule, RuleMeta, Sink};

pub struct IstioAuthorizationAllowAll;

pub static META: RuleMeta = RuleMeta {
    id: "istio-authorization-allow-all",
    summary: "An Istio AuthorizationPolicy allows every request (`rules: [{}]`)",
    severity: Severity::High,
    help: "give each ALLOW rule `from`, `to` or `when` conditions",
    docs: r#"## What it finds

An `AuthorizationPolicy` with action `ALLOW` (the default) and a rule that is empty (`rules: [{}]`).

## Why it matters

An empty rule matches every request: the policy allows all traffic to the selected workloads, and because any ALLOW policy switches a workload to deny-by-default, it silently cancels the restrictions the other ALLOW policies meant to impose.

## How to fix

```yaml
spec:
  action: ALLOW
  rules:
    - from:
        - source:
            principals: ["cluster.local/ns/shop/sa/web"]
```

## References

- Istio: Security Best Practices
- Istio: Authorization Policy reference
"#,
    references: &["Istio: Security Best Practices", "Istio: Authorization Policy reference"],
    tags: &["gitops", "istio", "security"],
    default_enabled: true,
};

impl Rule for IstioAuthorizationAllowAll {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, sink: &mut Sink<'_>) {
        if !is(doc, "security.istio.io", &["AuthorizationPolicy"])
            || text(doc, "/spec/action").is_some_and(|a| a != "ALLOW")
        {
            return;
        }
        for (i, rule) in objects::items(doc.value.at("/spec/rules")).iter().enumerate() {
            if rule
                .as_object()
                .is_some_and(|r| r.values().all(|v| v.is_null() || v.as_array().is_some_and(Vec::is_empty)))
            {
                sink.report(
                    &format!("/spec/rules/{i}"),
                    format!("rule {i} of {} is empty: it allows every request", who(doc)),
                );
            }
        }
    }
}
