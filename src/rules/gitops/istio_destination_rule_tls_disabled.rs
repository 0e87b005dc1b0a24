//! `istio-destination-rule-tls-disabled`: an Istio DestinationRule turns TLS off (`tls.mode: DISABLE`).

use super::{is, who};
use crate::document::{Document, Lookup};
use crate::finding::Severity;
use crate::rules::k8s::objects;
use crate::rules::{Rule, RuleMeta, Sink};

pub struct IstioDestinationRuleTlsDisabled;

pub static META: RuleMeta = RuleMeta {
    id: "istio-destination-rule-tls-disabled",
    summary: "An Istio DestinationRule turns TLS off (`tls.mode: DISABLE`)",
    severity: Severity::High,
    help: "use `ISTIO_MUTUAL` (or `MUTUAL`/`SIMPLE` for external hosts)",
    docs: r#"## What it finds

A `DestinationRule` whose `trafficPolicy.tls.mode` or a `portLevelSettings` entry's `tls.mode` is `DISABLE`.

## Why it matters

The client sidecars then send plain text to the host, even when the server requires mutual TLS (requests fail) or accepts plain text (requests travel unencrypted and unauthenticated).

## How to fix

```yaml
trafficPolicy:
  tls:
    mode: ISTIO_MUTUAL
```

## References

- Istio: Security Best Practices
- Istio: DestinationRule reference
"#,
    references: &["Istio: Security Best Practices", "Istio: DestinationRule reference"],
    tags: &["gitops", "istio", "security"],
    default_enabled: true,
};

impl Rule for IstioDestinationRuleTlsDisabled {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, sink: &mut Sink<'_>) {
        if !is(doc, "networking.istio.io", &["DestinationRule"]) {
            return;
        }
        let mut pointers = vec!["/spec/trafficPolicy/tls/mode".to_string()];
        let ports = objects::items(doc.value.at("/spec/trafficPolicy/portLevelSettings"));
        pointers
            .extend((0..ports.len()).map(|i| format!("/spec/trafficPolicy/portLevelSettings/{i}/tls/mode")));
        for pointer in pointers {
            if doc.value.at(&pointer).and_then(serde_json::Value::as_str) == Some("DISABLE") {
                sink.report(&pointer, format!("{} sends plain text to its host", who(doc)));
            }
        }
    }
}
