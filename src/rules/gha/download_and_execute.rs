//! `gha-download-and-execute`: `curl … | sh`-style scripts that run what they download, unverified.

use std::sync::OnceLock;

use regex::Regex;

use super::{GhaRule, GhaSink};
use crate::finding::Severity;
use crate::parse::workflow::GhaFile;
use crate::rules::RuleMeta;
use crate::source::Span;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "gha-download-and-execute",
    summary: "A script pipes a download straight into a shell or interpreter",
    severity: Severity::High,
    help: "download to a file, verify its checksum or signature, then run it; or use a pinned action or package",
    docs: r#"## What it finds

In a `run:` script: `curl …| sh`, `wget -O- … | bash`, `… | sudo bash`, `| python`, `bash <(curl …)` and `sh -c "$(curl …)"`.

## Why it matters

Whatever the server (or anyone who controls the URL, a CDN or a moved `main` branch) returns runs immediately with the job's token and secrets; nothing pins or verifies it, and nothing in the repository records what ran. OpenSSF Scorecard counts it as an unpinned dependency; poutine and Scorecard flag it, zizmor does not.

## How to fix

```yaml
- run: |
    curl -fsSLo install.sh https://example.com/v1.2.3/install.sh
    echo "<sha256>  install.sh" | sha256sum -c -
    bash install.sh
```
"#,
    references: &[
        "OpenSSF Scorecard: Pinned-Dependencies (downloadThenRun)",
        "poutine: pr_runs_on_self_hosted / curl_bash",
    ],
    tags: &["security", "supply-chain", "github-actions"],
    default_enabled: true,
};

fn pattern() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r#"(?x)
            \b(?:curl|wget)\b[^|;&\n]*\|\s*(?:sudo\s+(?:-\S+\s+)*)?(?:env\s+\S+\s+)*(?:ba|z|da|k|fi)?sh\b
          | \b(?:curl|wget)\b[^|;&\n]*\|\s*(?:sudo\s+)?(?:python3?|perl|ruby|node)\b
          | \b(?:ba|z)?sh\s+<\(\s*(?:curl|wget)\b
          | \b(?:ba|z)?sh\s+-c\s+["']?\$\(\s*(?:curl|wget)\b"#,
        )
        .expect("valid regex")
    })
}

impl GhaRule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, w: &GhaFile, sink: &mut GhaSink<'_>) {
        for step in w.steps() {
            let Some(run) = step.run() else { continue };
            for (line, span) in run.lines() {
                if let Some(m) = pattern().find(line) {
                    let at = span.start as usize + m.start();
                    sink.report_span(
                        Span::new(at, span.start as usize + m.end()),
                        &run,
                        "the script runs what it downloads without verifying it",
                    );
                }
            }
        }
    }
}
