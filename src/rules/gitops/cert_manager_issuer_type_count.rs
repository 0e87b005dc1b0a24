//! `cert-manager-issuer-type-count`: a cert-manager Issuer configures zero or several issuer types.

use super::{is, who};
use crate::document::Document;
use crate::finding::Severity;
use crate::rules::{Rule, RuleMeta, Sink};

pub struct CertManagerIssuerTypeCount;

pub static META: RuleMeta = RuleMeta {
    id: "cert-manager-issuer-type-count",
    summary: "A cert-manager Issuer configures zero or several issuer types",
    severity: Severity::High,
    help: "configure exactly one of `acme`, `ca`, `vault`, `selfSigned`, `venafi`",
    docs: r#"## What it finds

An `Issuer` or `ClusterIssuer` whose spec has none, or more than one, of `acme`, `ca`, `vault`, `selfSigned` and `venafi`.

## Why it matters

cert-manager's webhook rejects the issuer ("exactly one issuer type"); without the webhook the issuer is not ready and no certificate it should sign is issued.

## How to fix

Keep the one issuer type meant, and split the others into their own issuers.

## References

- cert-manager: Issuer configuration
- cert-manager: webhook validation
"#,
    references: &["cert-manager: Issuer configuration", "cert-manager: webhook validation"],
    tags: &["gitops", "cert-manager", "correctness"],
    default_enabled: true,
};

impl Rule for CertManagerIssuerTypeCount {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, sink: &mut Sink<'_>) {
        if !is(doc, "cert-manager.io", &["Issuer", "ClusterIssuer"]) {
            return;
        }
        let spec = doc.value.get("spec");
        let types: Vec<&str> = ["acme", "ca", "vault", "selfSigned", "venafi"]
            .into_iter()
            .filter(|t| spec.and_then(|s| s.get(*t)).is_some_and(|v| !v.is_null()))
            .collect();
        match types.as_slice() {
            [_] => {}
            [] => {
                sink.report_key("/spec", format!("{} configures no issuer type", who(doc)));
            }
            several => {
                sink.report_key(
                    &format!("/spec/{}", several[1]),
                    format!("{} configures several issuer types ({})", who(doc), several.join(", ")),
                );
            }
        }
    }
}
