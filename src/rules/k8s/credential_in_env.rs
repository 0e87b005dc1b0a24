//! `k8s-credential-in-env`: a container environment variable holds a literal credential.

use serde_json::Value;

use super::objects;
use crate::document::{Document, PodSpec};
use crate::finding::Severity;
use crate::rules::Sink;
use crate::rules::{Rule, RuleMeta};

pub struct CredentialInEnv;

pub static META: RuleMeta = RuleMeta {
    id: "k8s-credential-in-env",
    summary: "A container environment variable holds a literal credential",
    severity: Severity::High,
    help: "move the value into a Secret (mounted as a file), and rotate it",
    docs: r##"**What**: a container `env` entry with a literal `value` that looks like a credential: the
variable is named like one (`*PASSWORD*`, `*SECRET*`, `*TOKEN*`, `*API_KEY*`, …) or the value
has the shape of one (an AWS access key id, a GitHub or Slack token, a private key, a URL with
a password). Empty values, `$(VAR)` references and obvious placeholders are ignored. The
message never contains the value: it says `REDACTED` and its length.

**Why**: the value is in the repository for everyone with read access and in Git history, and
is visible to anyone who can read the workload object in the cluster.

**Fix**:

```yaml
env:
  - name: DB_PASSWORD_FILE
    value: /var/run/secrets/db/password
volumeMounts:
  - name: db
    mountPath: /var/run/secrets/db
    readOnly: true
```

**References**: CIS Kubernetes Benchmark v1.9 5.4.1; NSA/CISA Kubernetes Hardening Guide (Secrets)."##,
    references: &["CIS Kubernetes 5.4.1", "NSA/CISA Kubernetes Hardening Guide: Secrets"],
    tags: &["cis-k8s", "nsa", "secrets"],
    default_enabled: true,
};

impl Rule for CredentialInEnv {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, sink: &mut Sink<'_>) {
        let Some(pod) = PodSpec::of(doc) else { return };
        for c in pod.containers() {
            for (i, env) in objects::items(c.value.get("env")).iter().enumerate() {
                let Some(value) = env.get("value").and_then(Value::as_str) else { continue };
                let name = env.get("name").and_then(Value::as_str).unwrap_or("");
                if objects::is_placeholder(value) {
                    continue;
                }
                let why = match objects::credential_value(value) {
                    Some(shape) => shape.to_string(),
                    // A URL without a password (checked above) is an endpoint, not a secret.
                    None if objects::credential_name(name)
                        && !value.contains("://")
                        && !value.trim().contains(char::is_whitespace) =>
                    {
                        "a credential".to_string()
                    }
                    None => continue,
                };
                sink.report(
                    &c.field(&format!("env/{i}/value")),
                    format!(
                        "container `{}` sets `{name}` to a literal value that looks like {why} ({})",
                        c.name(),
                        objects::redacted(value)
                    ),
                );
            }
        }
    }
}
