//! `k8s-capabilities-not-dropped`: containers that do not drop ALL capabilities, or add any but
//! NET_BIND_SERVICE.

use super::pod;
use crate::document::Lookup;
use crate::document::{Document, PodSpec};
use crate::finding::Severity;
use crate::rules::{Rule, RuleMeta, Sink};

pub struct CapabilitiesNotDropped;

pub static META: RuleMeta = RuleMeta {
    id: "k8s-capabilities-not-dropped",
    summary: "A container does not drop ALL capabilities, or adds one other than NET_BIND_SERVICE",
    severity: Severity::Medium,
    help: "set `capabilities.drop: [ALL]` and add back at most NET_BIND_SERVICE",
    docs: r#"## What it finds

A container, init container or ephemeral container whose `securityContext.capabilities`:

- does not list `ALL` in `drop` (reported at the `drop` list, or at the container when there is
  none), or
- lists in `add` anything other than `NET_BIND_SERVICE` (reported at the item).

Pods with `spec.os.name: windows` are exempt, as in the Pod Security Standards.

## Why it matters

Container runtimes grant a default set of capabilities (`CHOWN`, `DAC_OVERRIDE`, `FOWNER`,
`SETUID`, `NET_RAW`...), which most applications never use and attackers do: `NET_RAW` allows
spoofing and sniffing on the pod network, `DAC_OVERRIDE` bypasses file permissions. The Pod
Security Standards restricted profile requires dropping all of them.

## How to fix

```yaml
securityContext:
  capabilities:
    drop: [ALL]
    add: [NET_BIND_SERVICE]   # only if the process binds a port below 1024
```

## References

- Kubernetes Pod Security Standards, restricted: Capabilities
- CIS Kubernetes Benchmark v1.9, 5.2.10 Minimize the admission of containers with capabilities
  assigned (and 5.2.8 for `NET_RAW`)
"#,
    references: &["PSS restricted: Capabilities", "CIS Kubernetes 5.2.10", "CIS Kubernetes 5.2.8"],
    tags: &["security", "pss-restricted", "kubernetes", "capabilities"],
    default_enabled: true,
};

impl Rule for CapabilitiesNotDropped {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, sink: &mut Sink<'_>) {
        let Some(spec) = PodSpec::of(doc) else { return };
        if pod::is_windows(&spec) {
            return;
        }
        for c in spec.containers() {
            let who = pod::who(doc, &c);
            let drop = pod::present(c.value.at("/securityContext/capabilities/drop"));
            if !pod::str_items(drop).any(|(_, cap)| cap == "ALL") {
                let what = if drop.is_some() {
                    "drops some capabilities but not ALL"
                } else {
                    "does not drop ALL capabilities"
                };
                sink.report(&c.field("securityContext/capabilities/drop"), format!("{who} {what}"));
            }
            for (i, cap) in pod::str_items(c.value.at("/securityContext/capabilities/add")) {
                if cap != "NET_BIND_SERVICE" {
                    sink.report(
                        &c.field(&format!("securityContext/capabilities/add/{i}")),
                        format!("{who} adds capability `{cap}`; only NET_BIND_SERVICE may be added"),
                    );
                }
            }
        }
    }
}
