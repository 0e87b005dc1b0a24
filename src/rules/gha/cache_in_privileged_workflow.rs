//! `gha-cache-in-privileged-workflow`: caches restored in release or privileged workflows.

use super::{GhaRule, GhaSink, privileged};
use crate::finding::Severity;
use crate::parse::workflow::{GhaFile, GhaKind, Step};
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "gha-cache-in-privileged-workflow",
    summary: "A release or privileged workflow restores a cache",
    severity: Severity::Medium,
    help: "build releases without caches (or with a cache key no pull request can write)",
    docs: r#"## What it finds

In a workflow triggered by `release`, by pushes of tags (`push.tags`), or by `pull_request_target`/`workflow_run`/`issue_comment`: `actions/cache` (or `actions/cache/restore`), `Swatinem/rust-cache`, or a `setup-*` action with a `cache` input.

## Why it matters

Caches are shared across workflows of a repository by key and branch scope; a workflow that runs attacker code (a pull request build, an injected script) can write entries that a later release restores — cache poisoning. Release builds should start from a clean, reproducible state. Privileged workflows running next to untrusted code can also write poisoned entries that the default branch then restores.

## How to fix

Drop the cache from release and publish jobs; build them from pinned, verified inputs.
"#,
    references: &[
        "zizmor: cache-poisoning",
        "Adnan Khan: The Monsters in Your Build Cache — GitHub Actions Cache Poisoning (2024)",
    ],
    tags: &["security", "supply-chain", "github-actions"],
    default_enabled: true,
};

fn release_workflow(w: &GhaFile) -> bool {
    w.triggers().iter().any(|t| {
        t.name == "release" || (t.name == "push" && t.config.is_some_and(|c| c.get("tags").is_some()))
    })
}

fn caches(step: &Step<'_>) -> bool {
    let Some(u) = step.uses() else { return false };
    let action = u.action();
    matches!(action.as_str(), "actions/cache" | "actions/cache/restore" | "swatinem/rust-cache")
        || (action.starts_with("actions/setup-")
            && step.input("cache").and_then(|c| c.text()).is_some_and(|t| !t.is_empty() && t != "false"))
}

impl GhaRule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, w: &GhaFile, sink: &mut GhaSink<'_>) {
        if w.kind != GhaKind::Workflow || !(release_workflow(w) || privileged(w)) {
            return;
        }
        for step in w.steps().into_iter().filter(caches) {
            if let Some(uses) = step.node.get("uses") {
                sink.report(&uses, "the workflow restores a cache that less trusted workflows can write");
            }
        }
    }
}
