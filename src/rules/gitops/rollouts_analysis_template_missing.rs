//! `rollouts-analysis-template-missing`: an Argo Rollout refers to an AnalysisTemplate that is not in the run.

use super::{cluster_names, is, names, text, who};
use crate::document::Document;
use crate::finding::{Finding, Severity};
use crate::rules::k8s::objects;
use crate::rules::{Rule, RuleMeta};

pub struct RolloutsAnalysisTemplateMissing;

pub static META: RuleMeta = RuleMeta {
    id: "rollouts-analysis-template-missing",
    summary: "An Argo Rollout refers to an AnalysisTemplate that is not in the run",
    severity: Severity::Low,
    help: "add the AnalysisTemplate (or ClusterAnalysisTemplate), or fix `templateName`",
    docs: r#"## What it finds

A `templateName` in a Rollout's background analysis, analysis steps or blue-green pre/post-promotion analysis that names no AnalysisTemplate of the Rollout's namespace in the run (no ClusterAnalysisTemplate with `clusterScope: true`). Low by default: a run may not hold every object of the cluster.

## Why it matters

The analysis run cannot start; the Rollout is degraded and the new version is neither promoted nor checked.

## How to fix

Add the template next to the Rollout or correct the name.

## References

- Argo Rollouts: Rollout specification
- Argo Rollouts: Best Practices
- Argo Rollouts: Analysis & Progressive Delivery
"#,
    references: &[
        "Argo Rollouts: Rollout specification",
        "Argo Rollouts: Best Practices",
        "Argo Rollouts: Analysis & Progressive Delivery",
    ],
    tags: &["gitops", "rollouts", "correctness", "cross-document"],
    default_enabled: true,
};

impl Rule for RolloutsAnalysisTemplateMissing {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_all(&self, docs: &[Document], out: &mut Vec<Finding>) {
        let templates = names(docs, "argoproj.io", &["AnalysisTemplate"]);
        let cluster = cluster_names(docs, "argoproj.io", &["ClusterAnalysisTemplate"]);
        for doc in docs.iter().filter(|d| is(d, "argoproj.io", &["Rollout"])) {
            let ns = objects::namespace(doc);
            let mut lists = vec![
                "/spec/strategy/canary/analysis/templates".to_string(),
                "/spec/strategy/blueGreen/prePromotionAnalysis/templates".into(),
                "/spec/strategy/blueGreen/postPromotionAnalysis/templates".into(),
            ];
            for (i, step) in objects::items(
                doc.value
                    .get("spec")
                    .and_then(|s| s.get("strategy"))
                    .and_then(|s| s.get("canary"))
                    .and_then(|c| c.get("steps")),
            )
            .iter()
            .enumerate()
            {
                if step.get("analysis").is_some() {
                    lists.push(format!("/spec/strategy/canary/steps/{i}/analysis/templates"));
                }
            }
            for list in lists {
                let items = objects::items(crate::document::Lookup::at(&doc.value, &list));
                for (i, t) in items.iter().enumerate() {
                    let pointer = format!("{list}/{i}/templateName");
                    let Some(name) = text(doc, &pointer) else { continue };
                    let cluster_scope =
                        t.get("clusterScope").and_then(serde_json::Value::as_bool) == Some(true);
                    let found =
                        if cluster_scope { cluster.contains(name) } else { templates.contains(&(ns, name)) };
                    if !found {
                        let kind = if cluster_scope { "ClusterAnalysisTemplate" } else { "AnalysisTemplate" };
                        let message =
                            format!("{} refers to {kind} {name}, which is not in the run", who(doc));
                        objects::report(doc, &META, &pointer, message, out);
                    }
                }
            }
        }
    }
}
