//! `k8s-service-account-token-automount`: a ServiceAccount lets every pod mount its API token by default.

use serde_json::Value;

use super::objects;
use crate::document::Document;
use crate::finding::Severity;
use crate::rules::Sink;
use crate::rules::{Rule, RuleMeta};

pub struct ServiceAccountTokenAutomount;

pub static META: RuleMeta = RuleMeta {
    id: "k8s-service-account-token-automount",
    summary: "A ServiceAccount lets every pod mount its API token by default",
    severity: Severity::Low,
    help: "set `automountServiceAccountToken: false` on the ServiceAccount and `true` on the pods that call the API",
    docs: r##"**What**: a `ServiceAccount` that does not set `automountServiceAccountToken: false`.

**Why**: most applications never call the Kubernetes API, yet by default every pod gets a token
mounted at `/var/run/secrets/kubernetes.io/serviceaccount`; an attacker with code execution in
the container can use it. Opting in per pod keeps tokens only where needed.

**Fix**:

```yaml
apiVersion: v1
kind: ServiceAccount
metadata:
  name: frontend
automountServiceAccountToken: false
```

Pods that do need the API set `automountServiceAccountToken: true` in their spec.

**References**: CIS Kubernetes Benchmark v1.9 5.1.6; NSA/CISA Kubernetes Hardening Guide."##,
    references: &["CIS Kubernetes 5.1.6", "NSA/CISA Kubernetes Hardening Guide: Pod security"],
    tags: &["cis-k8s", "security"],
    default_enabled: true,
};

impl Rule for ServiceAccountTokenAutomount {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, sink: &mut Sink<'_>) {
        if doc.kind() != "ServiceAccount" || doc.object.as_ref().is_none_or(|o| o.api_version != "v1") {
            return;
        }
        match doc.value.get("automountServiceAccountToken").and_then(Value::as_bool) {
            Some(false) => {}
            Some(true) => {
                sink.report(
                    "/automountServiceAccountToken",
                    "the service account mounts its token into every pod",
                );
            }
            None => {
                sink.report_object(format!(
                    "ServiceAccount {} mounts its token into every pod by default",
                    objects::name(doc)
                ));
            }
        }
    }
}
