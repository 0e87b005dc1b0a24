//! `sealed-secrets-template-mismatch`: a strict-scope SealedSecret names a different Secret in its template.

use super::{is, text, who};
use crate::document::Document;
use crate::finding::Severity;
use crate::rules::{Rule, RuleMeta, Sink};

pub struct SealedSecretsTemplateMismatch;

pub static META: RuleMeta = RuleMeta {
    id: "sealed-secrets-template-mismatch",
    summary: "A strict-scope SealedSecret names a different Secret in its template",
    severity: Severity::High,
    help: "keep `spec.template.metadata` name and namespace equal to the SealedSecret's, or reseal",
    docs: r#"## What it finds

A SealedSecret in the default `strict` scope (no `sealedsecrets.bitnami.com/cluster-wide` or `namespace-wide` annotation) whose `spec.template.metadata.name` or `namespace` differs from its own name or namespace.

## Why it matters

In strict scope the name and namespace are part of the encryption: the controller decrypts only under the name and namespace it was sealed for, so a renamed or moved SealedSecret (by hand, or by a Kustomize `namePrefix`/`namespace`) fails to unseal and the Secret is never created (sealed-secrets #113, #294, #450).

## How to fix

Reseal the secret for the new name and namespace with `kubeseal`, or keep the template in step with the object.

## References

- Sealed Secrets: Scopes
- Sealed Secrets: SealedSecret template
"#,
    references: &["Sealed Secrets: Scopes", "Sealed Secrets: SealedSecret template"],
    tags: &["gitops", "sealed-secrets", "correctness"],
    default_enabled: true,
};

impl Rule for SealedSecretsTemplateMismatch {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, sink: &mut Sink<'_>) {
        if !is(doc, "bitnami.com", &["SealedSecret"]) {
            return;
        }
        let flag = |k: &str| {
            text(doc, &format!("/metadata/annotations/sealedsecrets.bitnami.com~1{k}")) == Some("true")
        };
        if flag("cluster-wide") || flag("namespace-wide") {
            return;
        }
        for field in ["name", "namespace"] {
            let own = text(doc, &format!("/metadata/{field}"));
            let pointer = format!("/spec/template/metadata/{field}");
            if let Some(template) = text(doc, &pointer)
                && own.is_some_and(|o| o != template)
            {
                sink.report(&pointer, format!("{} is sealed in strict scope but its template's {field} is `{template}`: it cannot be unsealed", who(doc)));
            }
        }
    }
}
