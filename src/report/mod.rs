//! Reports: the outcome of a run rendered for people (human), machines (json), GitHub code
//! scanning (sarif), GitHub annotations (github) and JUnit consumers (junit).

use std::path::PathBuf;

use crate::finding::{Finding, Severity};
use crate::rules::RuleInfo;

/// Everything a report format needs to know about a run.
pub struct Report {
    /// Every finding, suppressed ones included (`Finding::suppressed`), in deterministic order.
    pub findings: Vec<Finding>,
    /// Problems of the run itself that are not findings (an unreadable path, a skipped input).
    pub errors: Vec<RunError>,
    /// Every rule known to the run (built-in, internal, Rego, Gatekeeper, schema), unique ids.
    pub rules: Vec<RuleInfo>,
    pub summary: Summary,
    /// The repository root that finding paths are relative to (for SARIF `originalUriBaseIds`).
    pub root: PathBuf,
}

#[derive(Clone, Debug, serde::Serialize)]
pub struct RunError {
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
}

#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct Summary {
    pub files: usize,
    pub documents: usize,
    /// Unsuppressed findings.
    pub findings: usize,
    pub suppressed: usize,
    pub critical: usize,
    pub high: usize,
    pub medium: usize,
    pub low: usize,
    pub info: usize,
}

impl Summary {
    pub fn count(&mut self, findings: &[Finding]) {
        for f in findings {
            if f.suppressed.is_some() {
                self.suppressed += 1;
                continue;
            }
            self.findings += 1;
            *match f.severity {
                Severity::Critical => &mut self.critical,
                Severity::High => &mut self.high,
                Severity::Medium => &mut self.medium,
                Severity::Low => &mut self.low,
                Severity::Info => &mut self.info,
            } += 1;
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Json,
    Sarif,
    Github,
    Junit,
}

/// Rendering choices that are not part of the run.
#[derive(Clone, Debug, Default)]
pub struct RenderOptions {
    /// Include suppressed results in SARIF with `suppressions[]` (GitHub would open alerts for them).
    pub sarif_suppressed: bool,
    /// Colour and unicode in the human format.
    pub color: bool,
}

/// Renders a report in a format. (Interim plain listing until the formats land.)
pub fn render(report: &Report, _format: Format, _opts: &RenderOptions) -> String {
    let mut out = String::new();
    for f in report.findings.iter().filter(|f| f.suppressed.is_none()) {
        let lc = f.file.line_col(f.span.start);
        out.push_str(&format!(
            "{}:{}:{}: {} [{}] {}\n",
            f.file.path, lc.line, lc.column, f.severity, f.rule, f.message
        ));
    }
    out
}

/// The one-line summary printed on stderr.
pub fn summary_line(report: &Report) -> String {
    let s = &report.summary;
    format!(
        "{} findings in {} files, {} documents; {} suppressed",
        s.findings, s.files, s.documents, s.suppressed
    )
}
