//! `gha-permissions-write-all`: `permissions: write-all` on a workflow or a job.

use super::{GhaRule, GhaSink};
use crate::finding::Severity;
use crate::parse::workflow::GhaFile;
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "gha-permissions-write-all",
    summary: "The GITHUB_TOKEN is granted `write-all`",
    severity: Severity::High,
    help: "list only the scopes the job needs, e.g. `permissions: { contents: read, pull-requests: write }`",
    docs: r#"## What it finds

`permissions: write-all` at the workflow level or on a job.

## Why it matters

`write-all` gives the token write access to contents, packages, deployments, pull requests, actions, security events and every other scope: any code running in the job can push to protected branches through automation, publish packages or rewrite releases. It is never needed; the scopes a job uses can be listed.

## How to fix

```yaml
permissions:
  contents: read
  pull-requests: write
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
        let top = w.root().get("permissions").map(|p| (p, "the workflow".to_string()));
        let jobs = w
            .jobs()
            .into_iter()
            .filter_map(|j| Some((j.node.get("permissions")?, format!("job `{}`", j.id))));
        for (p, owner) in top.into_iter().chain(jobs) {
            if p.str() == Some("write-all") {
                sink.report(&p, format!("{owner} grants the token write access to every scope"));
            }
        }
    }
}
