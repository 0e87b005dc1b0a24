//! `rollouts-virtual-service-missing`: an Argo Rollout routes traffic through an Istio VirtualService that is not in the run.

use super::{is, names, text, who};
use crate::document::Document;
use crate::finding::{Finding, Severity};
use crate::rules::k8s::objects;
use crate::rules::{Rule, RuleMeta};

pub struct RolloutsVirtualServiceMissing;

pub static META: RuleMeta = RuleMeta {
    id: "rollouts-virtual-service-missing",
    summary: "An Argo Rollout routes traffic through an Istio VirtualService that is not in the run",
    severity: Severity::Low,
    help: "add the VirtualService, or fix `trafficRouting.istio.virtualService.name`",
    docs: r#"## What it finds

A Rollout whose `canary.trafficRouting.istio` names a VirtualService (`virtualService.name` or `virtualServices[].name`) that no document of the run defines in the Rollout's namespace. Low by default: a run may not hold every object of the cluster.

## Why it matters

The controller cannot set the route weights: the rollout errors and traffic stays on the stable version, or the canary gets none.

## How to fix

Define the VirtualService with the routes the Rollout manages, or correct the name.

## References

- Argo Rollouts: Rollout specification
- Argo Rollouts: Best Practices
- Argo Rollouts: Istio traffic management
"#,
    references: &[
        "Argo Rollouts: Rollout specification",
        "Argo Rollouts: Best Practices",
        "Argo Rollouts: Istio traffic management",
    ],
    tags: &["gitops", "rollouts", "istio", "cross-document"],
    default_enabled: true,
};

impl Rule for RolloutsVirtualServiceMissing {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_all(&self, docs: &[Document], out: &mut Vec<Finding>) {
        let services = names(docs, "networking.istio.io", &["VirtualService"]);
        for doc in docs.iter().filter(|d| is(d, "argoproj.io", &["Rollout"])) {
            let ns = objects::namespace(doc);
            let istio = "/spec/strategy/canary/trafficRouting/istio";
            let mut pointers = vec![format!("{istio}/virtualService/name")];
            let list = crate::document::Lookup::at(&doc.value, &format!("{istio}/virtualServices"));
            pointers
                .extend((0..objects::items(list).len()).map(|i| format!("{istio}/virtualServices/{i}/name")));
            for pointer in pointers {
                let Some(name) = text(doc, &pointer) else { continue };
                let (vs_ns, vs_name) = name.split_once('/').unwrap_or((ns, name));
                if !services.contains(&(vs_ns, vs_name)) {
                    let message = format!(
                        "{} routes through VirtualService {vs_ns}/{vs_name}, which is not in the run",
                        who(doc)
                    );
                    objects::report(doc, &META, &pointer, message, out);
                }
            }
        }
    }
}
