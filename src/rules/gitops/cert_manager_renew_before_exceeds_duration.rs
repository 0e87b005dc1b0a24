//! `cert-manager-renew-before-exceeds-duration`: a cert-manager Certificate renews before it is even issued (`renewBefore` ≥ `duration`).

use super::{go_duration, is, text, who};
use crate::document::Document;
use crate::finding::Severity;
use crate::rules::{Rule, RuleMeta, Sink};

pub struct CertManagerRenewBeforeExceedsDuration;

pub static META: RuleMeta = RuleMeta {
    id: "cert-manager-renew-before-exceeds-duration",
    summary: "A cert-manager Certificate renews before it is even issued (`renewBefore` ≥ `duration`)",
    severity: Severity::High,
    help: "make `renewBefore` shorter than `duration` (e.g. a third of it)",
    docs: r#"## What it finds

A `Certificate` whose `renewBefore` is at least its `duration` (`duration` defaults to 2160h, 90 days).

## Why it matters

cert-manager's webhook rejects such a Certificate; without the webhook the certificate is renewed continuously, hammering the issuer (and ACME rate limits) in a loop.

## How to fix

```yaml
spec:
  duration: 2160h
  renewBefore: 720h
```

## References

- cert-manager: Certificate resource
- cert-manager: webhook validation
"#,
    references: &["cert-manager: Certificate resource", "cert-manager: webhook validation"],
    tags: &["gitops", "cert-manager", "correctness"],
    default_enabled: true,
};

impl Rule for CertManagerRenewBeforeExceedsDuration {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, sink: &mut Sink<'_>) {
        if !is(doc, "cert-manager.io", &["Certificate"]) {
            return;
        }
        let duration = text(doc, "/spec/duration").map_or(Some(2160.0 * 3600.0), go_duration);
        let renew = text(doc, "/spec/renewBefore").and_then(go_duration);
        if let (Some(duration), Some(renew)) = (duration, renew)
            && renew >= duration
        {
            sink.report(
                "/spec/renewBefore",
                format!("{} renews {renew}s before expiry, but is valid for only {duration}s", who(doc)),
            );
        }
    }
}
