//! `istio-peer-authentication-not-strict`: an Istio PeerAuthentication accepts plain-text traffic (PERMISSIVE or DISABLE).

use super::{is, text, who};
use crate::document::{Document, Lookup};
use crate::finding::Severity;
use crate::rules::{Rule, RuleMeta, Sink};

pub struct IstioPeerAuthenticationNotStrict;

pub static META: RuleMeta = RuleMeta {
    id: "istio-peer-authentication-not-strict",
    summary: "An Istio PeerAuthentication accepts plain-text traffic (PERMISSIVE or DISABLE)",
    severity: Severity::High,
    help: "set `mtls.mode: STRICT` (and on every `portLevelMtls` entry)",
    docs: r#"## What it finds

A `PeerAuthentication` whose `mtls.mode` or a `portLevelMtls` entry's mode is `PERMISSIVE` or `DISABLE`. `UNSET` inherits from the parent policy and is not reported.

## Why it matters

PERMISSIVE (Istio's default) accepts plain-text connections next to mutual TLS: any pod, including one outside the mesh, can reach the workload without an identity, and AuthorizationPolicies on principals can be bypassed. DISABLE turns mTLS off altogether.

## How to fix

```yaml
spec:
  mtls:
    mode: STRICT
```

## References

- Istio: Security Best Practices
- Istio: PeerAuthentication reference
- Kyverno policies: istio/enforce-strict-mtls
"#,
    references: &[
        "Istio: Security Best Practices",
        "Istio: PeerAuthentication reference",
        "Kyverno policies: istio/enforce-strict-mtls",
    ],
    tags: &["gitops", "istio", "security"],
    default_enabled: true,
};

impl Rule for IstioPeerAuthenticationNotStrict {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, sink: &mut Sink<'_>) {
        if !is(doc, "security.istio.io", &["PeerAuthentication"]) {
            return;
        }
        let weak = |mode: Option<&str>| matches!(mode, Some("PERMISSIVE" | "DISABLE"));
        if let Some(mode) = text(doc, "/spec/mtls/mode").filter(|m| weak(Some(m))) {
            sink.report("/spec/mtls/mode", format!("{} accepts plain-text traffic (mode {mode})", who(doc)));
        }
        if let Some(ports) = doc.value.at("/spec/portLevelMtls").and_then(serde_json::Value::as_object) {
            for (port, setting) in ports {
                let mode = setting.get("mode").and_then(serde_json::Value::as_str);
                if weak(mode) {
                    let pointer = format!("/spec/portLevelMtls/{port}/mode");
                    sink.report(
                        &pointer,
                        format!(
                            "{} accepts plain-text traffic on port {port} (mode {})",
                            who(doc),
                            mode.unwrap_or_default()
                        ),
                    );
                }
            }
        }
    }
}
