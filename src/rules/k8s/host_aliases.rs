//! `k8s-host-aliases`: a pod overrides name resolution with hostAliases.

use serde_json::Value;

use crate::document::{Document, PodSpec};
use crate::finding::Severity;
use crate::rules::Sink;
use crate::rules::{Rule, RuleMeta};

pub struct HostAliases;

pub static META: RuleMeta = RuleMeta {
    id: "k8s-host-aliases",
    summary: "A pod overrides name resolution with hostAliases",
    severity: Severity::Low,
    help: "publish the name in DNS (a Service, ExternalName or CoreDNS entry) instead of pinning an IP in /etc/hosts",
    docs: r##"**What**: a pod spec with `hostAliases`.

**Why**: entries are written into the container's `/etc/hosts`, bypassing cluster DNS. They pin
IP addresses that go stale, hide traffic redirection from reviewers and are a known way to
redirect a workload's traffic to an attacker-controlled address.

**Fix**: use a Service (for example `type: ExternalName`) or a DNS record.

```yaml
apiVersion: v1
kind: Service
metadata:
  name: legacy-db
spec:
  type: ExternalName
  externalName: db.internal.example.com
```

**References**: Kubernetes documentation, "Adding entries to Pod /etc/hosts with HostAliases"."##,
    references: &["Kubernetes documentation: Adding entries to Pod /etc/hosts with HostAliases"],
    tags: &["hygiene"],
    default_enabled: true,
};

impl Rule for HostAliases {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, sink: &mut Sink<'_>) {
        let Some(pod) = PodSpec::of(doc) else { return };
        if pod.get("hostAliases").and_then(Value::as_array).is_some_and(|a| !a.is_empty()) {
            sink.report_key(&pod.field("hostAliases"), "the pod overrides /etc/hosts with hostAliases");
        }
    }
}
