//! Reports: the outcome of a run rendered for people (human), machines (json), GitHub code
//! scanning (sarif), GitHub annotations (github) and JUnit consumers (junit).

pub mod github;
pub mod human;
pub mod json;
pub mod junit;
pub mod sarif;

use std::path::PathBuf;

use crate::finding::{Finding, Severity};
use crate::rules::RuleInfo;

pub use human::summary_line;
pub use sarif::sarif_truncated;

/// Everything a report format needs to know about a run.
#[derive(Default)]
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
    /// Every file linted (paths as in findings), so that formats can list clean files (JUnit).
    pub files: Vec<String>,
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
    /// Charts and overlays that could not be rendered, so their sources were not checked.
    pub not_checked: usize,
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

/// Renders a report in one format. The output is deterministic: identical reports give identical bytes.
pub fn render(report: &Report, format: Format, opts: &RenderOptions) -> String {
    match format {
        Format::Human => human::render(report, opts),
        Format::Json => json::render(report),
        Format::Sarif => sarif::render(report, opts),
        Format::Github => github::render(report),
        Format::Junit => junit::render(report),
    }
}
