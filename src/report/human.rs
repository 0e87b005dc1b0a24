//! The human format: one miette code frame per unsuppressed finding, plus the summary line.

use std::fmt;
use std::sync::Arc;

use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents,
    SourceCode, SourceSpan, SpanContents,
};

use super::{RenderOptions, Report};
use crate::finding::{Finding, Severity};
use crate::source::{SourceFile, Span};

/// Fixed width so that output does not depend on the terminal.
const WIDTH: usize = 100;

pub fn render(report: &Report, opts: &RenderOptions) -> String {
    let theme = if opts.color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(WIDTH)
        .with_links(false)
        .with_show_related_as_nested(true);
    let mut out = String::new();
    for f in report.findings.iter().filter(|f| f.suppressed.is_none()) {
        let diag = FindingDiagnostic::new(f);
        let mut frame = String::new();
        // A code frame of a minified line (a one-line plan JSON) helps nobody, and miette cannot
        // pad past 65,535 columns; anything miette fails on gets the plain line too.
        let framed = !on_long_line(f)
            && std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                handler.render_report(&mut frame, &diag)
            }))
            .is_ok_and(|r| r.is_ok());
        if !framed {
            let lc = f.file.line_col(f.span.start);
            frame = format!(
                "{}[{}]: {}\n  at {}:{}:{}\n",
                f.severity, f.rule, f.message, f.file.path, lc.line, lc.column
            );
            if let Some(help) = &f.help {
                frame.push_str(&format!("  help: {help}\n"));
            }
        }
        out.push_str(&frame);
        out.push('\n');
    }
    for e in &report.errors {
        match &e.file {
            Some(file) => out.push_str(&format!("error: {file}: {}\n", e.message)),
            None => out.push_str(&format!("error: {}\n", e.message)),
        }
    }
    out
}

/// True when the finding's lines are too long to show as a code frame.
fn on_long_line(f: &crate::finding::Finding) -> bool {
    let (start, end) = (f.file.line_col(f.span.start).line, f.file.line_col(f.span.end).line);
    (start.saturating_sub(1)..=end + 1).any(|l| f.file.line_text(l).len() > 2_000)
}

/// The one-line outcome the CLI prints on stderr, e.g.
/// `✖ 12 findings (2 critical, 5 high, 5 medium) in 34 files, 120 documents; 3 suppressed`.
pub fn summary_line(report: &Report) -> String {
    let s = &report.summary;
    let scope = format!("{}, {}", plural(s.files, "file"), plural(s.documents, "document"));
    let mut line = if s.findings == 0 {
        format!("✔ no findings in {scope}")
    } else {
        let parts: Vec<String> = [
            (s.critical, "critical"),
            (s.high, "high"),
            (s.medium, "medium"),
            (s.low, "low"),
            (s.info, "info"),
        ]
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, name)| format!("{n} {name}"))
        .collect();
        format!("✖ {} ({}) in {scope}", plural(s.findings, "finding"), parts.join(", "))
    };
    if s.suppressed > 0 {
        line.push_str(&format!("; {} suppressed", s.suppressed));
    }
    if !report.errors.is_empty() {
        line.push_str(&format!("; {}", plural(report.errors.len(), "error")));
    }
    if s.not_checked > 0 {
        let what = if s.not_checked == 1 {
            "1 chart or overlay".to_string()
        } else {
            format!("{} charts or overlays", s.not_checked)
        };
        line.push_str(&format!("; {what} not rendered, so not checked"));
    }
    line
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 { format!("1 {word}") } else { format!("{n} {word}s") }
}

/// A source file as miette reads it, with line/column computed by ndlint (code points, not bytes).
#[derive(Debug)]
struct Source(Arc<SourceFile>);

impl SourceCode for Source {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let inner = self.0.text.as_str().read_span(span, before, after)?;
        let (line, column) = if before == 0 && after == 0 {
            let lc = self.0.line_col(u32::try_from(span.offset()).unwrap_or(u32::MAX));
            (lc.line - 1, lc.column - 1)
        } else {
            (inner.line(), inner.column())
        };
        Ok(Box::new(MietteSpanContents::new_named(
            self.0.path.clone(),
            inner.data(),
            *inner.span(),
            line,
            column,
            inner.line_count(),
        )))
    }
}

