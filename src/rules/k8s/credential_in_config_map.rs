//! `k8s-credential-in-config-map`: a ConfigMap holds a literal credential.

use serde_json::Value;

use super::objects;
use crate::document::{Document, ptr};
use crate::finding::Severity;
use crate::rules::Sink;
use crate::rules::{Rule, RuleMeta};
use crate::source::Span;

pub struct CredentialInConfigMap;

pub static META: RuleMeta = RuleMeta {
    id: "k8s-credential-in-config-map",
    summary: "A ConfigMap holds a literal credential",
    severity: Severity::High,
    help: "move the value into a Secret managed outside the repository, and rotate it",
    docs: r##"**What**: a `ConfigMap` entry that holds a credential: its key is named like one
(`password`, `api-key`, `client_secret`, …) with a literal value, or a line of an embedded
configuration file assigns one (`spring.datasource.password=…`, `token: …`), or a value has the
shape of a known credential (AWS access key id, GitHub/Slack/Stripe token, private key, URL
with a password). Placeholders such as `${DB_PASSWORD}`, empty values (`""`, `[]`) and references
to a Secret by name (`secretName:`, `existingSecret:`, `imagePullSecrets:`) are ignored. The
message never contains the value.

**Why**: ConfigMaps are not meant for secrets: they are readable by far more roles than Secrets,
end up in logs and dashboards, and live in Git history.

**Fix**: keep the non-secret configuration in the ConfigMap and reference a Secret for the rest.

```yaml
data:
  application.properties: |
    spring.datasource.url=jdbc:postgresql://db:5432/shop
    spring.datasource.password=${DB_PASSWORD}
```

**References**: CIS Kubernetes Benchmark v1.9 5.4.1; NSA/CISA Kubernetes Hardening Guide (Secrets)."##,
    references: &["CIS Kubernetes 5.4.1", "NSA/CISA Kubernetes Hardening Guide: Secrets"],
    tags: &["cis-k8s", "nsa", "secrets"],
    default_enabled: true,
};

impl Rule for CredentialInConfigMap {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, sink: &mut Sink<'_>) {
        if doc.kind() != "ConfigMap" {
            return;
        }
        let Some(data) = doc.value.get("data").and_then(Value::as_object) else { return };
        for (key, value) in data {
            let Some(value) = value.as_str() else { continue };
            let pointer = ptr(&["data", key.as_str()]);
            if let Some(found) = objects::find_credential(key, value) {
                let finding = sink.report(
                    &pointer,
                    format!("ConfigMap {} key `{key}` {}", objects::name(doc), found.message),
                );
                // Point at the offending line of an embedded file rather than at the start of the value.
                if let Some(needle) = found.line
                    && let Some(text) =
                        finding.file.text.get(finding.span.start as usize..finding.span.end as usize)
                    && let Some(at) = text.find(needle)
                {
                    let start = finding.span.start as usize + at;
                    finding.span = Span::new(start, start + needle.len());
                }
            }
        }
    }
}
