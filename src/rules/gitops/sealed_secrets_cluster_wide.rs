//! `sealed-secrets-cluster-wide`: a SealedSecret is sealed cluster-wide.

use super::{is, text, who};
use crate::document::Document;
use crate::finding::Severity;
use crate::rules::{Rule, RuleMeta, Sink};

pub struct SealedSecretsClusterWide;

pub static META: RuleMeta = RuleMeta {
    id: "sealed-secrets-cluster-wide",
    summary: "A SealedSecret is sealed cluster-wide",
    severity: Severity::Medium,
    help: "seal it in the default strict scope for its name and namespace",
    docs: r#"## What it finds

A SealedSecret annotated `sealedsecrets.bitnami.com/cluster-wide: "true"`.

## Why it matters

A cluster-wide SealedSecret can be unsealed under any name in any namespace: anyone who can create a SealedSecret in their own namespace can copy it there and read the secret, which weakens tenancy between namespaces (sealed-secrets #240).

## How to fix

Reseal with `kubeseal --scope strict` (the default).

## References

- Sealed Secrets: Scopes
- Sealed Secrets: SealedSecret template
"#,
    references: &["Sealed Secrets: Scopes", "Sealed Secrets: SealedSecret template"],
    tags: &["gitops", "sealed-secrets", "security"],
    default_enabled: true,
};

impl Rule for SealedSecretsClusterWide {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, sink: &mut Sink<'_>) {
        let pointer = "/metadata/annotations/sealedsecrets.bitnami.com~1cluster-wide";
        if is(doc, "bitnami.com", &["SealedSecret"]) && text(doc, pointer) == Some("true") {
            sink.report(pointer, format!("{} can be unsealed under any name in any namespace", who(doc)));
        }
    }
}
