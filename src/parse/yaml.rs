//! YAML streams to documents: one pass over saphyr's events builds each document's JSON value
//! (with Kubernetes' YAML 1.1 scalar rules) and its source map together.

use std::collections::HashMap;
use std::sync::Arc;

use saphyr_parser::{Event, Parser, ScalarStyle, Tag};
use serde_json::{Map, Number, Value};

use crate::document::{Children, Document, SpanNode};
use crate::source::{SourceFile, Span};

/// Limits that keep hostile input from exhausting the machine.
pub const MAX_DEPTH: usize = 128;
/// A quoted scalar's span ends at its closing quote (the parser's runs on over a trailing comment).
fn quoted_extent(text: &str, span: Span, style: ScalarStyle) -> Span {
    let quote = match style {
        ScalarStyle::DoubleQuoted => b'"',
        ScalarStyle::SingleQuoted => b'\'',
        _ => return span,
    };
    let (start, end) = (span.start as usize, span.end as usize);
    let Some(bytes) = text.as_bytes().get(start..end).filter(|b| b.first() == Some(&quote)) else {
        return span;
    };
    let mut i = 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if quote == b'"' => i += 1,
            b'\'' if quote == b'\'' && bytes.get(i + 1) == Some(&b'\'') => i += 1,
            b if b == quote => return Span::new(start, start + i + 1),
            _ => {}
        }
        i += 1;
    }
    span
}

/// Nodes that alias expansion may create in one file.
pub const MAX_ALIAS_NODES: usize = 100_000;

/// One YAML document of a stream: its value, source map and byte extent.
#[derive(Debug, Clone)]
pub struct RawDocument {
    pub index: usize,
    pub value: Value,
    pub map: SpanNode,
    pub extent: Span,
}

impl RawDocument {
    /// The document of `file` as a [`Document`] that is no Kubernetes object (a whole Terraform
    /// plan, for instance).
    pub fn into_document(self, file: &Arc<SourceFile>) -> Document {
        Document {
            file: file.clone(),
            index: self.index,
            value: self.value,
            map: self.map,
            extent: self.extent,
            object: None,
            origin: None,
            projected: false,
        }
    }
}

/// A problem that stops or spoils parsing, with where it happened.
#[derive(Debug, Clone)]
pub struct YamlError {
    pub message: String,
    pub span: Span,
    /// The first occurrence, for duplicate keys.
    pub related: Option<Span>,
}

#[derive(Debug, Default)]
pub struct Stream {
    pub documents: Vec<RawDocument>,
    pub errors: Vec<YamlError>,
}

/// Parses a multi-document YAML (or JSON) stream. Never panics on bad input: a syntax error
/// ends the stream at that point and is returned with the documents read before it.
pub fn parse_stream(file: &Arc<SourceFile>) -> Stream {
    crate::source::trace("parse-yaml", &file.path);
    let mut b = Builder {
        file,
        hint: (0, 0),
        stack: Vec::new(),
        anchors: HashMap::new(),
        alias_nodes: 0,
        doc_start: 0,
        prev_end: 0,
        root: None,
        out: Stream::default(),
    };
    let mut parser = Parser::new_from_str(&file.text);
    while let Some(next) = parser.next_event() {
        match next {
            Ok((event, span)) => {
                let span = b.span(span);
                if let Err(e) = b.event(event, span) {
                    b.out.errors.push(e);
                    return b.out;
                }
            }
            Err(e) => {
                let m = e.marker();
                let at = file.offset_of(m.line(), m.col());
                b.out.errors.push(YamlError {
                    message: format!("invalid YAML: {}", e.info()),
                    span: Span::new(at, at),
                    related: None,
                });
                return b.out;
            }
        }
    }
    b.out
}

enum Frame {
    Map {
        start: Span,
        anchor: usize,
        value: Map<String, Value>,
        spans: Vec<(Box<str>, SpanNode)>,
        key: Option<(String, Span)>,
        merges: Vec<(Value, SpanNode)>,
        merge_pending: bool,
    },
    Seq {
        start: Span,
        anchor: usize,
        items: Vec<Value>,
        spans: Vec<SpanNode>,
    },
}

struct Builder<'f> {
    file: &'f Arc<SourceFile>,
    hint: (usize, usize),
    stack: Vec<Frame>,
    anchors: HashMap<usize, (Value, SpanNode)>,
    alias_nodes: usize,
    doc_start: usize,
    prev_end: usize,
    root: Option<(Value, SpanNode)>,
    out: Stream,
}

