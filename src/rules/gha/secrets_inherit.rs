//! `gha-secrets-inherit`: `secrets: inherit` passes every secret to a reusable workflow.

use super::{GhaRule, GhaSink};
use crate::finding::Severity;
use crate::parse::workflow::GhaFile;
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "gha-secrets-inherit",
    summary: "A reusable workflow inherits every secret of the caller",
    severity: Severity::Medium,
    help: "pass the secrets the called workflow declares, by name, under `secrets:`",
    docs: r#"## What it finds

A job that calls a reusable workflow with `secrets: inherit`.

## Why it matters

The called workflow — possibly in another repository, at a mutable ref — receives all of the caller's repository, environment and organisation secrets, not just the ones it declares in `on.workflow_call.secrets`. One compromised or careless reusable workflow then leaks them all.

## How to fix

```yaml
jobs:
  deploy:
    uses: org/workflows/.github/workflows/deploy.yml@<sha> # v2
    secrets:
      DEPLOY_TOKEN: ${{ secrets.DEPLOY_TOKEN }}
```
"#,
    references: &["zizmor: secrets-inherit", "GitHub Docs: Reusing workflows — Passing secrets"],
    tags: &["security", "credentials", "github-actions"],
    default_enabled: true,
};

impl GhaRule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, w: &GhaFile, sink: &mut GhaSink<'_>) {
        for job in w.jobs() {
            if let Some(s) = job.node.get("secrets").filter(|s| s.str() == Some("inherit")) {
                sink.report(
                    &s,
                    format!("job `{}` passes every secret of the repository to the called workflow", job.id),
                );
            }
        }
    }
}
