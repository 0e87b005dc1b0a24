//! `gha-allow-unsafe-pr-checkout`: `actions/checkout` told to check out fork code under a privileged trigger.

use super::{GhaRule, GhaSink, is_true};
use crate::finding::Severity;
use crate::parse::workflow::GhaFile;
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "gha-allow-unsafe-pr-checkout",
    summary: "`actions/checkout` opts into unsafe pull-request checkouts",
    severity: Severity::High,
    help: "remove `allow-unsafe-pr-checkout`; build fork code in a `pull_request` workflow without secrets",
    docs: r#"## What it finds

An `actions/checkout` step with `allow-unsafe-pr-checkout: true`.

## Why it matters

Since June 2026 `actions/checkout` refuses to check out a fork's code in `pull_request_target` and `workflow_run` workflows, which hold the base repository's secrets and a writable token — the pattern behind the tj-actions/reviewdog and Trivy compromises. This input switches that protection off; whatever runs after it (a build, a test, `npm install`) executes attacker code with those privileges.

## How to fix

Run untrusted code in a `pull_request` workflow (no secrets, read-only token) and pass results to a privileged workflow only as data.
"#,
    references: &[
        "actions/checkout: allow-unsafe-pr-checkout",
        "GitHub Security Lab: Preventing pwn requests",
        "CodeQL: actions/untrusted-checkout",
    ],
    tags: &["security", "github-actions"],
    default_enabled: true,
};

impl GhaRule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, w: &GhaFile, sink: &mut GhaSink<'_>) {
        for step in w.steps().into_iter().filter(|s| s.runs_action("actions/checkout")) {
            if let Some(v) = step.input("allow-unsafe-pr-checkout").filter(is_true) {
                sink.report_key(
                    &v,
                    "the checkout's protection against running fork code with secrets is switched off",
                );
            }
        }
    }
}
