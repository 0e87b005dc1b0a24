//! The Markdown format: a summary for a CI job page (GitHub's job summary) — the summary line, the
//! count per severity, and a table of the most severe unsuppressed findings with their locations.

use super::{Report, human::summary_line};
use crate::finding::Severity;

/// Rows shown at most; the rest is counted (GitHub caps a job summary at 1 MiB).
pub const MAX_ROWS: usize = 200;

pub fn render(report: &Report) -> String {
    let mut out = format!("## ndlint\n\n{}\n", summary_line(report));
    let mut shown: Vec<_> = report.findings.iter().filter(|f| f.suppressed.is_none()).collect();
    if shown.is_empty() {
        return out;
    }
    let s = &report.summary;
    out.push_str("\n| severity | findings |\n|---|---:|\n");
    for (sev, n) in [
        (Severity::Critical, s.critical),
        (Severity::High, s.high),
        (Severity::Medium, s.medium),
        (Severity::Low, s.low),
        (Severity::Info, s.info),
    ] {
        if n > 0 {
            out.push_str(&format!("| {sev} | {n} |\n"));
        }
    }
    shown.sort_by_key(|f| std::cmp::Reverse(f.severity)); // stable: the report's order within a level
    let total = shown.len();
    shown.truncate(MAX_ROWS);
    out.push_str("\n| severity | rule | location | message |\n|---|---|---|---|\n");
    for f in &shown {
        let lc = f.file.line_col(f.span.start);
        out.push_str(&format!(
            "| {} | `{}` | `{}:{}:{}` | {} |\n",
            f.severity,
            cell(&f.rule),
            cell(&f.file.path),
            lc.line,
            lc.column,
            cell(&f.message)
        ));
    }
    if total > shown.len() {
        out.push_str(&format!(
            "\n…and {} more (see the SARIF report or `--format json`).\n",
            total - shown.len()
        ));
    }
    out
}

/// Table-cell text: one line, `|` escaped, HTML-significant characters neutralised.
fn cell(s: &str) -> String {
    s.replace('\n', " ").replace('|', "\\|").replace('<', "&lt;").replace('>', "&gt;").replace('`', "'")
}