impl Builder<'_> {
    fn span(&mut self, s: saphyr_parser::Span) -> Span {
        let start = self.file.char_to_byte(s.start.index(), &mut self.hint);
        let end = self.file.char_to_byte(s.end.index(), &mut self.hint);
        Span::new(start, end)
    }

    fn error(&self, message: String, span: Span) -> YamlError {
        YamlError { message, span, related: None }
    }

    fn event(&mut self, event: Event<'_>, span: Span) -> Result<(), YamlError> {
        match event {
            Event::DocumentStart(_) => {
                self.doc_start = self.prev_end;
                self.anchors.clear();
            }
            Event::DocumentEnd => {
                let (value, map) = self.root.take().unwrap_or((Value::Null, SpanNode::default()));
                let end = (span.end as usize).max(map.value.end as usize);
                let extent = Span::new(self.doc_start, end);
                self.prev_end = end;
                let index = self.out.documents.len();
                self.out.documents.push(RawDocument { index, value, map, extent });
            }
            Event::Scalar(text, style, anchor, tag) => {
                let value = resolve_scalar(&text, style, tag.as_deref());
                let merge = style == ScalarStyle::Plain && text == "<<";
                let span = quoted_extent(&self.file.text, span, style);
                self.push(value, SpanNode { value: span, ..SpanNode::default() }, anchor, merge)?;
            }
            Event::Alias(id) => {
                let Some((value, mut node)) = self.anchors.get(&id).cloned() else {
                    return Err(self.error("alias refers to an unknown anchor".into(), span));
                };
                self.alias_nodes += count_nodes(&value);
                if self.alias_nodes > MAX_ALIAS_NODES {
                    return Err(self.error(
                        format!("alias expansion exceeds {MAX_ALIAS_NODES} nodes (a YAML alias bomb?)"),
                        span,
                    ));
                }
                mark_alias(&mut node, span);
                self.push(value, node, 0, false)?;
            }
            Event::MappingStart(anchor, _) | Event::SequenceStart(anchor, _)
                if self.stack.len() >= MAX_DEPTH =>
            {
                let _ = anchor;
                return Err(self.error(format!("nesting deeper than {MAX_DEPTH} levels"), span));
            }
            Event::MappingStart(anchor, _) => self.stack.push(Frame::Map {
                start: span,
                anchor,
                value: Map::new(),
                spans: Vec::new(),
                key: None,
                merges: Vec::new(),
                merge_pending: false,
            }),
            Event::SequenceStart(anchor, _) => {
                self.stack.push(Frame::Seq { start: span, anchor, items: Vec::new(), spans: Vec::new() })
            }
            Event::MappingEnd => {
                let Some(Frame::Map { start, anchor, mut value, mut spans, merges, .. }) = self.stack.pop()
                else {
                    return Err(self.error("unbalanced mapping".into(), span));
                };
                for (merged, node) in merges {
                    merge_into(&mut value, &mut spans, merged, node);
                }
                let node = SpanNode {
                    value: Span::new(start.start as usize, span.end.max(start.end) as usize),
                    children: Children::Map(spans),
                    ..SpanNode::default()
                };
                self.push(Value::Object(value), node, anchor, false)?;
            }
            Event::SequenceEnd => {
                let Some(Frame::Seq { start, anchor, items, spans }) = self.stack.pop() else {
                    return Err(self.error("unbalanced sequence".into(), span));
                };
                let end = spans.last().map_or(span.end, |n| n.value.end.max(span.end));
                let node = SpanNode {
                    value: Span::new(start.start as usize, end as usize),
                    children: Children::Seq(spans),
                    ..SpanNode::default()
                };
                self.push(Value::Array(items), node, anchor, false)?;
            }
            Event::StreamStart | Event::StreamEnd | Event::Nothing => {}
        }
        Ok(())
    }

    /// Places a finished node into its parent (or makes it the document root).
    fn push(
        &mut self,
        value: Value,
        node: SpanNode,
        anchor: usize,
        is_merge_key: bool,
    ) -> Result<(), YamlError> {
        if anchor != 0 {
            self.anchors.insert(anchor, (value.clone(), node.clone()));
        }
        let span = node.value;
        match self.stack.last_mut() {
            None => self.root = Some((value, node)),
            Some(Frame::Seq { items, spans, .. }) => {
                items.push(value);
                spans.push(node);
            }
            Some(Frame::Map { value: map, spans, key, merges, merge_pending, .. }) => {
                if *merge_pending {
                    *merge_pending = false;
                    match value {
                        Value::Object(_) => merges.push((value, node)),
                        Value::Array(list) => {
                            let nodes = match node.children {
                                Children::Seq(n) => n,
                                _ => Vec::new(),
                            };
                            for (v, n) in list.into_iter().zip(nodes) {
                                if !v.is_object() {
                                    return Err(self.error("merge key `<<` needs mappings".into(), span));
                                }
                                merges.push((v, n));
                            }
                        }
                        _ => return Err(self.error("merge key `<<` needs a mapping".into(), span)),
                    }
                    return Ok(());
                }
                match key.take() {
                    None if is_merge_key => *merge_pending = true,
                    None => {
                        let k = match value {
                            Value::String(s) => s,
                            Value::Array(_) | Value::Object(_) => {
                                return Err(self.error("complex mapping keys are not supported".into(), span));
                            }
                            other => other.to_string(),
                        };
                        *key = Some((k, span));
                    }
                    Some((k, key_span)) => {
                        if let Some((_, first)) = spans.iter().find(|(name, _)| **name == *k) {
                            let first = first.key.unwrap_or(first.value);
                            return Err(YamlError {
                                message: format!("duplicate key `{k}` in mapping"),
                                span: key_span,
                                related: Some(first),
                            });
                        }
                        let mut node = node;
                        node.key = Some(key_span);
                        spans.push((k.as_str().into(), node));
                        map.insert(k, value);
                    }
                }
            }
        }
        Ok(())
    }
}

