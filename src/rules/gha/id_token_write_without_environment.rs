//! `gha-id-token-write-without-environment`: `id-token: write` outside a job gated by an `environment:`.

use super::{GhaRule, GhaSink};
use crate::finding::Severity;
use crate::parse::workflow::{GhaFile, GhaKind};
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "gha-id-token-write-without-environment",
    summary: "`id-token: write` is granted outside a job with an `environment:`",
    severity: Severity::Medium,
    help: "grant `id-token: write` only on the deploy job, and give that job an `environment:` with protection rules",
    docs: r#"## What it finds

`id-token: write` in the workflow's `permissions:` (every job gets it), or on a job that has no `environment:`. A job that calls a reusable workflow is not reported: it cannot have an `environment:` and must grant the called workflow the permission, whose jobs are checked in their own file.

## Why it matters

`id-token: write` lets any step mint an OIDC token for the workflow and exchange it for cloud credentials (an AWS role, a GCP service account). That is the right way to deploy — far better than static keys — but only in the job that deploys, and only behind an environment: environment protection rules (required reviewers, branch restrictions) gate the job, and the cloud's trust policy can require the `environment` claim (`repo:org/repo:environment:production`). A deploy job with an environment and `id-token: write` is exactly what this rule recommends and is not reported.

## How to fix

```yaml
jobs:
  deploy:
    environment: production
    permissions:
      contents: read
      id-token: write
```
"#,
    references: &[
        "GitHub Docs: About security hardening with OpenID Connect",
        "zizmor: excessive-permissions",
    ],
    tags: &["security", "least-privilege", "oidc", "github-actions"],
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
        if let Some(id) =
            w.root().get("permissions").and_then(|p| p.get("id-token")).filter(|v| v.str() == Some("write"))
        {
            sink.report_key(
                &id,
                "`id-token: write` at the workflow level lets every job mint cloud credentials",
            );
        }
        for job in w.jobs() {
            // A job calling a reusable workflow cannot have an `environment:`; the called
            // workflow's jobs set it, and are checked in their own file.
            if job.node.get("environment").is_some() || job.uses().is_some() {
                continue;
            }
            if let Some(id) = job
                .node
                .get("permissions")
                .and_then(|p| p.get("id-token"))
                .filter(|v| v.str() == Some("write"))
            {
                sink.report_key(
                    &id,
                    format!(
                        "job `{}` can mint cloud credentials but has no `environment:` to gate it",
                        job.id
                    ),
                );
            }
        }
    }
}
