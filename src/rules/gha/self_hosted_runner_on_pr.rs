//! `gha-self-hosted-runner-on-pr`: pull-request workflows running on self-hosted runners.

use super::{GhaRule, GhaSink};
use crate::finding::Severity;
use crate::parse::workflow::GhaFile;
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "gha-self-hosted-runner-on-pr",
    summary: "A pull-request workflow runs on a self-hosted runner",
    severity: Severity::High,
    help: "run pull-request jobs on GitHub-hosted (or ephemeral, isolated) runners",
    docs: r#"## What it finds

A job whose `runs-on` names `self-hosted` (as a label, in a list or in `labels:`) in a workflow triggered by `pull_request` or `pull_request_target`.

## Why it matters

Pull-request code runs on the machine. Self-hosted runners are usually persistent and sit inside the network: a fork's pull request can plant a backdoor that later jobs (deploys, releases) run with their secrets, read credentials left on disk, or reach internal services. GitHub advises never to use self-hosted runners for public repositories.

## How to fix

Use GitHub-hosted runners for pull requests, or ephemeral just-in-time runners in an isolated network.
"#,
    references: &[
        "GitHub Docs: Security hardening — Hardening for self-hosted runners",
        "poutine: pr_runs_on_self_hosted",
        "zizmor: self-hosted-runner",
    ],
    tags: &["security", "github-actions"],
    default_enabled: true,
};

impl GhaRule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, w: &GhaFile, sink: &mut GhaSink<'_>) {
        if !(w.has_trigger("pull_request") || w.has_trigger("pull_request_target")) {
            return;
        }
        for job in w.jobs() {
            let Some(runs_on) = job.node.get("runs-on") else { continue };
            let labels = runs_on.scalars();
            if labels.iter().any(|l| l.str().is_some_and(|s| s.eq_ignore_ascii_case("self-hosted"))) {
                sink.report(
                    &runs_on,
                    format!("job `{}` runs pull-request code on a self-hosted runner", job.id),
                );
            }
        }
    }
}
