//! `external-secrets-store-missing`: an ExternalSecret refers to a SecretStore that is not in the run.

use super::{cluster_names, is, names, text, who};
use crate::document::Document;
use crate::finding::{Finding, Severity};
use crate::rules::k8s::objects;
use crate::rules::{Rule, RuleMeta};

pub struct ExternalSecretsStoreMissing;

pub static META: RuleMeta = RuleMeta {
    id: "external-secrets-store-missing",
    summary: "An ExternalSecret refers to a SecretStore that is not in the run",
    severity: Severity::Low,
    help: "add the SecretStore or ClusterSecretStore, or fix `secretStoreRef`",
    docs: r#"## What it finds

An ExternalSecret whose `secretStoreRef` names a `SecretStore` (the default kind) of its namespace or a `ClusterSecretStore` that no document of the run defines. Low by default: a run may not hold every object of the cluster.

## Why it matters

The ExternalSecret cannot fetch anything ("could not get SecretStore"): the Secret is never created, and the pods that mount it do not start.

## How to fix

Point `secretStoreRef` at an existing store (`kind: ClusterSecretStore` for a shared one).

## References

- External Secrets Operator: ExternalSecret API
- External Secrets Operator: Lifecycle
"#,
    references: &["External Secrets Operator: ExternalSecret API", "External Secrets Operator: Lifecycle"],
    tags: &["gitops", "external-secrets", "correctness", "cross-document"],
    default_enabled: true,
};

impl Rule for ExternalSecretsStoreMissing {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_all(&self, docs: &[Document], out: &mut Vec<Finding>) {
        let stores = names(docs, "external-secrets.io", &["SecretStore"]);
        let cluster = cluster_names(docs, "external-secrets.io", &["ClusterSecretStore"]);
        for doc in docs.iter().filter(|d| is(d, "external-secrets.io", &["ExternalSecret"])) {
            let Some(name) = text(doc, "/spec/secretStoreRef/name") else { continue };
            let ns = objects::namespace(doc);
            let (kind, found) = match text(doc, "/spec/secretStoreRef/kind").unwrap_or("SecretStore") {
                "ClusterSecretStore" => ("ClusterSecretStore", cluster.contains(name)),
                _ => ("SecretStore", stores.contains(&(ns, name))),
            };
            if !found {
                let message = format!("{} reads from {kind} {name}, which is not in the run", who(doc));
                objects::report(doc, &META, "/spec/secretStoreRef/name", message, out);
            }
        }
    }
}
