//! Findings, severities and where a finding points.

use std::{fmt, str::FromStr, sync::Arc};

use serde::Serialize;

use crate::document::ObjectRef;
use crate::source::{SourceFile, Span};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Low,
    Medium,
    High,
    Critical,
}

impl Severity {
    pub const ALL: [Severity; 5] =
        [Severity::Critical, Severity::High, Severity::Medium, Severity::Low, Severity::Info];

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Severity {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Severity::ALL
            .into_iter()
            .find(|v| v.as_str().eq_ignore_ascii_case(s))
            .ok_or_else(|| format!("unknown severity `{s}` (expected critical, high, medium, low or info)"))
    }
}

/// Which engine produced a finding.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FindingSource {
    Builtin,
    Rego,
    Gatekeeper,
    Schema,
}

/// How a finding was suppressed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Suppression {
    /// `comment`, `annotation` or `config`.
    pub kind: &'static str,
    pub reason: String,
}

/// A secondary location (the other duplicate key, the anchor of an alias, the rendered line).
#[derive(Clone, Debug)]
pub struct Related {
    pub file: Arc<SourceFile>,
    pub span: Span,
    pub message: String,
}

#[derive(Clone, Debug)]
pub struct Finding {
    pub rule: Arc<str>,
    pub severity: Severity,
    pub message: String,
    /// A short hint on how to fix it, shown by the human format.
    pub help: Option<String>,
    pub file: Arc<SourceFile>,
    pub span: Span,
    /// True when the span is an anchor (the object, the block) rather than the offending text.
    pub approximate: bool,
    pub pointer: Option<String>,
    pub object: Option<ObjectRef>,
    pub address: Option<String>,
    pub origin: Option<String>,
    pub source: FindingSource,
    pub related: Vec<Related>,
    pub suppressed: Option<Suppression>,
    /// The document the finding is about (before any relocation), for annotation suppressions.
    pub document: Option<DocRef>,
    /// Extra keys of a policy's result object (`details`, conftest metadata), reported as is.
    pub metadata: Option<Box<serde_json::Map<String, serde_json::Value>>>,
}

/// Identifies a parsed document: its file (as parsed, e.g. the rendered stream) and position.
#[derive(Clone, Debug)]
pub struct DocRef {
    pub file: Arc<SourceFile>,
    pub index: usize,
}

impl PartialEq for DocRef {
    fn eq(&self, other: &Self) -> bool {
        self.index == other.index
            && (Arc::ptr_eq(&self.file, &other.file) || self.file.path == other.file.path)
    }
}

impl Finding {
    /// A finding at a span of a file, with every optional part empty.
    pub fn new(
        rule: impl Into<Arc<str>>,
        severity: Severity,
        message: String,
        file: Arc<SourceFile>,
        span: Span,
    ) -> Self {
        Finding {
            rule: rule.into(),
            severity,
            message: shorten(message),
            help: None,
            file,
            span,
            approximate: false,
            pointer: None,
            object: None,
            address: None,
            origin: None,
            source: FindingSource::Builtin,
            related: Vec::new(),
            suppressed: None,
            document: None,
            metadata: None,
        }
    }

    /// The longest message a finding carries: reports stay readable (a GitHub annotation line
    /// under 1 KB), and no large value is copied into a message.
    pub const MAX_MESSAGE_CHARS: usize = 350;

    /// The deterministic order of reports: file, position, rule, message.
    pub fn sort_key(&self) -> (&str, u32, u32, &str, &str) {
        (&self.file.path, self.span.start, self.span.end, &self.rule, &self.message)
    }
}

/// Cuts a message longer than [`Finding::MAX_MESSAGE_CHARS`] at a word boundary and marks the cut.
fn shorten(message: String) -> String {
    if message.chars().count() <= Finding::MAX_MESSAGE_CHARS {
        return message;
    }
    let cut: String = message.chars().take(Finding::MAX_MESSAGE_CHARS - 1).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > Finding::MAX_MESSAGE_CHARS / 2 => &cut[..i],
        _ => &cut,
    };
    format!("{}…", cut.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_messages_are_cut_at_a_word() {
        let long = format!("the value {} is not allowed", "x".repeat(20).repeat(30));
        let f = Finding::new("r", Severity::Low, long.clone(), SourceFile::new("a", ""), Span::default());
        assert!(f.message.chars().count() <= Finding::MAX_MESSAGE_CHARS, "{}", f.message);
        assert!(f.message.ends_with('…'));
        let short =
            Finding::new("r", Severity::Low, "fine".into(), SourceFile::new("a", ""), Span::default());
        assert_eq!(short.message, "fine");
    }
}
