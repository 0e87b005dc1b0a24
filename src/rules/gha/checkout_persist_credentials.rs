//! `gha-checkout-persist-credentials`: `actions/checkout` leaving the token in `.git/config`.

use super::{GhaRule, GhaSink};
use crate::finding::Severity;
use crate::parse::workflow::GhaFile;
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "gha-checkout-persist-credentials",
    summary: "`actions/checkout` persists the token in the checked-out repository",
    severity: Severity::Medium,
    help: "add `with: persist-credentials: false` (and pass a token explicitly to the one step that pushes)",
    docs: r#"## What it finds

An `actions/checkout` step without `persist-credentials: false`.

## Why it matters

By default the checkout writes the job's `GITHUB_TOKEN` (or the given PAT) into `.git/config` so later `git` commands can push. Every later step can read it — including third-party actions and build scripts — and an `actions/upload-artifact` of the workspace publishes it ("ArtiPACKED"). Scanner, lint and test jobs never need it.

## How to fix

```yaml
- uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2
  with:
    persist-credentials: false
```
"#,
    references: &[
        "zizmor: artipacked",
        "Palo Alto Unit 42: ArtiPACKED (2024)",
        "actions/checkout: persist-credentials",
    ],
    tags: &["security", "credentials", "github-actions"],
    default_enabled: true,
};

impl GhaRule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, w: &GhaFile, sink: &mut GhaSink<'_>) {
        for step in w.steps().into_iter().filter(|s| s.runs_action("actions/checkout")) {
            let off =
                step.input("persist-credentials").and_then(|v| v.text()).is_some_and(|t| t.trim() == "false");
            if !off && let Some(uses) = step.node.get("uses") {
                sink.report(
                    &uses,
                    "the checkout leaves the job's token in `.git/config` for every later step",
                );
            }
        }
    }
}
