//! `gha-artifact-from-workflow-run`: a `workflow_run` workflow downloading the triggering run's artifacts.

use super::{GhaRule, GhaSink};
use crate::finding::Severity;
use crate::parse::workflow::GhaFile;
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "gha-artifact-from-workflow-run",
    summary: "A `workflow_run` workflow downloads artifacts of the run that triggered it",
    severity: Severity::Medium,
    help: "treat the artifact as untrusted data: extract it outside the workspace, validate it, never execute or source it",
    docs: r#"## What it finds

In a workflow triggered by `workflow_run`: `actions/download-artifact` given a `run-id` (the triggering run's), or `dawidd6/action-download-artifact`.

## Why it matters

The triggering run may be a pull request build of fork code; its artifacts are whatever that code wrote. The `workflow_run` workflow holds secrets and a writable token, so an artifact that is executed, sourced, or extracted over the workspace (overwriting scripts or config) is code execution — artifact poisoning.

## How to fix

Download into `${{ runner.temp }}`, validate the content strictly (e.g. a number for a PR id) and use it as data only.
"#,
    references: &[
        "CodeQL: actions/artifact-poisoning/critical",
        "GitHub Security Lab: Preventing pwn requests",
    ],
    tags: &["security", "github-actions"],
    default_enabled: true,
};

impl GhaRule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, w: &GhaFile, sink: &mut GhaSink<'_>) {
        if !w.has_trigger("workflow_run") {
            return;
        }
        for step in w.steps() {
            let downloads = step.runs_action("dawidd6/action-download-artifact")
                || (step.runs_action("actions/download-artifact") && step.input("run-id").is_some());
            if downloads && let Some(uses) = step.node.get("uses") {
                sink.report(&uses, "the artifact comes from the triggering run, which may be a fork's build");
            }
        }
    }
}
