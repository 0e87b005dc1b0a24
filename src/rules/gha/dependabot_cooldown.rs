//! `gha-dependabot-cooldown`: Dependabot proposes releases the day they appear.

use super::{GhaRule, GhaSink, dependabot_updates};
use crate::finding::Severity;
use crate::parse::workflow::GhaFile;
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

/// The cooldown below which a malicious release usually still is live when it is proposed.
const MIN_DAYS: u64 = 7;

static META: RuleMeta = RuleMeta {
    id: "gha-dependabot-cooldown",
    summary: "A Dependabot update has no cooldown of at least 7 days",
    severity: Severity::Medium,
    help: "add `cooldown: default-days: 7` to the update entry",
    docs: r#"## What it finds

An entry of `updates` in `.github/dependabot.yml` without `cooldown`, or with `cooldown.default-days` below 7.

## Why it matters

Supply-chain compromises are usually found and reverted within days: the malicious tj-actions, Trivy and kics tags were live for hours to a few days. Without a cooldown Dependabot proposes a new release — or a moved tag's new SHA — as soon as it appears, and a reviewer merging it imports the payload. A week's delay lets the ecosystem notice first; security updates are not delayed.

## How to fix

```yaml
- package-ecosystem: github-actions
  directory: /
  schedule:
    interval: weekly
  cooldown:
    default-days: 7
```
"#,
    references: &["GitHub Docs: Dependabot options reference — cooldown", "zizmor: dependabot-cooldown"],
    tags: &["security", "supply-chain", "dependabot"],
    default_enabled: true,
};

impl GhaRule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, w: &GhaFile, sink: &mut GhaSink<'_>) {
        for update in dependabot_updates(w) {
            let ecosystem = update.get("package-ecosystem").and_then(|e| e.text()).unwrap_or_default();
            match update.get("cooldown").and_then(|c| c.get("default-days")) {
                Some(days) => {
                    if days.value.as_u64().is_none_or(|d| d < MIN_DAYS) {
                        sink.report(
                            &days,
                            format!("the `{ecosystem}` updates wait less than {MIN_DAYS} days"),
                        );
                    }
                }
                None => {
                    let at = update.get("package-ecosystem").unwrap_or(update);
                    sink.report_key(
                        &at,
                        format!("the `{ecosystem}` updates have no cooldown of at least {MIN_DAYS} days"),
                    );
                }
            }
        }
    }
}
