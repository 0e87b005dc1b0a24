//! The GitHub Actions format: one workflow command (`::error`, `::warning`, `::notice`) per
//! unsuppressed finding, most severe first (GitHub shows only the first few of each level).

use super::Report;
use crate::finding::{Finding, Severity};

pub fn render(report: &Report) -> String {
    let mut findings: Vec<&Finding> = report.findings.iter().filter(|f| f.suppressed.is_none()).collect();
    findings.sort_by_key(|f| std::cmp::Reverse(f.severity)); // stable: keeps the report's order within a level
    let mut out = String::new();
    for f in findings {
        let start = f.file.line_col(f.span.start);
        let end = f.file.line_col(f.span.end);
        out.push_str(&format!(
            "::{} file={},line={},col={},endLine={},endColumn={},title={}::{}\n",
            command(f.severity),
            escape_property(&f.file.path),
            start.line,
            start.column,
            end.line,
            end.column,
            escape_property(&f.rule),
            escape_data(&f.message),
        ));
    }
    for e in &report.errors {
        match &e.file {
            Some(file) => out.push_str(&format!(
                "::error file={},title=ndlint::{}\n",
                escape_property(file),
                escape_data(&e.message)
            )),
            None => out.push_str(&format!("::error title=ndlint::{}\n", escape_data(&e.message))),
        }
    }
    out
}

fn command(s: Severity) -> &'static str {
    match s {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low | Severity::Info => "notice",
    }
}

/// Escapes a command's message: `%`, CR and LF.
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escapes a property value: the message escapes plus `:` and `,`.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}
