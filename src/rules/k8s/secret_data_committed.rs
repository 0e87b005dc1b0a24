//! `k8s-secret-data-committed`: a Secret manifest with its data is committed to the repository.

use serde_json::Value;

use super::objects;
use crate::document::Document;
use crate::finding::Severity;
use crate::rules::Sink;
use crate::rules::{Rule, RuleMeta};

pub struct SecretDataCommitted;

pub static META: RuleMeta = RuleMeta {
    id: "k8s-secret-data-committed",
    summary: "A Secret manifest with its data is committed to the repository",
    severity: Severity::High,
    help: "commit a SealedSecret or an ExternalSecret instead, and rotate the exposed values",
    docs: r##"**What**: a `v1` `Secret` with entries under `data` or `stringData`.

**Why**: base64 is an encoding, not encryption. Whoever can read the repository, its forks,
CI logs or any clone can read the secret, and it stays in the Git history forever.

**Fix**: store an encrypted or referenced form and let a controller create the Secret.

```yaml
apiVersion: external-secrets.io/v1beta1
kind: ExternalSecret
metadata:
  name: db-credentials
spec:
  secretStoreRef:
    name: vault
    kind: ClusterSecretStore
  target:
    name: db-credentials
  dataFrom:
    - extract:
        key: shop/db
```

Or encrypt it with Sealed Secrets (`kubeseal`) or SOPS. Rotate any value that was committed.

**References**: CIS Kubernetes Benchmark v1.9 5.4.2; NSA/CISA Kubernetes Hardening Guide (Secrets)."##,
    references: &["CIS Kubernetes 5.4.2", "NSA/CISA Kubernetes Hardening Guide: Secrets"],
    tags: &["cis-k8s", "nsa", "secrets"],
    default_enabled: true,
};

impl Rule for SecretDataCommitted {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, sink: &mut Sink<'_>) {
        if doc.kind() != "Secret" || doc.object.as_ref().is_none_or(|o| o.api_version != "v1") {
            return;
        }
        for field in ["data", "stringData"] {
            let Some(map) = doc.value.get(field).and_then(Value::as_object) else { continue };
            if map.is_empty() {
                continue;
            }
            let keys: Vec<&str> = map.keys().map(String::as_str).collect();
            sink.report_key(
                &format!("/{field}"),
                format!(
                    "Secret {} commits {} value(s) ({}) to the repository; use a SealedSecret or ExternalSecret",
                    objects::name(doc),
                    keys.len(),
                    keys.join(", ")
                ),
            );
        }
    }
}
