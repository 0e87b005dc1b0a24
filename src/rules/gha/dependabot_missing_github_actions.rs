//! `gha-dependabot-missing-github-actions`: a Dependabot config that never updates the workflows' actions.

use super::{GhaRule, GhaSink};
use crate::finding::Severity;
use crate::parse::workflow::{GhaFile, GhaKind};
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "gha-dependabot-missing-github-actions",
    summary: "Dependabot does not update GitHub Actions",
    severity: Severity::Medium,
    help: "add an `updates` entry with `package-ecosystem: github-actions` and `directory: /`",
    docs: r#"## What it finds

A `.github/dependabot.yml` whose `updates` have no `package-ecosystem: github-actions` entry.

## Why it matters

SHA-pinned actions (`gha-unpinned-uses`) only stay safe if someone updates them: without Dependabot for the `github-actions` ecosystem the pins age, security fixes of the actions never arrive, and the version comments drift from the SHAs. Dependabot updates the SHA and its comment together, in a reviewed pull request.

## How to fix

```yaml
updates:
  - package-ecosystem: github-actions
    directory: /
    schedule:
      interval: weekly
    cooldown:
      default-days: 7
```
"#,
    references: &[
        "GitHub Docs: Keeping your actions up to date with Dependabot",
        "OpenSSF Scorecard: Dependency-Update-Tool",
    ],
    tags: &["security", "supply-chain", "dependabot"],
    default_enabled: true,
};

impl GhaRule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, w: &GhaFile, sink: &mut GhaSink<'_>) {
        if w.kind != GhaKind::Dependabot {
            return;
        }
        let root = w.root();
        let updates = root.get("updates");
        let covered = updates.is_some_and(|u| {
            u.items()
                .iter()
                .any(|i| i.get("package-ecosystem").and_then(|e| e.str()) == Some("github-actions"))
        });
        if !covered {
            match updates {
                Some(u) => sink.report_key(&u, "no `updates` entry keeps the workflows' actions up to date"),
                None => sink.report_key(&root, "the Dependabot config has no `updates`"),
            }
        }
    }
}
