//! `istio-virtual-service-wildcard-host`: an Istio VirtualService matches every host (`*`).

use super::{is, who};
use crate::document::{Document, Lookup};
use crate::finding::Severity;
use crate::rules::k8s::objects;
use crate::rules::{Rule, RuleMeta, Sink};

pub struct IstioVirtualServiceWildcardHost;

pub static META: RuleMeta = RuleMeta {
    id: "istio-virtual-service-wildcard-host",
    summary: "An Istio VirtualService matches every host (`*`)",
    severity: Severity::Medium,
    help: "list the hosts the VirtualService serves",
    docs: r#"## What it finds

A `VirtualService` whose `hosts` contains `*`.

## Why it matters

A wildcard host claims the traffic of every host on its gateways (or, for `mesh`, of every service in the mesh): it overrides other teams' routes and sends requests meant for other services to this one.

## How to fix

```yaml
spec:
  hosts: [api.example.com]
```

## References

- Istio: Security Best Practices
- Istio: VirtualService reference
- Kyverno policies: istio/prevent-wildcard-hosts
"#,
    references: &[
        "Istio: Security Best Practices",
        "Istio: VirtualService reference",
        "Kyverno policies: istio/prevent-wildcard-hosts",
    ],
    tags: &["gitops", "istio", "security"],
    default_enabled: true,
};

impl Rule for IstioVirtualServiceWildcardHost {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, sink: &mut Sink<'_>) {
        if !is(doc, "networking.istio.io", &["VirtualService"]) {
            return;
        }
        for (i, host) in objects::str_items(doc.value.at("/spec/hosts")) {
            if host == "*" {
                sink.report(&format!("/spec/hosts/{i}"), format!("{} matches every host", who(doc)));
            }
        }
    }
}
