//! `gha-github-env-untrusted-write`: untrusted data written to `GITHUB_ENV` or `GITHUB_PATH`.

use super::{Control, GhaRule, GhaSink, expression_control, privileged};
use crate::finding::Severity;
use crate::parse::workflow::{GhaFile, find_expressions};
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "gha-github-env-untrusted-write",
    summary: "Untrusted data is written to GITHUB_ENV or GITHUB_PATH",
    severity: Severity::High,
    help: "validate the value first, or pass it as a step output; never write PR-controlled data to GITHUB_ENV/GITHUB_PATH",
    docs: r#"## What it finds

A script line that appends to `$GITHUB_ENV` or `$GITHUB_PATH` and either expands a partly or attacker-controlled `${{ … }}`, or runs in a privileged workflow (`pull_request_target`, `workflow_run`, `issue_comment`), where the data written usually comes from the pull request or its artifacts.

## Why it matters

Every later step of the job starts with the variables and PATH entries written there. An attacker who controls a line of it can set `LD_PRELOAD`, `NODE_OPTIONS`, `BASH_ENV` or a PATH directory of their own, and so run code in every following step — with the privileged workflow's secrets. A newline in the value is enough to add a variable.

## How to fix

Write only values you computed, or validate them against a strict pattern; use step outputs (`$GITHUB_OUTPUT`) for data.
"#,
    references: &[
        "GitHub Security Lab: GitHub Actions environment variable injection",
        "zizmor: github-env",
        "CodeQL: actions/envvar-injection/critical",
    ],
    tags: &["security", "injection", "github-actions"],
    default_enabled: true,
};

impl GhaRule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, w: &GhaFile, sink: &mut GhaSink<'_>) {
        let privileged = privileged(w);
        for step in w.steps() {
            let Some(run) = step.run() else { continue };
            for (line, span) in run.lines() {
                let Some(name) = ["GITHUB_ENV", "GITHUB_PATH"].into_iter().find(|n| line.contains(n)) else {
                    continue;
                };
                if !line.contains(">>") && !line.contains("tee") {
                    continue;
                }
                let untrusted = find_expressions(line)
                    .iter()
                    .any(|(_, _, inner)| expression_control(inner) >= Control::Partly);
                if untrusted || privileged {
                    let why = if untrusted {
                        "a value a contributor controls"
                    } else {
                        "data in a privileged workflow"
                    };
                    sink.report_span(
                        crate::source::Span::new(span.start as usize, span.start as usize + line.len()),
                        &run,
                        format!("the script writes {why} to `{name}`"),
                    );
                }
            }
        }
    }
}
