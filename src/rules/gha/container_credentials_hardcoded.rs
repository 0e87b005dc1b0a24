//! `gha-container-credentials-hardcoded`: a registry password written into the workflow.

use super::{GhaRule, GhaSink};
use crate::finding::Severity;
use crate::parse::workflow::{GhaFile, Node};
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "gha-container-credentials-hardcoded",
    summary: "A container registry password is written into the workflow",
    severity: Severity::High,
    help: "use a secret: `password: ${{ secrets.REGISTRY_TOKEN }}`",
    docs: r#"## What it finds

`credentials.password` of a job `container:` or a `services:` container that is a literal rather than a `${{ secrets.… }}` expression. The value is never quoted in the message.

## Why it matters

Everything in the repository is readable by everyone who can read the repository, and stays in its history after the line is removed: the registry account is compromised for as long as the password is valid.

## How to fix

Rotate the password, then reference a secret.
"#,
    references: &["zizmor: hardcoded-container-credentials", "CWE-798"],
    tags: &["security", "credentials", "github-actions"],
    default_enabled: true,
};

fn check_container(container: Node<'_>, sink: &mut GhaSink<'_>) {
    let Some(password) = container.get("credentials").and_then(|c| c.get("password")) else { return };
    if password.str().is_some_and(|p| !p.contains("${{")) {
        sink.report_key(&password, "the registry password is a literal in the workflow");
    }
}

impl GhaRule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, w: &GhaFile, sink: &mut GhaSink<'_>) {
        for job in w.jobs() {
            if let Some(c) = job.node.get("container") {
                check_container(c, sink);
            }
            for (_, service) in job.node.get("services").map(|s| s.entries()).unwrap_or_default() {
                check_container(service, sink);
            }
        }
    }
}
