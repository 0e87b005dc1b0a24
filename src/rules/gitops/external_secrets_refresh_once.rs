//! `external-secrets-refresh-once`: an ExternalSecret is fetched once and never refreshed (`refreshInterval: 0`).

use super::{go_duration, is, who};
use crate::document::{Document, Lookup};
use crate::finding::Severity;
use crate::rules::{Rule, RuleMeta, Sink};

pub struct ExternalSecretsRefreshOnce;

pub static META: RuleMeta = RuleMeta {
    id: "external-secrets-refresh-once",
    summary: "An ExternalSecret is fetched once and never refreshed (`refreshInterval: 0`)",
    severity: Severity::Medium,
    help: "set a `refreshInterval` such as `1h`",
    docs: r#"## What it finds

An ExternalSecret with `refreshInterval` 0 (`0`, `0s`, `0m`, `0h`).

## Why it matters

A zero interval fetches the secret once and never again: a rotated password in the provider never reaches the cluster, and the application breaks at the next rotation — or keeps a leaked credential forever.

## How to fix

```yaml
spec:
  refreshInterval: 1h
```

## References

- External Secrets Operator: ExternalSecret API
- External Secrets Operator: Lifecycle
"#,
    references: &["External Secrets Operator: ExternalSecret API", "External Secrets Operator: Lifecycle"],
    tags: &["gitops", "external-secrets", "security"],
    default_enabled: true,
};

impl Rule for ExternalSecretsRefreshOnce {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, sink: &mut Sink<'_>) {
        if !is(doc, "external-secrets.io", &["ExternalSecret"]) {
            return;
        }
        let zero = match doc.value.at("/spec/refreshInterval") {
            Some(serde_json::Value::String(s)) => go_duration(s) == Some(0.0),
            Some(serde_json::Value::Number(n)) => n.as_f64() == Some(0.0),
            _ => false,
        };
        if zero {
            sink.report("/spec/refreshInterval", format!("{} is fetched once and never refreshed", who(doc)));
        }
    }
}
