//! `rollouts-service-missing`: an Argo Rollout refers to a Service that is not in the run.

use super::{is, text, who};
use crate::document::Document;
use crate::finding::{Finding, Severity};
use crate::rules::k8s::objects;
use crate::rules::{Rule, RuleMeta};

pub struct RolloutsServiceMissing;

pub static META: RuleMeta = RuleMeta {
    id: "rollouts-service-missing",
    summary: "An Argo Rollout refers to a Service that is not in the run",
    severity: Severity::Low,
    help: "add the Service, or fix the name in the Rollout strategy",
    docs: r#"## What it finds

A Rollout whose `canaryService`, `stableService`, `activeService` or `previewService` names a Service that no document of the run defines in the Rollout's namespace. Low by default: a run may not hold every object of the cluster.

## Why it matters

The Rollout controller fails the rollout ("service not found") and traffic never shifts; with blue-green nothing is promoted.

## How to fix

Define the Service next to the Rollout, or correct its name.

## References

- Argo Rollouts: Rollout specification
- Argo Rollouts: Best Practices
"#,
    references: &["Argo Rollouts: Rollout specification", "Argo Rollouts: Best Practices"],
    tags: &["gitops", "rollouts", "correctness", "cross-document"],
    default_enabled: true,
};

impl Rule for RolloutsServiceMissing {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_all(&self, docs: &[Document], out: &mut Vec<Finding>) {
        let services: std::collections::HashSet<(&str, &str)> = docs
            .iter()
            .filter(|d| d.kind() == "Service" && !is(d, "serving.knative.dev", &["Service"]))
            .map(|d| (objects::namespace(d), objects::name(d)))
            .collect();
        for doc in docs.iter().filter(|d| is(d, "argoproj.io", &["Rollout"])) {
            let ns = objects::namespace(doc);
            for field in [
                "canary/canaryService",
                "canary/stableService",
                "blueGreen/activeService",
                "blueGreen/previewService",
            ] {
                let pointer = format!("/spec/strategy/{field}");
                if let Some(name) = text(doc, &pointer)
                    && !services.contains(&(ns, name))
                {
                    let message =
                        format!("{} refers to Service {ns}/{name}, which is not in the run", who(doc));
                    objects::report(doc, &META, &pointer, message, out);
                }
            }
        }
    }
}
