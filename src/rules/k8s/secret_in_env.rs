//! `k8s-secret-in-env`: a Secret is passed to a container as environment variables.

use crate::document::Lookup;
use serde_json::Value;

use super::objects;
use crate::document::{Document, PodSpec};
use crate::finding::Severity;
use crate::rules::Sink;
use crate::rules::{Rule, RuleMeta};

pub struct SecretInEnv;

pub static META: RuleMeta = RuleMeta {
    id: "k8s-secret-in-env",
    summary: "A Secret is passed to a container as environment variables",
    severity: Severity::Medium,
    help: "mount the Secret as a volume and read the file instead",
    docs: r##"**What**: a container `env` entry using `valueFrom.secretKeyRef`, or an `envFrom` entry using
`secretRef`.

**Why**: environment variables leak: they are inherited by child processes, printed by crash
handlers and debug endpoints, visible in `/proc/<pid>/environ` and often logged. Mounted files
are not, and they are updated when the Secret rotates.

**Fix**:

```yaml
containers:
  - name: app
    volumeMounts:
      - name: db
        mountPath: /var/run/secrets/db
        readOnly: true
volumes:
  - name: db
    secret:
      secretName: db-credentials
```

**References**: CIS Kubernetes Benchmark v1.9 5.4.1."##,
    references: &["CIS Kubernetes 5.4.1"],
    tags: &["cis-k8s", "secrets"],
    default_enabled: true,
};

impl Rule for SecretInEnv {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, sink: &mut Sink<'_>) {
        let Some(pod) = PodSpec::of(doc) else { return };
        for c in pod.containers() {
            for (i, env) in objects::items(c.value.get("env")).iter().enumerate() {
                if let Some(secret) = env.at("/valueFrom/secretKeyRef") {
                    let var = env.get("name").and_then(Value::as_str).unwrap_or("");
                    let from = secret.get("name").and_then(Value::as_str).unwrap_or("");
                    sink.report_key(
                        &c.field(&format!("env/{i}/valueFrom/secretKeyRef")),
                        format!(
                            "container `{}` reads Secret `{from}` into environment variable `{var}`",
                            c.name()
                        ),
                    );
                }
            }
            for (i, env) in objects::items(c.value.get("envFrom")).iter().enumerate() {
                if let Some(secret) = env.get("secretRef") {
                    let from = secret.get("name").and_then(Value::as_str).unwrap_or("");
                    sink.report_key(
                        &c.field(&format!("envFrom/{i}/secretRef")),
                        format!(
                            "container `{}` loads every key of Secret `{from}` into its environment",
                            c.name()
                        ),
                    );
                }
            }
        }
    }
}
