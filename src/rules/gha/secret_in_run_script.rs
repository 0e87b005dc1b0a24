//! `gha-secret-in-run-script`: a secret expanded with `${{ }}` into a script's text.

use super::{GhaRule, GhaSink, context_refs, script_sinks};
use crate::finding::Severity;
use crate::parse::workflow::GhaFile;
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "gha-secret-in-run-script",
    summary: "A secret is expanded into a script's text",
    severity: Severity::Medium,
    help: "pass the secret through `env:` and read the variable in the script",
    docs: r#"## What it finds

A `${{ secrets.… }}` inside a `run:` script or an `actions/github-script` script. `toJSON(secrets)` is `gha-secrets-to-json`.

## Why it matters

The secret becomes part of the script file the runner writes to disk and of the process command line (visible to every process on the machine, e.g. through `ps`), and any transformation in the script (base64, substring) escapes log masking. A secret with a quote or `$` in it also breaks — or changes — the script.

## How to fix

```yaml
- env:
    TOKEN: ${{ secrets.DEPLOY_TOKEN }}
  run: ./deploy --token-file <(printf '%s' "$TOKEN")
```
"#,
    references: &[
        "GitHub Docs: Using secrets in GitHub Actions",
        "GitHub Docs: Security hardening — Using secrets",
    ],
    tags: &["security", "credentials", "github-actions"],
    default_enabled: true,
};

impl GhaRule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, w: &GhaFile, sink: &mut GhaSink<'_>) {
        for (_, script) in script_sinks(w) {
            for e in script.expressions() {
                let refs = context_refs(e.inner);
                if let Some((_, r)) =
                    refs.iter().find(|(_, r)| r.starts_with("secrets.") || r.starts_with("secrets["))
                {
                    sink.report_span(e.span, &script, format!("`{r}` is pasted into the script's text"));
                }
            }
        }
    }
}
