//! `gha-unpinned-uses`: an action or reusable workflow referenced by a tag instead of a commit SHA.

use super::{GhaRule, GhaSink, mutable_refs, version_like};
use crate::finding::Severity;
use crate::parse::workflow::GhaFile;
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "gha-unpinned-uses",
    summary: "An action or reusable workflow is not pinned to a full commit SHA",
    severity: Severity::High,
    help: "pin the full 40-character commit SHA and keep the version in a comment: `uses: owner/repo@<sha> # v1.2.3`",
    docs: r#"## What it finds

A `uses:` of a step (in a workflow or a composite action) or of a job calling a reusable workflow whose ref is a tag (`@v4`, `@0.33.1`) or missing, instead of a full commit SHA. Branch refs are `gha-branch-ref`.

## Why it matters

Tags are mutable: whoever controls the action's repository can move them. In March 2025 every tag of `tj-actions/changed-files` was moved to a commit that dumped the runner's memory (secrets) into the logs; in March 2026 76 of 77 tags of `aquasecurity/trivy-action` were force-pushed to a credential stealer. Workflows pinned to a SHA from before the incident kept running the reviewed code. GitHub calls a full-length SHA "the only way to use an action as an immutable release".

## How to fix

```yaml
- uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2
```

Dependabot's `github-actions` ecosystem updates SHA pins and their version comments.
"#,
    references: &[
        "GitHub Docs: Security hardening for GitHub Actions — Using third-party actions",
        "OpenSSF Scorecard: Pinned-Dependencies",
        "zizmor: unpinned-uses",
        "CVE-2025-30066",
        "CVE-2026-33634",
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
            match u.reference {
                None => sink.report_span(u.ref_span, &u.node, format!("`{}` has no ref at all", u.action())),
                Some(r) if version_like(r) => sink.report_span(
                    u.ref_span,
                    &u.node,
                    format!(
                        "`{}` is pinned to the tag `{r}`, which can be moved; pin a commit SHA",
                        u.action()
                    ),
                ),
                Some(_) => {}
            }
        }
    }
}
