//! `gha-workflow-level-write-permissions`: write scopes granted to every job of a workflow.

use super::{GhaRule, GhaSink};
use crate::finding::Severity;
use crate::parse::workflow::{GhaFile, GhaKind};
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "gha-workflow-level-write-permissions",
    summary: "A write permission is granted at the workflow level",
    severity: Severity::Medium,
    help: "keep the workflow's `permissions:` read-only and grant write scopes on the job that needs them",
    docs: r#"## What it finds

A scope set to `write` in the workflow's top-level `permissions:` block (`id-token: write` is `gha-id-token-write-without-environment`).

## Why it matters

Workflow-level permissions apply to every job, including the ones that run tests, linters and third-party actions on pull-request code. Only the job that publishes, comments or uploads needs the write scope; granting it to all widens what a compromised step can do. OpenSSF Scorecard's Token-Permissions check requires read-only top-level permissions.

## How to fix

```yaml
permissions:
  contents: read
jobs:
  release:
    permissions:
      contents: write
```
"#,
    references: &[
        "OpenSSF Scorecard: Token-Permissions",
        "GitHub Docs: Controlling permissions for GITHUB_TOKEN",
        "zizmor: excessive-permissions",
    ],
    tags: &["security", "least-privilege", "github-actions"],
    default_enabled: true,
};

impl GhaRule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, w: &GhaFile, sink: &mut GhaSink<'_>) {
        if w.kind != GhaKind::Workflow {
            return;
        }
        let Some(p) = w.root().get("permissions") else { return };
        for (scope, value) in p.entries() {
            if scope != "id-token" && value.str() == Some("write") {
                sink.report_key(&value, format!("`{scope}: write` applies to every job of the workflow"));
            }
        }
    }
}
