//! `cert-manager-issuer-missing`: a cert-manager Certificate refers to an issuer that is not in the run.

use super::{cluster_names, is, names, text, who};
use crate::document::Document;
use crate::finding::{Finding, Severity};
use crate::rules::k8s::objects;
use crate::rules::{Rule, RuleMeta};

pub struct CertManagerIssuerMissing;

pub static META: RuleMeta = RuleMeta {
    id: "cert-manager-issuer-missing",
    summary: "A cert-manager Certificate refers to an issuer that is not in the run",
    severity: Severity::Low,
    help: "add the Issuer or ClusterIssuer, or fix `issuerRef`",
    docs: r#"## What it finds

A `Certificate` whose `issuerRef` names an `Issuer` (the default kind) of its namespace or a `ClusterIssuer` that no document of the run defines. External issuers (another `issuerRef.group`) are not checked. Low by default: a run may not hold every object of the cluster.

## Why it matters

The Certificate stays not ready ("issuer not found") and its Secret is never created or renewed: the Ingress serves the default certificate, or an expired one.

## How to fix

Point `issuerRef` at an existing issuer (`kind: ClusterIssuer` for cluster-wide ones).

## References

- cert-manager: Certificate resource
- cert-manager: webhook validation
"#,
    references: &["cert-manager: Certificate resource", "cert-manager: webhook validation"],
    tags: &["gitops", "cert-manager", "correctness", "cross-document"],
    default_enabled: true,
};

impl Rule for CertManagerIssuerMissing {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_all(&self, docs: &[Document], out: &mut Vec<Finding>) {
        let issuers = names(docs, "cert-manager.io", &["Issuer"]);
        let cluster = cluster_names(docs, "cert-manager.io", &["ClusterIssuer"]);
        for doc in docs.iter().filter(|d| is(d, "cert-manager.io", &["Certificate"])) {
            if text(doc, "/spec/issuerRef/group").is_some_and(|g| g != "cert-manager.io") {
                continue;
            }
            let Some(name) = text(doc, "/spec/issuerRef/name") else { continue };
            let ns = objects::namespace(doc);
            let (kind, found) = match text(doc, "/spec/issuerRef/kind").unwrap_or("Issuer") {
                "ClusterIssuer" => ("ClusterIssuer", cluster.contains(name)),
                _ => ("Issuer", issuers.contains(&(ns, name))),
            };
            if !found {
                let message = format!("{} is issued by {kind} {name}, which is not in the run", who(doc));
                objects::report(doc, &META, "/spec/issuerRef/name", message, out);
            }
        }
    }
}
