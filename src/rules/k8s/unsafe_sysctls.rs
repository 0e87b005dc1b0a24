//! `k8s-unsafe-sysctls`: pod sysctls outside the Pod Security Standards safe set.

use serde_json::Value;

use super::pod;
use crate::document::{Document, PodSpec};
use crate::finding::Severity;
use crate::rules::{Rule, RuleMeta, Sink};

pub struct UnsafeSysctls;

/// Sysctls the Pod Security Standards baseline profile allows (namespaced and isolated from the node).
pub const SAFE: &[&str] = &[
    "kernel.shm_rmid_forced",
    "net.ipv4.ip_local_port_range",
    "net.ipv4.ip_local_reserved_ports",
    "net.ipv4.ip_unprivileged_port_start",
    "net.ipv4.tcp_syncookies",
    "net.ipv4.ping_group_range",
    "net.ipv4.tcp_keepalive_time",
    "net.ipv4.tcp_fin_timeout",
    "net.ipv4.tcp_keepalive_intvl",
    "net.ipv4.tcp_keepalive_probes",
    "net.ipv4.tcp_rmem",
    "net.ipv4.tcp_wmem",
];

pub static META: RuleMeta = RuleMeta {
    id: "k8s-unsafe-sysctls",
    summary: "A pod sets a sysctl outside the safe set",
    severity: Severity::Medium,
    help: "remove the sysctl, or tune it on the nodes instead of in the pod",
    docs: r#"## What it finds

An item of the pod's `securityContext.sysctls` whose `name` is not one of the sysctls the Pod
Security Standards baseline profile considers safe: `kernel.shm_rmid_forced`,
`net.ipv4.ip_local_port_range`, `net.ipv4.ip_local_reserved_ports`,
`net.ipv4.ip_unprivileged_port_start`, `net.ipv4.tcp_syncookies`, `net.ipv4.ping_group_range`,
`net.ipv4.tcp_keepalive_time`, `net.ipv4.tcp_fin_timeout`, `net.ipv4.tcp_keepalive_intvl`,
`net.ipv4.tcp_keepalive_probes`, `net.ipv4.tcp_rmem`, `net.ipv4.tcp_wmem`. Names written with `/`
separators (`kernel/shm_rmid_forced`) are compared in their dotted form.

## Why it matters

Other sysctls are either not namespaced (they change the whole node, affecting every pod on it)
or can be abused to exhaust the node's kernel resources. The kubelet refuses unsafe sysctls
unless explicitly allowed, and the Pod Security Standards baseline profile forbids them.

## How to fix

Keep only safe sysctls in the pod:

```yaml
spec:
  securityContext:
    sysctls:
      - name: net.ipv4.ip_local_port_range
        value: "1024 65000"
```

Tune node-wide kernel parameters on the nodes themselves (node image, DaemonSet in an exempted
namespace).

## References

- Kubernetes Pod Security Standards, baseline: Sysctls
- Kubernetes documentation: Using sysctls in a Kubernetes Cluster
- CIS Kubernetes Benchmark v1.9, 5.7.3 Apply Security Context to Your Pods and Containers
"#,
    references: &["PSS baseline: Sysctls", "CIS Kubernetes 5.7.3"],
    tags: &["security", "pss-baseline", "kubernetes"],
    default_enabled: true,
};

impl Rule for UnsafeSysctls {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, sink: &mut Sink<'_>) {
        let Some(spec) = PodSpec::of(doc) else { return };
        for (i, sysctl) in pod::items(spec.get("securityContext/sysctls")).iter().enumerate() {
            let Some(name) = sysctl.get("name").and_then(Value::as_str) else { continue };
            if SAFE.contains(&name.replace('/', ".").as_str()) {
                continue;
            }
            sink.report(
                &spec.field(&format!("securityContext/sysctls/{i}/name")),
                format!("{} sets unsafe sysctl `{name}`", pod::object(doc)),
            );
        }
    }
}
