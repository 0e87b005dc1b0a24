//! `k8s-credential-in-annotation`: an annotation holds a literal credential.

use crate::document::Lookup;
use serde_json::Value;

use super::objects;
use crate::document::{Document, PodSpec, pointer_push};
use crate::finding::Severity;
use crate::rules::Sink;
use crate::rules::{Rule, RuleMeta};

pub struct CredentialInAnnotation;

pub static META: RuleMeta = RuleMeta {
    id: "k8s-credential-in-annotation",
    summary: "An annotation holds a literal credential",
    severity: Severity::High,
    help: "remove the credential from the annotation, keep it in a Secret, and rotate it",
    docs: r##"**What**: an annotation of an object or of a pod template whose value has the shape of a
credential (AWS access key id, GitHub/Slack/Stripe token, private key, URL with a password).
The message never contains the value.

**Why**: annotations are readable by anyone who can `get` the object, are copied into events,
audit logs and dashboards, and are often not treated as sensitive by tooling.

**Fix**: reference a Secret instead.

```yaml
metadata:
  annotations:
    backup.example.com/target-secret: s3-credentials
```

**References**: CIS Kubernetes Benchmark v1.9 5.4.1; NSA/CISA Kubernetes Hardening Guide (Secrets)."##,
    references: &["CIS Kubernetes 5.4.1", "NSA/CISA Kubernetes Hardening Guide: Secrets"],
    tags: &["cis-k8s", "nsa", "secrets"],
    default_enabled: true,
};

impl Rule for CredentialInAnnotation {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, sink: &mut Sink<'_>) {
        let mut metas = vec!["/metadata".to_string()];
        if let Some(pod) = PodSpec::of(doc)
            && pod.pointer != "/spec"
        {
            metas.push(pod.metadata_pointer());
        }
        for meta in metas {
            let Some(annotations) = doc.value.at(&format!("{meta}/annotations")).and_then(Value::as_object)
            else {
                continue;
            };
            for (key, value) in annotations {
                let Some(value) = value.as_str() else { continue };
                if key == "kubectl.kubernetes.io/last-applied-configuration" || objects::is_placeholder(value)
                {
                    continue;
                }
                if let Some(shape) = objects::credential_value(value) {
                    let mut pointer = format!("{meta}/annotations");
                    pointer_push(&mut pointer, key);
                    sink.report(
                        &pointer,
                        format!("annotation `{key}` holds {shape} ({})", objects::redacted(value)),
                    );
                }
            }
        }
    }
}