/// Adds the entries of a merged mapping that the mapping does not define itself.
fn merge_into(
    map: &mut Map<String, Value>,
    spans: &mut Vec<(Box<str>, SpanNode)>,
    merged: Value,
    node: SpanNode,
) {
    let Value::Object(merged) = merged else { return };
    let mut nodes = match node.children {
        Children::Map(n) => n,
        _ => Vec::new(),
    };
    for (k, v) in merged {
        if map.contains_key(&k) {
            continue;
        }
        if let Some(i) = nodes.iter().position(|(name, _)| **name == *k) {
            let (name, mut child) = nodes.swap_remove(i);
            child.via_alias = child.via_alias.or(node.via_alias).or(Some(node.value));
            spans.push((name, child));
        }
        map.insert(k, v);
    }
}

fn mark_alias(node: &mut SpanNode, site: Span) {
    node.via_alias = Some(site);
    match &mut node.children {
        Children::Map(entries) => entries.iter_mut().for_each(|(_, n)| mark_alias(n, site)),
        Children::Seq(items) => items.iter_mut().for_each(|n| mark_alias(n, site)),
        Children::None => {}
    }
}

fn count_nodes(v: &Value) -> usize {
    match v {
        Value::Array(a) => 1 + a.iter().map(count_nodes).sum::<usize>(),
        Value::Object(m) => 1 + m.values().map(count_nodes).sum::<usize>(),
        _ => 1,
    }
}

/// Resolves a scalar the way Kubernetes' YAML decoder (go-yaml v2, YAML 1.1) does.
pub fn resolve_scalar(text: &str, style: ScalarStyle, tag: Option<&Tag>) -> Value {
    if let Some(tag) = tag
        && (tag.is_yaml_core_schema() || tag.handle == "!!")
    {
        return match tag.suffix.as_str() {
            "str" | "binary" | "timestamp" => Value::String(text.into()),
            "null" => Value::Null,
            "bool" => resolve_plain(text).filter(Value::is_boolean).unwrap_or_else(|| text.into()),
            "int" | "float" => resolve_plain(text).filter(Value::is_number).unwrap_or_else(|| text.into()),
            _ => resolve_plain(text).unwrap_or_else(|| text.into()),
        };
    }
    if style != ScalarStyle::Plain {
        return Value::String(text.into());
    }
    resolve_plain(text).unwrap_or_else(|| Value::String(text.into()))
}

fn resolve_plain(text: &str) -> Option<Value> {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Some(Value::Null),
        "y" | "Y" | "yes" | "Yes" | "YES" | "on" | "On" | "ON" | "true" | "True" | "TRUE" => {
            return Some(Value::Bool(true));
        }
        "n" | "N" | "no" | "No" | "NO" | "off" | "Off" | "OFF" | "false" | "False" | "FALSE" => {
            return Some(Value::Bool(false));
        }
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" | "-.inf" | "-.Inf" | "-.INF" | ".nan"
        | ".NaN" | ".NAN" => return Some(Value::String(text.into())),
        _ => {}
    }
    let first = text.as_bytes()[0];
    if !(first.is_ascii_digit() || matches!(first, b'-' | b'+' | b'.')) {
        return None;
    }
    let plain: String = text.chars().filter(|&c| c != '_').collect();
    if let Some(n) = parse_int(&plain) {
        return Some(n);
    }
    if is_float(&plain) {
        return plain.parse::<f64>().ok().and_then(Number::from_f64).map(Value::Number);
    }
    None
}

