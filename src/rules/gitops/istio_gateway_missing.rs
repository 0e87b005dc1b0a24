//! `istio-gateway-missing`: an Istio VirtualService is bound to a Gateway that is not in the run.

use super::{is, names, who};
use crate::document::Document;
use crate::finding::{Finding, Severity};
use crate::rules::k8s::objects;
use crate::rules::{Rule, RuleMeta};

pub struct IstioGatewayMissing;

pub static META: RuleMeta = RuleMeta {
    id: "istio-gateway-missing",
    summary: "An Istio VirtualService is bound to a Gateway that is not in the run",
    severity: Severity::Low,
    help: "add the Gateway, or fix the `gateways` entry (`namespace/name`)",
    docs: r#"## What it finds

A `VirtualService` whose `gateways` names (`name` in its own namespace, or `namespace/name`) a Gateway that no document of the run defines (`mesh` is the sidecars, not a Gateway). Low by default: a run may not hold every object of the cluster. Like `istioctl analyze` IST0101.

## Why it matters

Routes bound to a missing gateway are never programmed: the host is not served at the edge and requests get a 404 from the ingress gateway.

## How to fix

Reference the gateway as `namespace/name` when it lives elsewhere, or add it.

## References

- Istio: istioctl analyze IST0101 ReferencedResourceNotFound
- Istio: VirtualService reference
"#,
    references: &[
        "Istio: istioctl analyze IST0101 ReferencedResourceNotFound",
        "Istio: VirtualService reference",
    ],
    tags: &["gitops", "istio", "correctness", "cross-document"],
    default_enabled: true,
};

impl Rule for IstioGatewayMissing {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_all(&self, docs: &[Document], out: &mut Vec<Finding>) {
        let gateways = names(docs, "networking.istio.io", &["Gateway"]);
        for doc in docs.iter().filter(|d| is(d, "networking.istio.io", &["VirtualService"])) {
            let ns = objects::namespace(doc);
            for (i, gateway) in objects::str_items(doc.value.get("spec").and_then(|s| s.get("gateways"))) {
                if gateway == "mesh" {
                    continue;
                }
                let (gw_ns, gw_name) = gateway.split_once('/').unwrap_or((ns, gateway));
                if !gateways.contains(&(gw_ns, gw_name)) {
                    let message = format!(
                        "{} is bound to Gateway {gw_ns}/{gw_name}, which is not in the run",
                        who(doc)
                    );
                    objects::report(doc, &META, &format!("/spec/gateways/{i}"), message, out);
                }
            }
        }
    }
}
