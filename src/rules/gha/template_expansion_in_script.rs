//! `gha-template-expansion-in-script`: a computed value (env, step or job output, variable)
//! expanded by `${{ }}` into a script.

use super::{Control, GhaRule, GhaSink, report_injections};
use crate::finding::Severity;
use crate::parse::workflow::GhaFile;
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "gha-template-expansion-in-script",
    summary: "A computed value (env, step output, variable) is expanded into a script",
    severity: Severity::Low,
    help: "read the value as an environment variable in the script instead of expanding it with `${{ }}`",
    docs: r#"## What it finds

A `${{ … }}` in a `run:` or `actions/github-script` script that reads `env.*`, `steps.*.outputs.*`, `needs.*.outputs.*` or `vars.*`.

## Why it matters

These values are computed by the workflow, but often from untrusted input: a step output that echoes a PR title, an environment variable set from `GITHUB_ENV`. Expanded into the script text they become code. Tracking that flow needs taint analysis (CodeQL does it); expanding through `env:` makes the question moot.

## How to fix

```yaml
- env:
    VERSION: ${{ steps.meta.outputs.version }}
  run: echo "$VERSION"
```
"#,
    references: &[
        "GitHub Docs: Security hardening — Understanding the risk of script injections",
        "zizmor: template-injection",
        "CodeQL: actions/code-injection/medium",
    ],
    tags: &["security", "injection", "github-actions"],
    default_enabled: true,
};

impl GhaRule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, w: &GhaFile, sink: &mut GhaSink<'_>) {
        report_injections(w, sink, Control::Indirect, "(a value computed from elsewhere)");
    }
}
