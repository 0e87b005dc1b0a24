//! `external-secrets-forbidden-policy-pair`: an ExternalSecret combines a creation and deletion policy the operator forbids.

use super::{is, text, who};
use crate::document::Document;
use crate::finding::Severity;
use crate::rules::{Rule, RuleMeta, Sink};

pub struct ExternalSecretsForbiddenPolicyPair;

pub static META: RuleMeta = RuleMeta {
    id: "external-secrets-forbidden-policy-pair",
    summary: "An ExternalSecret combines a creation and deletion policy the operator forbids",
    severity: Severity::High,
    help: "use `creationPolicy: Owner` with `deletionPolicy: Delete`, and `Merge` only with `Merge` or `Retain`",
    docs: r#"## What it finds

An ExternalSecret with `target.creationPolicy: Merge` and `target.deletionPolicy: Delete`, or `creationPolicy: None` and `deletionPolicy: Merge` or `Delete`.

## Why it matters

The operator's webhook rejects these pairs: it must not delete a Secret it does not own (Merge, None), and there is nothing to merge into without creating one. Without the webhook the ExternalSecret errors and the Secret is not kept in sync.

## How to fix

```yaml
target:
  creationPolicy: Owner
  deletionPolicy: Delete
```

## References

- External Secrets Operator: ExternalSecret API
- External Secrets Operator: Lifecycle
"#,
    references: &["External Secrets Operator: ExternalSecret API", "External Secrets Operator: Lifecycle"],
    tags: &["gitops", "external-secrets", "correctness"],
    default_enabled: true,
};

impl Rule for ExternalSecretsForbiddenPolicyPair {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, sink: &mut Sink<'_>) {
        if !is(doc, "external-secrets.io", &["ExternalSecret"]) {
            return;
        }
        let creation = text(doc, "/spec/target/creationPolicy").unwrap_or("Owner");
        let Some(deletion) = text(doc, "/spec/target/deletionPolicy") else { return };
        let forbidden = matches!((creation, deletion), ("Merge", "Delete") | ("None", "Merge" | "Delete"));
        if forbidden {
            sink.report("/spec/target/deletionPolicy", format!("{} combines creationPolicy {creation} with deletionPolicy {deletion}, which the operator rejects", who(doc)));
        }
    }
}
