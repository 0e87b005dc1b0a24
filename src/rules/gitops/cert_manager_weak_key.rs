//! `cert-manager-weak-key`: a cert-manager Certificate asks for a weak private key.

use super::{is, text, who};
use crate::document::{Document, Lookup};
use crate::finding::Severity;
use crate::rules::{Rule, RuleMeta, Sink};

pub struct CertManagerWeakKey;

pub static META: RuleMeta = RuleMeta {
    id: "cert-manager-weak-key",
    summary: "A cert-manager Certificate asks for a weak private key",
    severity: Severity::High,
    help: "use RSA with `size: 2048` or more, or ECDSA with 256, 384 or 521",
    docs: r#"## What it finds

A `Certificate` whose `privateKey` is RSA (the default) with a `size` under 2048, or ECDSA with a size other than 256, 384 or 521.

## Why it matters

RSA keys under 2048 bits are factorable with modest resources and rejected by browsers and most TLS stacks; cert-manager rejects ECDSA sizes other than the three NIST curves.

## How to fix

```yaml
spec:
  privateKey:
    algorithm: ECDSA
    size: 256
```

## References

- cert-manager: Certificate resource
- cert-manager: webhook validation
- NIST SP 800-131A Rev. 2
"#,
    references: &[
        "cert-manager: Certificate resource",
        "cert-manager: webhook validation",
        "NIST SP 800-131A Rev. 2",
    ],
    tags: &["gitops", "cert-manager", "security"],
    default_enabled: true,
};

impl Rule for CertManagerWeakKey {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, sink: &mut Sink<'_>) {
        if !is(doc, "cert-manager.io", &["Certificate"]) {
            return;
        }
        let Some(size) = doc.value.at("/spec/privateKey/size").and_then(serde_json::Value::as_i64) else {
            return;
        };
        let weak = match text(doc, "/spec/privateKey/algorithm").unwrap_or("RSA") {
            "RSA" => size < 2048,
            "ECDSA" => !matches!(size, 256 | 384 | 521),
            _ => false,
        };
        if weak {
            sink.report(
                "/spec/privateKey/size",
                format!("{} asks for a weak {size}-bit private key", who(doc)),
            );
        }
    }
}
