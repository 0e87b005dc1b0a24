//! `gha-sha-pin-without-version-comment`: a SHA pin with no `# vX.Y.Z` comment saying which release it is.

use super::{GhaRule, GhaSink};
use crate::finding::Severity;
use crate::parse::workflow::GhaFile;
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "gha-sha-pin-without-version-comment",
    summary: "A commit-SHA pin has no comment naming its version",
    severity: Severity::Low,
    help: "add the release the SHA belongs to as a comment: `@<sha> # v4.2.2`",
    docs: r#"## What it finds

A `uses: owner/repo@<40-hex SHA>` without a trailing comment that names a version (`# v4.2.2`).

## Why it matters

A bare SHA cannot be reviewed: nobody can tell which release it is, whether it is older than a known compromise, or whether it is on the repository at all (an impostor commit from a fork looks the same). Dependabot and Renovate keep the version comment up to date together with the SHA, so the comment is what makes SHA pins maintainable.

## How to fix

```yaml
- uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2
```
"#,
    references: &[
        "GitHub Docs: Keeping your actions up to date with Dependabot",
        "OpenSSF Scorecard: Pinned-Dependencies",
    ],
    tags: &["security", "supply-chain", "github-actions"],
    default_enabled: true,
};

impl GhaRule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, w: &GhaFile, sink: &mut GhaSink<'_>) {
        for u in w.uses().into_iter().filter(|u| u.is_sha_pinned()) {
            let named = u.comment.is_some_and(|c| c.chars().any(|ch| ch.is_ascii_digit()));
            if !named {
                sink.report_span(
                    u.ref_span,
                    &u.node,
                    format!("`{}` is pinned to a SHA with no version comment", u.action()),
                );
            }
        }
    }
}
