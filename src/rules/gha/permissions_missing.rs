//! `gha-permissions-missing`: a job that runs with the default token permissions because neither it
//! nor its workflow sets `permissions:`.

use super::{GhaRule, GhaSink};
use crate::finding::Severity;
use crate::parse::workflow::{GhaFile, GhaKind};
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "gha-permissions-missing",
    summary: "A job runs with the default GITHUB_TOKEN permissions",
    severity: Severity::Medium,
    help: "set `permissions: contents: read` (or `{}`) at the top of the workflow and grant more per job",
    docs: r#"## What it finds

A workflow job when neither the job nor the workflow has a `permissions:` block. The finding is on the job's key.

## Why it matters

Without `permissions:` the job's `GITHUB_TOKEN` gets the repository's default, which is read-write on every scope for repositories created before February 2023 and for many organisations. Any step — a compromised action, an injected script — can then push commits, move tags, approve pull requests or publish releases. Scanner and test jobs need `contents: read` at most.

## How to fix

```yaml
permissions:
  contents: read
jobs:
  scan:
    permissions:
      contents: read
      security-events: write
```
"#,
    references: &[
        "GitHub Docs: Controlling permissions for GITHUB_TOKEN",
        "OpenSSF Scorecard: Token-Permissions",
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
        if w.kind != GhaKind::Workflow || w.root().get("permissions").is_some() {
            return;
        }
        for job in w.jobs().iter().filter(|j| j.node.get("permissions").is_none()) {
            sink.report_key(
                &job.node,
                format!("job `{}` runs with the default token permissions: neither it nor the workflow sets `permissions:`", job.id),
            );
        }
    }
}