/// A span clamped to the text and to character boundaries, as miette needs it.
fn source_span(file: &SourceFile, span: Span) -> SourceSpan {
    let text = &file.text;
    let floor = |mut i: usize| {
        i = i.min(text.len());
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let start = floor(span.start as usize);
    let end = floor(span.end as usize).max(start);
    SourceSpan::new(start.into(), end - start)
}

fn miette_severity(s: Severity) -> miette::Severity {
    match s {
        Severity::Critical | Severity::High => miette::Severity::Error,
        Severity::Medium => miette::Severity::Warning,
        Severity::Low | Severity::Info => miette::Severity::Advice,
    }
}

/// One finding (or one related location in another file) as a miette diagnostic.
#[derive(Debug)]
struct FindingDiagnostic {
    code: Option<String>,
    severity: miette::Severity,
    message: String,
    help: Option<String>,
    source: Source,
    labels: Vec<LabeledSpan>,
    related: Vec<FindingDiagnostic>,
}

impl FindingDiagnostic {
    fn new(f: &Finding) -> Self {
        let mut label = f.pointer.clone().filter(|p| !p.is_empty());
        if f.approximate {
            label = Some(match label {
                Some(p) => format!("{p} (approximate location)"),
                None => "approximate location".into(),
            });
        }
        let mut labels = vec![LabeledSpan::new_primary_with_span(label, source_span(&f.file, f.span))];
        let mut related = Vec::new();
        for r in &f.related {
            if r.file.path == f.file.path {
                labels
                    .push(LabeledSpan::new_with_span(Some(r.message.clone()), source_span(&r.file, r.span)));
            } else {
                related.push(FindingDiagnostic {
                    code: None,
                    severity: miette::Severity::Advice,
                    message: r.message.clone(),
                    help: None,
                    source: Source(r.file.clone()),
                    labels: vec![LabeledSpan::new_primary_with_span(None, source_span(&r.file, r.span))],
                    related: Vec::new(),
                });
            }
        }
        FindingDiagnostic {
            code: Some(format!("{}[{}]", f.severity, f.rule)),
            severity: miette_severity(f.severity),
            message: f.message.clone(),
            help: f.help.clone().filter(|h| !h.is_empty()),
            source: Source(f.file.clone()),
            labels,
            related,
        }
    }
}

impl fmt::Display for FindingDiagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for FindingDiagnostic {}

impl Diagnostic for FindingDiagnostic {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.code.as_ref().map(|c| Box::new(c) as Box<dyn fmt::Display>)
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(self.severity)
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help.as_ref().map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(self.labels.iter().cloned()))
    }

    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn Diagnostic> + 'a>> {
        if self.related.is_empty() {
            None
        } else {
            Some(Box::new(self.related.iter().map(|d| d as &dyn Diagnostic)))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(text: &str, span: Span) -> String {
        let file = SourceFile::new("x.yaml", text);
        let f = Finding::new("r", Severity::Medium, "m".into(), file, span);
        let report = Report { findings: vec![f], ..Default::default() };
        render(&report, &RenderOptions::default())
    }

    #[test]
    fn empty_and_end_of_file_spans_still_get_a_frame() {
        assert!(frame("a: 1\nb: 2\n", Span::new(3, 3)).contains("[x.yaml:1:4]"));
        assert!(frame("a: 1\nb: 2\n", Span::new(10, 10)).contains("╭─[x.yaml:"));
        assert!(frame("a: 1\nb: 2", Span::new(9, 99)).contains("[x.yaml:2:5]"));
        assert!(frame("", Span::new(0, 0)).contains("medium[r]"));
    }

    #[test]
    fn summary_line_names_each_level() {
        let report = Report {
            summary: super::super::Summary {
                files: 2,
                documents: 1,
                findings: 1,
                info: 1,
                ..Default::default()
            },
            ..Report::default()
        };
        assert_eq!(summary_line(&report), "✖ 1 finding (1 info) in 2 files, 1 document");
    }
}