/// Integers as Go's `strconv.ParseInt(s, 0, 64)` reads them: `0x`, `0o`, `0b` and leading-zero octal.
fn parse_int(s: &str) -> Option<Value> {
    let (neg, digits) = match s.as_bytes().first()? {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    let (radix, body) = if let Some(h) = digits.strip_prefix("0x").or_else(|| digits.strip_prefix("0X")) {
        (16, h)
    } else if let Some(o) = digits.strip_prefix("0o").or_else(|| digits.strip_prefix("0O")) {
        (8, o)
    } else if let Some(b) = digits.strip_prefix("0b").or_else(|| digits.strip_prefix("0B")) {
        (2, b)
    } else if digits.len() > 1 && digits.starts_with('0') {
        (8, &digits[1..])
    } else {
        (10, digits)
    };
    if body.is_empty() || !body.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    let magnitude = u64::from_str_radix(body, radix).ok()?;
    if neg {
        let v = i64::try_from(magnitude).ok().map(|m| -m).or((magnitude == 1 << 63).then_some(i64::MIN))?;
        Some(Value::from(v))
    } else {
        Some(Value::from(magnitude))
    }
}

/// go-yaml v2's float syntax: `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`.
fn is_float(s: &str) -> bool {
    let b = s.strip_prefix(['-', '+']).unwrap_or(s).as_bytes();
    let mut i = 0;
    let digits = |i: &mut usize| {
        let start = *i;
        while *i < b.len() && b[*i].is_ascii_digit() {
            *i += 1;
        }
        *i - start
    };
    if b.first() == Some(&b'.') {
        i = 1;
        if digits(&mut i) == 0 {
            return false;
        }
    } else {
        if digits(&mut i) == 0 {
            return false;
        }
        if b.get(i) == Some(&b'.') {
            i += 1;
            digits(&mut i);
        }
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'-' | b'+')) {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn parse(text: &str) -> Stream {
        parse_stream(&SourceFile::new("t.yaml", text))
    }

    #[test]
    fn yaml_1_1_scalars() {
        let s = parse(
            "a: yes\nb: off\nc: 0644\nd: 0o644\ne: 0x1F\nf: 1_000\ng: '0644'\nh: ~\ni: 1e3\nj: 2024-01-01\nk: 08\n",
        );
        assert!(s.errors.is_empty(), "{:?}", s.errors);
        assert_eq!(
            s.documents[0].value,
            json!({"a": true, "b": false, "c": 420, "d": 420, "e": 31, "f": 1000, "g": "0644", "h": null,
                   "i": 1000.0, "j": "2024-01-01", "k": 8.0})
        );
    }

    #[test]
    fn spans_point_at_keys_and_values() {
        let text = "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: app\n    securityContext:\n      privileged: true\n";
        let s = parse(text);
        let doc = &s.documents[0];
        let node = doc.map.child("spec").unwrap().child("containers").unwrap().child("0").unwrap();
        assert_eq!(&text[node.value.start as usize..][..4], "name");
        let p = node.child("securityContext").unwrap().child("privileged").unwrap();
        assert_eq!(&text[p.value.start as usize..p.value.end as usize], "true");
        assert_eq!(&text[p.key.unwrap().start as usize..p.key.unwrap().end as usize], "privileged");
    }

    #[test]
    fn duplicate_keys_are_errors_with_both_locations() {
        let s = parse("a: 1\nb: 2\na: 3\n");
        let e = &s.errors[0];
        assert_eq!(e.message, "duplicate key `a` in mapping");
        assert_eq!((e.span.start, e.related.unwrap().start), (10, 0));
    }

    #[test]
    fn merge_keys_and_aliases() {
        let s = parse("base: &b {a: 1, c: 2}\nm:\n  <<: *b\n  c: 3\n");
        assert!(s.errors.is_empty(), "{:?}", s.errors);
        assert_eq!(s.documents[0].value["m"], json!({"a": 1, "c": 3}));
        let x = s.documents[0].map.child("m").unwrap().child("a").unwrap();
        assert!(x.via_alias.is_some());
    }

    #[test]
    fn alias_bombs_and_deep_nesting_are_refused() {
        let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..10 {
            let refs = vec![format!("*{}", (b'a' + i - 1) as char); 10].join(", ");
            bomb.push_str(&format!("{}: &{} [{refs}]\n", (b'a' + i) as char, (b'a' + i) as char));
        }
        assert!(parse(&bomb).errors[0].message.contains("alias expansion"));
        let deep = "[".repeat(10_000);
        let e = &parse(&deep).errors[0];
        assert!(e.message.contains("recursion limit") || e.message.contains("nesting deeper"), "{e:?}");
    }

    #[test]
    fn multi_document_streams_keep_extents() {
        let text = "# first\na: 1\n---\nb: 2\n";
        let s = parse(text);
        assert_eq!(s.documents.len(), 2);
        assert_eq!(s.documents[0].extent.start, 0);
        assert!(text[s.documents[1].extent.start as usize..].contains("b: 2"));
    }
}
