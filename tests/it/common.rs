//! Shared test helpers: lint fixtures the way users do and describe findings as users see them.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use ndlint::finding::Finding;
use ndlint::rules::{Registry, Selection};

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixture(rel: &str) -> PathBuf {
    repo().join("fixtures").join(rel)
}

/// A registry running only the given rules (ids or prefixes), or every default rule when empty.
pub fn registry(select: &[&str]) -> Registry {
    Registry::new(Selection { select: select.iter().map(|s| s.to_string()).collect(), ..Default::default() })
}

/// Lints one file with the given rules selected.
pub fn lint(path: &Path, select: &[&str]) -> Vec<Finding> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let rel = path.strip_prefix(repo()).unwrap_or(path).to_string_lossy().replace('\\', "/");
    ndlint::check::lint_text(&rel, &text, &registry(select))
}

/// `line:column rule-id` of each finding, as users read them.
pub fn positions(findings: &[Finding]) -> Vec<String> {
    findings
        .iter()
        .map(|f| {
            let lc = f.file.line_col(f.span.start);
            format!("{}:{} {}", lc.line, lc.column, f.rule)
        })
        .collect()
}
