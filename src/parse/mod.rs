//! Turning input files into documents: reading, YAML/JSON parsing, classification.

pub mod hcl;
pub mod helm;
pub mod kustomize;
pub mod rendered;
pub mod sources;
pub mod tfeval;
pub mod tffunc;
pub mod tfhcl;
pub mod tfplan;
pub mod workflow;
pub mod yaml;

use std::sync::Arc;

use serde_json::Value;

use crate::document::{Children, Document, ObjectRef, SpanNode};
use crate::finding::Finding;
use crate::rules::internal::PARSE_ERROR;
use crate::source::{SourceFile, Span};

/// Files larger than this are reported, not parsed (config `max-file-mib` changes it).
pub const MAX_FILE_BYTES: usize = 256 << 20;

/// The documents of one file, and the findings (parse errors) that parsing produced.
#[derive(Debug, Default)]
pub struct Parsed {
    pub documents: Vec<Document>,
    pub findings: Vec<Finding>,
}

/// Decodes raw bytes to a [`SourceFile`]; invalid UTF-8 or an oversized file becomes a finding on a
/// placeholder file holding the valid prefix (so the finding still has a line).
pub fn decode(path: String, bytes: Vec<u8>) -> Result<Arc<SourceFile>, Box<Finding>> {
    decode_within(path, bytes, MAX_FILE_BYTES)
}

/// [`decode`] with a size limit of `max_bytes`.
pub fn decode_within(
    path: String,
    bytes: Vec<u8>,
    max_bytes: usize,
) -> Result<Arc<SourceFile>, Box<Finding>> {
    if bytes.len() > max_bytes {
        let file = SourceFile::new(path, String::new());
        let msg = format!(
            "file is {:.1} MiB, larger than ndlint's {} MiB limit (config `max-file-mib`); it was not checked",
            bytes.len() as f64 / (1 << 20) as f64,
            max_bytes >> 20
        );
        return Err(Box::new(parse_error(&file, Span::default(), msg)));
    }
    let bytes = match unicode_text(&bytes) {
        Some(Ok(text)) => return Ok(SourceFile::new(path, text)),
        Some(Err(encoding)) => {
            let file = SourceFile::new(path, String::new());
            let msg = format!(
                "file is {encoding} but not valid {encoding}; it was not checked (write it as UTF-8, \
e.g. `terraform show -json plan.out | Out-File -Encoding utf8 plan.json` in PowerShell)"
            );
            return Err(Box::new(parse_error(&file, Span::default(), msg)));
        }
        None => bytes,
    };
    match String::from_utf8(bytes) {
        Ok(text) => Ok(SourceFile::new(path, text)),
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let prefix = String::from_utf8_lossy(&bytes[..valid]).into_owned();
            let file = SourceFile::new(path, prefix);
            let at = valid;
            Err(Box::new(parse_error(
                &file,
                Span::new(at, at),
                "file is not valid UTF-8; it was not checked".into(),
            )))
        }
    }
}

/// Text that starts with a byte-order mark (UTF-8, UTF-16 LE/BE) or is UTF-16 LE without one (as
/// Windows PowerShell's `>` writes a `terraform show -json` plan), decoded without the mark;
/// `Some(Err(encoding))` when it is not valid in that encoding, `None` for any other bytes.
fn unicode_text(bytes: &[u8]) -> Option<Result<String, &'static str>> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return Some(String::from_utf8(rest.to_vec()).map_err(|_| "UTF-8"));
    }
    let (rest, little, encoding) = if let Some(r) = bytes.strip_prefix(b"\xFF\xFE") {
        (r, true, "UTF-16LE")
    } else if let Some(r) = bytes.strip_prefix(b"\xFE\xFF") {
        (r, false, "UTF-16BE")
    } else if bytes.len() >= 4
        && bytes[1] == 0
        && bytes[3] == 0
        && bytes[0].is_ascii_graphic()
        && (bytes[2].is_ascii_graphic() || bytes[2].is_ascii_whitespace())
    {
        (bytes, true, "UTF-16LE")
    } else {
        return None;
    };
    if rest.len() % 2 != 0 {
        return Some(Err(encoding));
    }
    let units = rest
        .chunks_exact(2)
        .map(|c| if little { u16::from_le_bytes([c[0], c[1]]) } else { u16::from_be_bytes([c[0], c[1]]) });
    Some(char::decode_utf16(units).collect::<Result<String, _>>().map_err(|_| encoding))
}

