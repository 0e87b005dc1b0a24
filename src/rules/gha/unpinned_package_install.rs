//! `gha-unpinned-package-install`: `pip install`, `npm install -g` or `go install …@latest` of
//! whatever version is newest.

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
    id: "gha-unpinned-package-install",
    summary: "A script installs a tool without pinning its version",
    severity: Severity::Low,
    help: "pin the version (`pip install tool==1.2.3`, `npm install -g tool@1.2.3`, `go install mod@v1.2.3`)",
    docs: r#"## What it finds

In a `run:` script: `pip install <name>` without `==` (requirement files, local paths and `-e` are fine), `npm install -g <name>` (or `i -g`) without `@version`, and `go install <module>@latest`.

## Why it matters

The job installs whatever the registry serves at that moment; a hijacked or typo-squatted release (the PyPI `litellm` payload of March 2026 came through exactly such installs) runs with the job's token. OpenSSF Scorecard counts these as unpinned dependencies.

## How to fix

Pin exact versions, ideally with hashes (`pip install --require-hashes -r requirements.txt`).
"#,
    references: &["OpenSSF Scorecard: Pinned-Dependencies"],
    tags: &["security", "supply-chain", "github-actions"],
    default_enabled: true,
};

fn pattern() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"\bpip3?\s+install\s+(?:(?:-U|--upgrade|--user|-q|--quiet|--no-cache-dir)\s+)*(?P<pip>[A-Za-z][\w.\-\[\]]*)(?:\s|$)|\bnpm\s+(?:install|i)\s+(?:-g|--global)\s+(?P<npm>@?[\w./-]+)(?:\s|$)|\bgo\s+install\s+\S+@latest\b")
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
                for c in pattern().captures_iter(line) {
                    let Some(m) = c.get(0) else { continue };
                    if c.name("npm").is_some_and(|n| n.as_str().trim_start_matches('@').contains('@')) {
                        continue;
                    }
                    let at = span.start as usize + m.start();
                    let text = m.as_str().trim();
                    sink.report_span(
                        Span::new(at, at + text.len()),
                        &run,
                        format!("`{text}` installs whatever version is newest"),
                    );
                }
            }
        }
    }
}
