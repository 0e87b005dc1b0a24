//! `gha-untrusted-checkout-build`: a build tool run on pull-request code checked out by a privileged workflow.

use std::sync::OnceLock;

use regex::Regex;

use super::{GhaRule, GhaSink, untrusted_checkouts};
use crate::finding::Severity;
use crate::parse::workflow::{GhaFile, UsesKind};
use crate::rules::RuleMeta;
use crate::source::Span;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "gha-untrusted-checkout-build",
    summary: "A build runs on pull-request code in a privileged workflow",
    severity: Severity::Critical,
    help: "move the build to a `pull_request` workflow without secrets",
    docs: r#"## What it finds

After a `gha-untrusted-checkout` step, a later step of the same job that runs a tool which executes repository content: `npm`/`yarn`/`pnpm` install or scripts, `pip install`, `make`, `cargo`, `go build|test|run|generate`, `mvn`, `gradle`, `bundle`, `composer`, `docker build`, `terraform init|plan`, `./script`, or a local action (`uses: ./…`).

## Why it matters

Package scripts (`postinstall`), Makefiles, `build.rs`, Gradle builds, Terraform providers and local actions are code from the fork. Running them in a `pull_request_target` or `workflow_run` job executes the attacker's code with the base repository's secrets and writable token. zizmor does not report it (it is a requested audit); CodeQL and poutine do.

## How to fix

Build and test pull requests under `pull_request`, which has no secrets and a read-only token.
"#,
    references: &[
        "CodeQL: actions/untrusted-checkout/critical",
        "poutine: untrusted_checkout_exec",
        "GitHub Security Lab: Preventing pwn requests",
    ],
    tags: &["security", "github-actions"],
    default_enabled: true,
};

fn build_command() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"(?x)(?:^|[;&|(]\s*|\s)(?:
              (?:npm|pnpm)\s+(?:i|ci|install|run|test|exec|build)\b | yarn\b | npx\s
            | pip3?\s+install\b | python3?\s+(?:-m\s+pip\s+install|setup\.py)\b | poetry\s+install\b
            | make\b | cargo\s+(?:build|test|run|install)\b | go\s+(?:build|test|run|generate)\b
            | mvn\b | \./mvnw\b | gradle\b | \./gradlew\b | bundle\s+(?:install|exec)\b | rake\b
            | composer\s+install\b | docker\s+(?:build|compose)\b | terraform\s+(?:init|plan)\b
            | \./[\w./-]+)",
        )
        .expect("valid regex")
    })
}

impl GhaRule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, w: &GhaFile, sink: &mut GhaSink<'_>) {
        for (checkout, _) in untrusted_checkouts(w) {
            let Some(job) = checkout.job else { continue };
            let after = job
                .steps()
                .into_iter()
                .skip_while(|s| s.node.span.value.start <= checkout.node.span.value.start);
            for step in after {
                if let Some(u) = step.uses().filter(|u| u.kind == UsesKind::Local) {
                    sink.report(
                        &u.node,
                        "a local action from the pull request's code runs with the workflow's secrets",
                    );
                }
                let Some(run) = step.run() else { continue };
                for (line, span) in run.lines() {
                    if let Some(m) = build_command().find(line) {
                        let text = m.as_str();
                        let lead =
                            text.len() - text.trim_start_matches([';', '&', '|', '(', ' ', '\t']).len();
                        let start = span.start as usize + m.start() + lead;
                        sink.report_span(
                            Span::new(start, span.start as usize + m.end()),
                            &run,
                            format!(
                                "`{}` runs code from the pull request with the workflow's secrets",
                                text[lead..].trim()
                            ),
                        );
                    }
                }
            }
        }
    }
}
