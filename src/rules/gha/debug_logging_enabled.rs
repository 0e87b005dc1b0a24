//! `gha-debug-logging-enabled`: runner or step debug logging switched on in the workflow file.

use super::{GhaRule, GhaSink, env_blocks, is_true};
use crate::finding::Severity;
use crate::parse::workflow::{GhaFile, Node};
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "gha-debug-logging-enabled",
    summary: "Debug logging is enabled in the workflow",
    severity: Severity::Low,
    help: "remove `ACTIONS_STEP_DEBUG`/`ACTIONS_RUNNER_DEBUG`; enable debug logging for a single re-run instead",
    docs: r#"## What it finds

`ACTIONS_STEP_DEBUG: true` or `ACTIONS_RUNNER_DEBUG: true` in a workflow, job or step `env:`.

## Why it matters

Debug logs print every expression evaluation, environment and input of every step; values derived from secrets (a decoded key, a token exchanged for another) escape GitHub's masking and end up in logs that anyone with read access — for public repositories, anyone — can download. Debug logging belongs to a one-off "re-run with debug logging", not to the committed workflow.

## How to fix

Remove the variables.
"#,
    references: &["poutine: debug_enabled", "GitHub Docs: Enabling debug logging"],
    tags: &["security", "credentials", "github-actions"],
    default_enabled: true,
};

fn check_env(env: Node<'_>, sink: &mut GhaSink<'_>) {
    for name in ["ACTIONS_STEP_DEBUG", "ACTIONS_RUNNER_DEBUG"] {
        if let Some(v) = env.get(name).filter(is_true) {
            sink.report_key(&v, format!("`{name}` prints every step's inputs and environment to the log"));
        }
    }
}

impl GhaRule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, w: &GhaFile, sink: &mut GhaSink<'_>) {
        for env in env_blocks(w) {
            check_env(env, sink);
        }
    }
}