pub fn parse_error(file: &Arc<SourceFile>, span: Span, message: String) -> Finding {
    let mut f = Finding::new(PARSE_ERROR.id, PARSE_ERROR.severity, message, file.clone(), span);
    f.help = Some(PARSE_ERROR.help.into());
    f
}

/// Parses a YAML/JSON file into Kubernetes documents. Documents that are not Kubernetes objects
/// (no `apiVersion` and `kind`) are dropped, except plain Prometheus rule files; `kind: List`
/// items become documents of their own.
pub fn kubernetes_documents(file: &Arc<SourceFile>) -> Parsed {
    let stream = yaml::parse_stream(file);
    let mut out = Parsed::default();
    for e in stream.errors {
        let mut f = parse_error(file, e.span, e.message);
        if let Some(first) = e.related {
            f.related.push(crate::finding::Related {
                file: file.clone(),
                span: first,
                message: "first defined here".into(),
            });
        }
        out.findings.push(f);
    }
    for raw in stream.documents {
        push_objects(file, raw.index, raw.value, raw.map, raw.extent, &mut out.documents);
    }
    out
}

fn push_objects(
    file: &Arc<SourceFile>,
    index: usize,
    value: Value,
    map: SpanNode,
    extent: Span,
    out: &mut Vec<Document>,
) {
    let object = ObjectRef::from_value(&value);
    match &object {
        // Plain Prometheus rule files are the one kind of non-object document ndlint checks.
        None if !crate::rules::k8s::prometheus::is_prometheus_rule_file(&value) => return,
        Some(o) if o.kind == "List" && o.api_version == "v1" => {
            let Value::Object(mut obj) = value else { return };
            let Some(Value::Array(items)) = obj.remove("items") else { return };
            let mut nodes = match map.child("items").map(|n| n.children.clone()) {
                Some(Children::Seq(nodes)) => nodes,
                _ => Vec::new(),
            }
            .into_iter();
            for item in items {
                let node = nodes.next().unwrap_or_default();
                let extent = node.value;
                push_objects(file, index, item, node, extent, out);
            }
            return;
        }
        _ => {}
    }
    out.push(Document {
        file: file.clone(),
        index,
        value,
        map,
        extent,
        object,
        origin: None,
        projected: false,
    });
}

/// True when a YAML value looks like a Kubernetes object.
pub fn is_kubernetes_object(v: &Value) -> bool {
    v.get("apiVersion").is_some_and(Value::is_string) && v.get("kind").is_some_and(Value::is_string)
}

#[cfg(test)]
mod decode_tests {
    use super::*;

    fn utf16(text: &str, little: bool, bom: bool) -> Vec<u8> {
        let mut out = Vec::new();
        for u in text.encode_utf16() {
            out.extend(if little { u.to_le_bytes() } else { u.to_be_bytes() });
        }
        if bom {
            let mark: &[u8] = if little { b"\xFF\xFE" } else { b"\xFE\xFF" };
            out.splice(0..0, mark.iter().copied());
        }
        out
    }

    #[test]
    fn utf16_and_bom_files_are_decoded() {
        let text = "{\"format_version\":\"1.2\"}\n";
        for (little, bom) in [(true, true), (false, true), (true, false)] {
            let f = decode("p.json".into(), utf16(text, little, bom)).unwrap();
            assert_eq!(f.text, text, "little={little} bom={bom}");
        }
        let f = decode("p.json".into(), [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat()).unwrap();
        assert_eq!(f.text, text);
        let mut odd = utf16(text, true, true);
        odd.push(b'x');
        let e = decode("p.json".into(), odd).unwrap_err();
        assert!(
            e.message.contains("UTF-16LE") && e.message.contains("Out-File -Encoding utf8"),
            "{}",
            e.message
        );
    }
}
