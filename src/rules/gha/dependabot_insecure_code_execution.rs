//! `gha-dependabot-insecure-code-execution`: Dependabot may run dependency code while updating.

use super::{GhaRule, GhaSink, dependabot_updates};
use crate::finding::Severity;
use crate::parse::workflow::GhaFile;
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "gha-dependabot-insecure-code-execution",
    summary: "Dependabot may execute dependency code during updates",
    severity: Severity::High,
    help: "remove `insecure-external-code-execution: allow`",
    docs: r#"## What it finds

`insecure-external-code-execution: allow` on a Dependabot update entry.

## Why it matters

For ecosystems whose manifests are code (`setup.py`, `mix.exs`, Gradle), this lets Dependabot execute the manifests of the dependencies it resolves, with access to the registry credentials configured for the entry. A malicious package version then runs inside Dependabot with those credentials.

## How to fix

Remove the setting (the default is `deny`); pin the dependencies that need code execution by hand.
"#,
    references: &[
        "GitHub Docs: Dependabot options reference — insecure-external-code-execution",
        "zizmor: dependabot-execution",
    ],
    tags: &["security", "supply-chain", "dependabot"],
    default_enabled: true,
};

impl GhaRule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, w: &GhaFile, sink: &mut GhaSink<'_>) {
        for update in dependabot_updates(w) {
            if let Some(v) =
                update.get("insecure-external-code-execution").filter(|v| v.str() == Some("allow"))
            {
                sink.report_key(&v, "Dependabot may run dependency code with the registry credentials");
            }
        }
    }
}
