//! `k8s-pod-service-account-token-automount`: a pod mounts a service account token without asking for it.

use std::collections::HashSet;

use serde_json::Value;

use super::objects;
use crate::document::Document;
use crate::finding::Finding;
use crate::finding::Severity;
use crate::rules::{Rule, RuleMeta};

pub struct PodServiceAccountTokenAutomount;

pub static META: RuleMeta = RuleMeta {
    id: "k8s-pod-service-account-token-automount",
    summary: "A pod mounts a service account token without asking for it",
    severity: Severity::Low,
    help: "set `automountServiceAccountToken: false` on the pod, or `true` if it calls the Kubernetes API",
    docs: r##"**What**: a pod (or pod template) that does not set `automountServiceAccountToken` while its
service account, as defined in the same run, does not disable automounting either (or is not
defined in the run at all).

**Why**: the token gives API access to anyone who gets code execution in the container. Making
the choice explicit per workload keeps tokens out of pods that never use them. This is a
cross-object check: a pod whose ServiceAccount (found anywhere in the run) sets
`automountServiceAccountToken: false` is fine.

**Fix**:

```yaml
spec:
  template:
    spec:
      serviceAccountName: frontend
      automountServiceAccountToken: false
```

**References**: CIS Kubernetes Benchmark v1.9 5.1.6."##,
    references: &["CIS Kubernetes 5.1.6"],
    tags: &["cis-k8s", "security", "cross-object"],
    default_enabled: true,
};

impl Rule for PodServiceAccountTokenAutomount {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_all(&self, docs: &[Document], out: &mut Vec<Finding>) {
        let disabled: HashSet<(&str, &str)> = docs
            .iter()
            .filter(|d| d.kind() == "ServiceAccount")
            .filter(|d| d.value.get("automountServiceAccountToken").and_then(Value::as_bool) == Some(false))
            .map(|d| (objects::namespace(d), objects::name(d)))
            .collect();
        for w in objects::workloads(docs) {
            if w.pod.get("automountServiceAccountToken").is_some() {
                continue;
            }
            let sa = w
                .pod
                .get("serviceAccountName")
                .or_else(|| w.pod.get("serviceAccount"))
                .and_then(Value::as_str)
                .filter(|s| !s.is_empty())
                .unwrap_or("default");
            if disabled.contains(&(w.namespace(), sa)) {
                continue;
            }
            let msg = format!(
                "{} mounts the token of service account `{sa}` implicitly; set automountServiceAccountToken",
                w.display()
            );
            objects::report(w.doc, &META, &w.pod.field("automountServiceAccountToken"), msg, out);
        }
    }
}
