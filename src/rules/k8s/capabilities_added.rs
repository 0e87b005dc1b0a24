//! `k8s-capabilities-added`: containers that add Linux capabilities beyond the baseline default set.

use super::pod;
use crate::document::Lookup;
use crate::document::{Document, PodSpec};
use crate::finding::Severity;
use crate::rules::{Rule, RuleMeta, Sink};

pub struct CapabilitiesAdded;

/// Capabilities the Pod Security Standards baseline profile allows adding (container runtimes'
/// default set).
pub const BASELINE_ALLOWED: &[&str] = &[
    "AUDIT_WRITE",
    "CHOWN",
    "DAC_OVERRIDE",
    "FOWNER",
    "FSETID",
    "KILL",
    "MKNOD",
    "NET_BIND_SERVICE",
    "SETFCAP",
    "SETGID",
    "SETPCAP",
    "SETUID",
    "SYS_CHROOT",
];

pub static META: RuleMeta = RuleMeta {
    id: "k8s-capabilities-added",
    summary: "A container adds a Linux capability beyond the baseline default set",
    severity: Severity::High,
    help: "remove the capability from `securityContext.capabilities.add`",
    docs: r#"## What it finds

An item of a container's `securityContext.capabilities.add` that is not in the container
runtimes' default set, which the Pod Security Standards baseline profile allows:
`AUDIT_WRITE CHOWN DAC_OVERRIDE FOWNER FSETID KILL MKNOD NET_BIND_SERVICE SETFCAP SETGID SETPCAP
SETUID SYS_CHROOT`. Init and ephemeral containers are checked too.

## Why it matters

Capabilities such as `SYS_ADMIN`, `NET_ADMIN`, `SYS_PTRACE`, `SYS_MODULE` or `NET_RAW` give a
container powers close to root on the node: mounting file systems, reconfiguring the node's
network, tracing other processes, loading kernel modules, spoofing packets. `ALL` adds all of them.

## How to fix

Drop everything and add back only what the process needs (usually nothing, or
`NET_BIND_SERVICE` to bind a port below 1024):

```yaml
securityContext:
  capabilities:
    drop: [ALL]
    add: [NET_BIND_SERVICE]
```

## References

- Kubernetes Pod Security Standards, baseline: Capabilities
- CIS Kubernetes Benchmark v1.9, 5.2.9 Minimize the admission of containers with added capabilities
  (and 5.2.8 for `NET_RAW`)
"#,
    references: &["PSS baseline: Capabilities", "CIS Kubernetes 5.2.9", "CIS Kubernetes 5.2.8"],
    tags: &["security", "pss-baseline", "kubernetes", "capabilities"],
    default_enabled: true,
};

impl Rule for CapabilitiesAdded {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, sink: &mut Sink<'_>) {
        let Some(spec) = PodSpec::of(doc) else { return };
        for c in spec.containers() {
            for (i, cap) in pod::str_items(c.value.at("/securityContext/capabilities/add")) {
                if !BASELINE_ALLOWED.contains(&cap) {
                    sink.report(
                        &c.field(&format!("securityContext/capabilities/add/{i}")),
                        format!(
                            "{} adds capability `{cap}`, beyond the baseline default set",
                            pod::who(doc, &c)
                        ),
                    );
                }
            }
        }
    }
}
