//! `k8s-ingress-tls-missing`: an Ingress serves a host without TLS.

use crate::document::Lookup;
use serde_json::Value;

use super::objects;
use crate::document::Document;
use crate::finding::Severity;
use crate::rules::Sink;
use crate::rules::{Rule, RuleMeta};

pub struct IngressTlsMissing;

pub static META: RuleMeta = RuleMeta {
    id: "k8s-ingress-tls-missing",
    summary: "An Ingress serves a host without TLS",
    severity: Severity::Medium,
    help: "add a `tls` entry covering every host of the Ingress",
    docs: r##"**What**: an `Ingress` rule whose `host` is not listed under any `spec.tls[].hosts` (an Ingress
without `tls` at all serves every host in clear text).

**Why**: traffic to the host, including session cookies and credentials, crosses the network
unencrypted and can be read or altered on the way.

**Fix**:

```yaml
spec:
  tls:
    - hosts: ["shop.example.com"]
      secretName: shop-tls
  rules:
    - host: shop.example.com
```

**References**: NSA/CISA Kubernetes Hardening Guide (Network separation and hardening: encrypt
traffic)."##,
    references: &["NSA/CISA Kubernetes Hardening Guide: Network separation and hardening"],
    tags: &["nsa", "network", "security"],
    default_enabled: true,
};

impl Rule for IngressTlsMissing {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, sink: &mut Sink<'_>) {
        if doc.kind() != "Ingress" {
            return;
        }
        let tls_hosts: Vec<&str> = objects::items(doc.value.at("/spec/tls"))
            .iter()
            .flat_map(|t| objects::str_items(t.get("hosts")).map(|(_, h)| h))
            .collect();
        for (i, rule) in objects::items(doc.value.at("/spec/rules")).iter().enumerate() {
            let Some(host) = rule.get("host").and_then(Value::as_str) else { continue };
            if !tls_hosts.iter().any(|t| *t == host || wildcard_covers(t, host)) {
                sink.report(
                    &format!("/spec/rules/{i}/host"),
                    format!("Ingress {} serves `{host}` without TLS", objects::name(doc)),
                );
            }
        }
    }
}

/// True when a TLS host like `*.example.com` covers `shop.example.com` (one label deep).
fn wildcard_covers(pattern: &str, host: &str) -> bool {
    pattern.strip_prefix("*.").is_some_and(|suffix| {
        host.strip_suffix(suffix)
            .and_then(|label| label.strip_suffix('.'))
            .is_some_and(|l| !l.is_empty() && !l.contains('.'))
    })
}
