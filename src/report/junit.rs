//! The JUnit XML format: one `<testsuite>` per file, one `<testcase>` per (file, rule) listing that
//! rule's unsuppressed findings — a `<failure>` when one is at or above `--fail-on`, else a passing
//! case with the findings in `<system-out>` — and a passing testcase for a clean file.

use std::collections::BTreeMap;

use super::Report;
use crate::finding::Finding;

pub fn render(report: &Report) -> String {
    // file → rule → findings, all in sorted order.
    let mut files: BTreeMap<&str, BTreeMap<&str, Vec<&Finding>>> = BTreeMap::new();
    for path in &report.files {
        files.entry(path).or_default();
    }
    for f in &report.findings {
        let rules = files.entry(&f.file.path).or_default();
        if f.suppressed.is_none() {
            rules.entry(&f.rule).or_default().push(f);
        }
    }
    let mut errors: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for e in &report.errors {
        errors.entry(e.file.as_deref().unwrap_or("ndlint")).or_default().push(&e.message);
    }

    let mut tests = 0;
    for (path, rules) in &files {
        tests += case_count(rules.len(), errors.get(path).map_or(0, Vec::len));
    }
    tests += errors.iter().filter(|(k, _)| !files.contains_key(*k)).map(|(_, e)| e.len()).sum::<usize>();
    let fails =
        |findings: &[&Finding]| report.fail_on.is_some_and(|t| findings.iter().any(|f| f.severity >= t));
    let failures: usize = files.values().flat_map(BTreeMap::values).filter(|f| fails(f)).count();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!(
        "<testsuites name=\"ndlint\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{}\">\n",
        report.errors.len()
    ));
    for (path, rules) in &files {
        let errs = errors.remove(path).unwrap_or_default();
        suite(&mut out, path, rules, &errs, &fails);
    }
    for (name, errs) in &errors {
        suite(&mut out, name, &BTreeMap::new(), errs, &fails);
    }
    out.push_str("</testsuites>\n");
    out
}

fn suite(
    out: &mut String,
    path: &str,
    rules: &BTreeMap<&str, Vec<&Finding>>,
    errors: &[&str],
    fails: &dyn Fn(&[&Finding]) -> bool,
) {
    let p = escape(path);
    out.push_str(&format!(
        "  <testsuite name=\"{p}\" tests=\"{}\" failures=\"{}\" errors=\"{}\">\n",
        case_count(rules.len(), errors.len()),
        rules.values().filter(|f| fails(f)).count(),
        errors.len()
    ));
    if rules.is_empty() && errors.is_empty() {
        out.push_str(&format!("    <testcase name=\"ndlint\" classname=\"{p}\"/>\n"));
    }
    for (rule, findings) in rules {
        let worst = findings.iter().map(|f| f.severity).max().map_or("", |s| s.as_str());
        let first = findings.first().map_or("", |f| f.message.as_str());
        let summary = if findings.len() == 1 {
            first.to_string()
        } else {
            format!("{} findings: {first}", findings.len())
        };
        out.push_str(&format!("    <testcase name=\"{}\" classname=\"{p}\">\n", escape(rule)));
        let close = if fails(findings) {
            out.push_str(&format!("      <failure message=\"{}\" type=\"{worst}\">", escape(&summary)));
            "</failure>"
        } else {
            out.push_str("      <system-out>");
            "</system-out>"
        };
        for f in findings {
            let lc = f.file.line_col(f.span.start);
            let line = format!("{path}:{}:{}: {} {}: {}", lc.line, lc.column, f.severity, f.rule, f.message);
            out.push_str(&escape(&line));
            out.push('\n');
        }
        out.push_str(&format!("{close}\n    </testcase>\n"));
    }
    for e in errors {
        out.push_str(&format!(
            "    <testcase name=\"ndlint\" classname=\"{p}\">\n      <error message=\"{}\"/>\n    </testcase>\n",
            escape(e)
        ));
    }
    out.push_str("  </testsuite>\n");
}

/// Test cases of a suite: one per failing rule and per error, else one passing case.
fn case_count(rules: usize, errors: usize) -> usize {
    if rules + errors == 0 { 1 } else { rules + errors }
}

/// Escapes text for XML attributes and content; characters XML 1.0 forbids become U+FFFD.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}
