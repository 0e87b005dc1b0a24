//! `gha-dangerous-trigger`: a privileged trigger (`pull_request_target`, `workflow_run`,
//! `issue_comment`) in a workflow that also acts on what the outsider controls.

use super::{
    Control, GhaRule, GhaSink, PRIVILEGED_TRIGGERS, expression_control, script_sinks, untrusted_checkouts,
};
use crate::finding::Severity;
use crate::parse::workflow::{GhaFile, GhaKind};
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "gha-dangerous-trigger",
    summary: "A privileged trigger runs code or scripts an outsider controls",
    severity: Severity::High,
    help: "use `pull_request` for anything that touches pull-request code or text; keep the privileged workflow to data it does not execute",
    docs: r#"## What it finds

A `pull_request_target`, `workflow_run` or `issue_comment` trigger in a workflow that also checks out the pull request's code (`gha-untrusted-checkout`) or expands attacker-controlled text into a script (`gha-template-injection`). The finding is on the trigger and says which.

A privileged trigger alone is not reported: labelling, triaging or commenting on pull requests without checking out their code is what `pull_request_target` is for, and flagging every use of it is the false positive users report against other linters.

## Why it matters

These triggers run in the base repository's context — with its secrets, a writable `GITHUB_TOKEN` and access to the cache — while reacting to something anyone with a GitHub account did. Combined with fork code or fork text they are a "pwn request": the route into tj-actions/changed-files (via reviewdog) in 2025 and into aquasecurity/trivy-action in 2026.

## How to fix

Split the work: a `pull_request` workflow builds and tests without secrets and uploads its results; a `workflow_run` workflow consumes them as data only.
"#,
    references: &[
        "GitHub Security Lab: Keeping your GitHub Actions and workflows secure — Preventing pwn requests",
        "zizmor: dangerous-triggers",
        "OpenSSF Scorecard: Dangerous-Workflow",
    ],
    tags: &["security", "github-actions"],
    default_enabled: true,
};

impl GhaRule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, w: &GhaFile, sink: &mut GhaSink<'_>) {
        if w.kind != GhaKind::Workflow {
            return;
        }
        let checkout = !untrusted_checkouts(w).is_empty();
        let injected = script_sinks(w)
            .iter()
            .any(|(_, s)| s.expressions().iter().any(|e| expression_control(e.inner) == Control::Attacker));
        let why = match (checkout, injected) {
            (true, _) => "checks out the pull request's code",
            (false, true) => "expands attacker-controlled text into a script",
            (false, false) => return,
        };
        let root = w.root();
        for t in w.triggers().into_iter().filter(|t| PRIVILEGED_TRIGGERS.contains(&t.name)) {
            sink.report_span(
                t.span,
                &root,
                format!("`{}` runs with the repository's secrets and the workflow {why}", t.name),
            );
        }
    }
}
