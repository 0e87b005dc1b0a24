//! `cert-manager-short-duration`: a cert-manager Certificate is requested for less than an hour.

use super::{go_duration, is, text, who};
use crate::document::Document;
use crate::finding::Severity;
use crate::rules::{Rule, RuleMeta, Sink};

pub struct CertManagerShortDuration;

pub static META: RuleMeta = RuleMeta {
    id: "cert-manager-short-duration",
    summary: "A cert-manager Certificate is requested for less than an hour",
    severity: Severity::Medium,
    help: "request at least `duration: 1h`",
    docs: r#"## What it finds

A `Certificate` with a `duration` below one hour.

## Why it matters

cert-manager rejects durations under an hour; issuers that accept them force renewals faster than clients reload certificates, and any issuer outage expires the certificate almost at once.

## How to fix

```yaml
spec:
  duration: 24h
```

## References

- cert-manager: Certificate resource
- cert-manager: webhook validation
"#,
    references: &["cert-manager: Certificate resource", "cert-manager: webhook validation"],
    tags: &["gitops", "cert-manager", "reliability"],
    default_enabled: true,
};

impl Rule for CertManagerShortDuration {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, sink: &mut Sink<'_>) {
        if !is(doc, "cert-manager.io", &["Certificate"]) {
            return;
        }
        if let Some(duration) = text(doc, "/spec/duration").and_then(go_duration)
            && duration < 3600.0
        {
            sink.report(
                "/spec/duration",
                format!("{} is requested for {duration}s, less than the 1h minimum", who(doc)),
            );
        }
    }
}
