//! `gha-branch-ref`: an action or reusable workflow referenced by a branch (`@master`, `@main`).

use super::{GhaRule, GhaSink, mutable_refs, version_like};
use crate::finding::Severity;
use crate::parse::workflow::GhaFile;
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "gha-branch-ref",
    summary: "An action or reusable workflow is referenced by a branch",
    severity: Severity::High,
    help: "pin the full commit SHA of a release, with its version in a comment",
    docs: r#"## What it finds

A `uses:` whose ref is a branch name — `@master`, `@main`, `@HEAD`, `@stable`, `@develop` or anything else that is neither a version tag nor a 40-character commit SHA.

## Why it matters

A branch moves with every push: each run executes whatever the action's repository holds at that moment, unreviewed, with the job's token and secrets. It is the most exposed kind of reference — the platform strategy's `aquasecurity/trivy-action@master` would have run any commit an attacker with push access (or a stolen token) put there, and in March 2026 that account was compromised.

## How to fix

Replace the branch with the SHA of a release you reviewed:

```yaml
- uses: aquasecurity/trivy-action@57a97c7e7821a5776cebc9bb87c984fa69cba8f1 # v0.35.0
```

or, better for this repository, run `ndlint` itself.
"#,
    references: &[
        "GitHub Docs: Security hardening for GitHub Actions — Using third-party actions",
        "OpenSSF Scorecard: Pinned-Dependencies",
        "zizmor: unpinned-uses",
    ],
    tags: &["security", "supply-chain", "github-actions"],
    default_enabled: true,
};

impl GhaRule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, w: &GhaFile, sink: &mut GhaSink<'_>) {
        for u in mutable_refs(w) {
            if let Some(r) = u.reference.filter(|r| !version_like(r)) {
                sink.report_span(
                    u.ref_span,
                    &u.node,
                    format!(
                        "`{}@{r}` follows a branch: every run executes whatever was pushed last",
                        u.action()
                    ),
                );
            }
        }
    }
}
