//! `gha-secrets-to-json`: `toJSON(secrets)` hands every secret of the repository to one step.

use super::{GhaRule, GhaSink};
use crate::finding::Severity;
use crate::parse::workflow::GhaFile;
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "gha-secrets-to-json",
    summary: "`toJSON(secrets)` exposes every secret to the job",
    severity: Severity::Medium,
    help: "pass only the secrets the step needs, each by name: `${{ secrets.DEPLOY_TOKEN }}`",
    docs: r#"## What it finds

An expression anywhere in the file that serialises the whole `secrets` context: `toJSON(secrets)`, or `secrets[...]` indexed by a computed key.

## Why it matters

A job normally receives only the secrets it names. Serialising the context loads every repository, environment and organisation secret into the runner's memory and environment, where a compromised dependency or the tj-actions style memory dump can read them all; GitHub also cannot mask secrets that were re-encoded.

## How to fix

Name each secret explicitly where it is used.
"#,
    references: &["zizmor: overprovisioned-secrets", "GitHub Docs: Using secrets in GitHub Actions"],
    tags: &["security", "credentials", "github-actions"],
    default_enabled: true,
};

impl GhaRule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, w: &GhaFile, sink: &mut GhaSink<'_>) {
        for scalar in w.root().scalars() {
            for e in scalar.expressions() {
                let compact: String =
                    e.inner.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_lowercase();
                if compact.contains("tojson(secrets)")
                    || compact.contains("secrets[") && !compact.contains("secrets['")
                {
                    sink.report_span(
                        e.span,
                        &scalar,
                        "the whole `secrets` context is serialised into the job",
                    );
                }
            }
        }
    }
}
