//! The JSON format, version 1 (frozen): every finding, suppressed ones included, with
//! absent optional fields written as `null`, then run errors and the summary.
//!
//! ```text
//! {"version":1,
//!  "findings":[{"rule","severity","message","file",
//!               "start":{"line","column"},"end":{"line","column"},   1-based, columns in code points,
//!                                                                    end exclusive
//!               "pointer"|null,"object":{"apiVersion","kind","namespace"|null,"name"|null}|null,
//!               "address"|null,"origin"|null,"source":"builtin|rego|gatekeeper|schema",
//!               "suppressed":null|{"kind","reason"},"approximate":bool,
//!               "related":[{"file","start","end","message"}],
//!               "metadata":{…}}],      only on policy findings whose result object had extra
//!                                      keys (`details`, conftest metadata); absent otherwise
//!  "errors":[{"message","file"|null}],
//!  "summary":{"files","documents","findings","suppressed","critical","high","medium","low","info"}}
//! ```

use serde::Serialize;

use super::{Report, Summary};
use crate::finding::{Finding, FindingSource, Severity, Suppression};
use crate::source::LineCol;

#[derive(Serialize)]
struct Output<'a> {
    version: u32,
    findings: Vec<JsonFinding<'a>>,
    errors: Vec<JsonError<'a>>,
    summary: &'a Summary,
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    rule: &'a str,
    severity: Severity,
    message: &'a str,
    file: &'a str,
    start: LineCol,
    end: LineCol,
    pointer: Option<&'a str>,
    object: Option<JsonObject<'a>>,
    address: Option<&'a str>,
    origin: Option<&'a str>,
    source: FindingSource,
    suppressed: Option<&'a Suppression>,
    approximate: bool,
    related: Vec<JsonRelated<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    metadata: Option<&'a serde_json::Map<String, serde_json::Value>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct JsonObject<'a> {
    api_version: &'a str,
    kind: &'a str,
    namespace: Option<&'a str>,
    name: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonRelated<'a> {
    file: &'a str,
    start: LineCol,
    end: LineCol,
    message: &'a str,
}

#[derive(Serialize)]
struct JsonError<'a> {
    message: &'a str,
    file: Option<&'a str>,
}

fn finding(f: &Finding) -> JsonFinding<'_> {
    JsonFinding {
        rule: &f.rule,
        severity: f.severity,
        message: &f.message,
        file: &f.file.path,
        start: f.file.line_col(f.span.start),
        end: f.file.line_col(f.span.end),
        pointer: f.pointer.as_deref(),
        object: f.object.as_ref().map(|o| JsonObject {
            api_version: &o.api_version,
            kind: &o.kind,
            namespace: o.namespace.as_deref(),
            name: o.name.as_deref(),
        }),
        address: f.address.as_deref(),
        origin: f.origin.as_deref(),
        source: f.source,
        suppressed: f.suppressed.as_ref(),
        approximate: f.approximate,
        metadata: f.metadata.as_deref(),
        related: f
            .related
            .iter()
            .map(|r| JsonRelated {
                file: &r.file.path,
                start: r.file.line_col(r.span.start),
                end: r.file.line_col(r.span.end),
                message: &r.message,
            })
            .collect(),
    }
}

pub fn render(report: &Report) -> String {
    let out = Output {
        version: 1,
        findings: report.findings.iter().map(finding).collect(),
        errors: report
            .errors
            .iter()
            .map(|e| JsonError { message: &e.message, file: e.file.as_deref() })
            .collect(),
        summary: &report.summary,
    };
    let mut s = serde_json::to_string_pretty(&out).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"));
    s.push('\n');
    s
}
