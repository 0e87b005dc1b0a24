//! `gha-untrusted-checkout`: a privileged workflow that checks out the pull request's head.

use super::{GhaRule, GhaSink, untrusted_checkouts};
use crate::finding::Severity;
use crate::parse::workflow::GhaFile;
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "gha-untrusted-checkout",
    summary: "A privileged workflow checks out the pull request's code",
    severity: Severity::Critical,
    help: "check out the PR only in a `pull_request` workflow; in a privileged one, check out the base branch",
    docs: r#"## What it finds

In a workflow triggered by `pull_request_target`, `workflow_run` or `issue_comment`, an `actions/checkout` whose `ref:` (or `repository:`) is the pull request's head: `github.event.pull_request.head.sha`/`.ref`, `github.head_ref`, `github.event.workflow_run.head_sha`/`head_branch`, `refs/pull/<n>/merge` or a step output naming the head.

## Why it matters

The job holds the base repository's secrets and a writable token; from this step on, its working tree is the attacker's: config files, scripts, lock files, Git hooks and local actions all come from the fork. Anything that reads them — a build, a test, a linter with plugins — runs attacker code with those privileges.

## How to fix

Build pull requests under `pull_request`. If a privileged workflow must look at PR files, check them out into a separate directory and treat them strictly as data.
"#,
    references: &[
        "CodeQL: actions/untrusted-checkout/critical",
        "OpenSSF Scorecard: Dangerous-Workflow",
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
        for (_, r) in untrusted_checkouts(w) {
            sink.report(&r, "the privileged workflow checks out the pull request's head");
        }
    }
}
