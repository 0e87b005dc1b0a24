//! `istio-authorization-deny-without-rules`: an Istio DENY AuthorizationPolicy has no rules, so it denies nothing.

use super::{is, text, who};
use crate::document::{Document, Lookup};
use crate::finding::Severity;
use crate::rules::k8s::objects;
use crate::rules::{Rule, RuleMeta, Sink};

pub struct IstioAuthorizationDenyWithoutRules;

pub static META: RuleMeta = RuleMeta {
    id: "istio-authorization-deny-without-rules",
    summary: "An Istio DENY AuthorizationPolicy has no rules, so it denies nothing",
    severity: Severity::Medium,
    help: "add the rules that say what to deny, or use an ALLOW policy with no rules to deny all",
    docs: r#"## What it finds

An `AuthorizationPolicy` with `action: DENY` and no `rules`.

## Why it matters

A policy without rules matches no request: a DENY policy without rules denies nothing, although it reads like a deny-all. (A deny-all is an ALLOW policy with no rules, `spec: {}`.)

## How to fix

```yaml
# deny all requests to the namespace
spec: {}
```

## References

- Istio: Security Best Practices
- Istio: Authorization Policy reference
"#,
    references: &["Istio: Security Best Practices", "Istio: Authorization Policy reference"],
    tags: &["gitops", "istio", "security"],
    default_enabled: true,
};

impl Rule for IstioAuthorizationDenyWithoutRules {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, sink: &mut Sink<'_>) {
        if is(doc, "security.istio.io", &["AuthorizationPolicy"])
            && text(doc, "/spec/action") == Some("DENY")
            && objects::items(doc.value.at("/spec/rules")).is_empty()
        {
            sink.report(
                "/spec/action",
                format!("{} denies with no rules, which matches no request", who(doc)),
            );
        }
    }
}
