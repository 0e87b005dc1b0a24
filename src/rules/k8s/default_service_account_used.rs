//! `k8s-default-service-account-used`: a pod runs as its namespace's default service account with a token mounted.

use serde_json::Value;

use crate::document::{Document, PodSpec};
use crate::finding::Severity;
use crate::rules::Sink;
use crate::rules::{Rule, RuleMeta};

pub struct DefaultServiceAccountUsed;

pub static META: RuleMeta = RuleMeta {
    id: "k8s-default-service-account-used",
    summary: "A pod runs as its namespace's default service account with a token mounted",
    severity: Severity::Medium,
    help: "create a service account for the workload and set `serviceAccountName`",
    docs: r##"**What**: a pod (or the pod template of a workload) that sets no `serviceAccountName` (or sets
`default`) while its service account token is mounted (`automountServiceAccountToken` is not
`false`).

**Why**: all pods that do not choose a service account share `default`; any permission given
to it for one application is available to all of them, and their tokens are interchangeable.
A pod that mounts no token does not use the account, so it is not reported.

**Fix**: give each workload its own service account, or disable the token mount.

```yaml
spec:
  template:
    spec:
      serviceAccountName: checkout
```

**References**: CIS Kubernetes Benchmark v1.9 5.1.5."##,
    references: &["CIS Kubernetes 5.1.5"],
    tags: &["cis-k8s", "security"],
    default_enabled: true,
};

impl Rule for DefaultServiceAccountUsed {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, sink: &mut Sink<'_>) {
        let Some(pod) = PodSpec::of(doc) else { return };
        if pod.get("automountServiceAccountToken").and_then(Value::as_bool) == Some(false) {
            return;
        }
        let sa = pod.get("serviceAccountName").or_else(|| pod.get("serviceAccount")).and_then(Value::as_str);
        match sa {
            None | Some("") => {
                sink.report(
                    &pod.field("serviceAccountName"),
                    "the pod runs as the default service account with its token mounted",
                );
            }
            Some("default") => {
                let field = if pod.get("serviceAccountName").is_some() {
                    "serviceAccountName"
                } else {
                    "serviceAccount"
                };
                sink.report(
                    &pod.field(field),
                    "the pod runs as the default service account with its token mounted",
                );
            }
            Some(_) => {}
        }
    }
}
