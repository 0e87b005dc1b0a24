//! Property-based tests (proptest, stable Rust) of the readers that take untrusted text: the YAML
//! reader with its source map, the suppression comment parser, the `# Source:` splitter of helm
//! output and the Terraform plan reader. None may panic, and every span they hand out must lie
//! within the file, on character boundaries.
//!
//! A short run is part of `cargo test`; a long one is
//! `PROPTEST_CASES=100000 cargo test --release --test it fuzz::`. Inputs that once failed are kept
//! as named regression tests at the end of this file.

use proptest::prelude::*;
use serde_json::{Map, Value, json};

use ndlint::document::{Children, SpanNode};
use ndlint::parse::{helm, tfplan, yaml};
use ndlint::source::{SourceFile, Span};
use ndlint::suppress;

/// `cases` per property unless `PROPTEST_CASES` says otherwise.
fn config(cases: u32) -> ProptestConfig {
    let mut c = ProptestConfig::default();
    if std::env::var_os("PROPTEST_CASES").is_none() {
        c.cases = cases;
    }
    c.failure_persistence = None;
    c
}

fn assert_span_in(text: &str, span: Span, what: &str) {
    let (start, end) = (span.start as usize, span.end as usize);
    assert!(
        start <= end && end <= text.len(),
        "{what}: span {start}..{end} outside a text of {} bytes",
        text.len()
    );
    assert!(
        text.is_char_boundary(start) && text.is_char_boundary(end),
        "{what}: span {start}..{end} splits a character"
    );
}

fn assert_tree_in(text: &str, node: &SpanNode) {
    assert_span_in(text, node.value, "value");
    if let Some(k) = node.key {
        assert_span_in(text, k, "key");
    }
    if let Some(a) = node.via_alias {
        assert_span_in(text, a, "alias site");
    }
    match &node.children {
        Children::Map(entries) => entries.iter().for_each(|(_, n)| assert_tree_in(text, n)),
        Children::Seq(items) => items.iter().for_each(|n| assert_tree_in(text, n)),
        Children::None => {}
    }
}

/// YAML-ish fragments: enough structure that random sequences reach deep into the parser.
fn yamlish() -> impl Strategy<Value = String> {
    let token = prop_oneof![
        Just("key: ".to_string()),
        Just("- ".to_string()),
        Just("\n".to_string()),
        Just("  ".to_string()),
        Just("---\n".to_string()),
        Just("...\n".to_string()),
        Just("&a ".to_string()),
        Just("*a".to_string()),
        Just("<<: *a\n".to_string()),
        Just("{".to_string()),
        Just("}".to_string()),
        Just("[".to_string()),
        Just("]".to_string()),
        Just(", ".to_string()),
        Just("\"q\\u00e9".to_string()),
        Just("'".to_string()),
        Just("|\n".to_string()),
        Just(">-\n".to_string()),
        Just("# c\n".to_string()),
        Just("é".to_string()),
        Just("日本".to_string()),
        Just("!!str ".to_string()),
        Just("!!binary ".to_string()),
        Just("? ".to_string()),
        Just(": ".to_string()),
        Just("\t".to_string()),
        Just("\r\n".to_string()),
        Just("\u{feff}".to_string()),
        "[a-z0-9.~-]{1,4}",
    ];
    prop::collection::vec(token, 0..80).prop_map(|t| t.concat())
}

/// A generated YAML tree: plain or double-quoted string scalars, maps with distinct keys, sequences.
#[derive(Clone, Debug)]
enum Node {
    Plain(String),
    Quoted(String),
    Map(Vec<(String, Node)>),
    Seq(Vec<Node>),
}

fn tree() -> impl Strategy<Value = Node> {
    // A leading `v` keeps plain scalars strings under YAML 1.1 (no yes/no/on/off/null, no numbers).
    let leaf = prop_oneof![
        "v[a-z0-9é日ü_./-]{0,8}".prop_map(Node::Plain),
        "[a-z0-9 :#,é\\[\\]{}-]{0,10}".prop_map(Node::Quoted),
    ];
    leaf.prop_recursive(5, 48, 4, |inner| {
        prop_oneof![
            prop::collection::vec(("k[a-z0-9é]{0,5}", inner.clone()), 1..5).prop_map(|entries| {
                let entries =
                    entries.into_iter().enumerate().map(|(i, (k, v))| (format!("{k}{i}"), v)).collect();
                Node::Map(entries)
            }),
            prop::collection::vec(inner, 1..4).prop_map(Node::Seq),
        ]
    })
}

fn expected(node: &Node) -> Value {
    match node {
        Node::Plain(s) | Node::Quoted(s) => Value::String(s.clone()),
        Node::Map(entries) => Value::Object(entries.iter().map(|(k, v)| (k.clone(), expected(v))).collect()),
        Node::Seq(items) => Value::Array(items.iter().map(expected).collect()),
    }
}

fn scalar_text(node: &Node) -> Option<String> {
    match node {
        Node::Plain(s) => Some(s.clone()),
        Node::Quoted(s) => Some(format!("\"{s}\"")),
        _ => None,
    }
}

/// Block-style YAML; `comments` adds trailing and full-line comments.
fn emit(node: &Node, indent: usize, comments: bool, out: &mut String) {
    let pad = " ".repeat(indent);
    let items: Vec<(String, &Node)> = match node {
        Node::Map(entries) => entries.iter().map(|(k, v)| (format!("{k}:"), v)).collect(),
        Node::Seq(items) => items.iter().map(|v| ("-".to_string(), v)).collect(),
        _ => unreachable!("scalars are emitted by their parent"),
    };
    for (head, value) in items {
        if comments {
            out.push_str(&format!("{pad}# about {head} é\n"));
        }
        match scalar_text(value) {
            Some(s) => {
                out.push_str(&format!("{pad}{head} {s}{}\n", if comments { " # trailing" } else { "" }))
            }
            None => {
                out.push_str(&format!("{pad}{head}\n"));
                emit(value, indent + 2, comments, out);
            }
        }
    }
}

/// Every leaf of `node`, with its pointer segments.
fn leaves<'a>(node: &'a Node, path: &mut Vec<String>, out: &mut Vec<(Vec<String>, &'a Node)>) {
    match node {
        Node::Map(entries) => {
            for (k, v) in entries {
                path.push(k.clone());
                leaves(v, path, out);
                path.pop();
            }
        }
        Node::Seq(items) => {
            for (i, v) in items.iter().enumerate() {
                path.push(i.to_string());
                leaves(v, path, out);
                path.pop();
            }
        }
        leaf => out.push((path.clone(), leaf)),
    }
}

fn top_map() -> impl Strategy<Value = Node> {
    prop::collection::vec(("k[a-z0-9]{0,5}", tree()), 1..5).prop_map(|entries| {
        Node::Map(entries.into_iter().enumerate().map(|(i, (k, v))| (format!("{k}{i}"), v)).collect())
    })
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn yaml_reader_never_panics_and_keeps_spans_in_the_file(text in prop_oneof![yamlish(), any::<String>()]) {
        let file = SourceFile::new("fuzz.yaml", text);
        let stream = yaml::parse_stream(&file);
        for doc in &stream.documents {
            assert_span_in(&file.text, doc.extent, "document extent");
            assert_tree_in(&file.text, &doc.map);
        }
        for e in &stream.errors {
            assert_span_in(&file.text, e.span, "error");
            if let Some(r) = e.related {
                assert_span_in(&file.text, r, "related");
            }
        }
    }

    #[test]
    fn yaml_source_map_points_at_each_scalar_and_key(
        docs in prop::collection::vec(top_map(), 1..4),
        comments in any::<bool>(),
    ) {
        let mut text = String::new();
        for (i, doc) in docs.iter().enumerate() {
            if i > 0 || comments {
                text.push_str("---\n");
            }
            emit(doc, 0, comments, &mut text);
        }
        let file = SourceFile::new("gen.yaml", text);
        let stream = yaml::parse_stream(&file);
        prop_assert!(stream.errors.is_empty(), "{:?}\n{}", stream.errors, file.text);
        prop_assert_eq!(stream.documents.len(), docs.len());
        for (doc, want) in stream.documents.iter().zip(&docs) {
            prop_assert_eq!(&doc.value, &expected(want));
            assert_tree_in(&file.text, &doc.map);
            let mut found = Vec::new();
            leaves(want, &mut Vec::new(), &mut found);
            for (path, leaf) in found {
                let mut node = &doc.map;
                for seg in &path {
                    node = node.child(seg).unwrap_or_else(|| panic!("no node at {path:?}\n{}", file.text));
                }
                let at = |s: Span| &file.text[s.start as usize..s.end as usize];
                prop_assert_eq!(at(node.value), scalar_text(leaf).unwrap(), "value of {:?}", path);
                if let (Some(key), Some(last)) = (node.key, path.last()) {
                    prop_assert_eq!(at(key), last.as_str());
                }
            }
        }
    }

    #[test]
    fn suppression_comments_parse_ids_and_reason(
        lines in prop::collection::vec(
            (
                prop::collection::vec("[a-z][a-z0-9-]{0,12}", 0..4),
                "[a-zA-Z0-9 é,.]{0,20}",
                "[ ]{0,4}",
                prop::option::of("[a-z]{1,6}: [a-z0-9]{1,6}"),
            ),
            1..8,
        ),
    ) {
        let mut text = String::new();
        let mut want = Vec::new();
        for (ids, reason, pad, code) in &lines {
            let comment = format!("# ndlint: ignore[{}] {reason}", ids.join(", "));
            match code {
                Some(code) => text.push_str(&format!("{pad}{code} {comment}\n")),
                None => text.push_str(&format!("{pad}{comment}\n")),
            }
            if !ids.is_empty() {
                want.push((ids.clone(), reason.trim().to_string()));
            }
        }
        let file = SourceFile::new("ignores.yaml", text);
        let found = suppress::scan_comments(&file);
        let got: Vec<(Vec<String>, String)> = found.iter().map(|c| (c.rules.clone(), c.reason.clone())).collect();
        prop_assert_eq!(got, want);
        for c in &found {
            assert_span_in(&file.text, c.span, "comment");
            prop_assert!(file.text[c.span.start as usize..].starts_with('#'));
            prop_assert!(1 <= c.lines.0 && c.lines.0 <= c.lines.1 && c.lines.1 <= file.line_count().max(1));
        }
    }

    #[test]
    fn suppression_parser_never_panics(text in prop_oneof![
        any::<String>(),
        prop::collection::vec(prop_oneof![
            Just("# ndlint: ignore[".to_string()), Just("]".to_string()), Just(",".to_string()),
            Just("\n".to_string()), Just("---\n".to_string()), Just("  ".to_string()), Just("é".to_string()),
            Just("#".to_string()), Just("}".to_string()), "[a-z-]{1,5}",
        ], 0..40).prop_map(|t| t.concat()),
    ]) {
        for path in ["x.yaml", "x.tf"] {
            let file = SourceFile::new(path, text.clone());
            for c in suppress::scan_comments(&file) {
                assert_span_in(&file.text, c.span, "comment");
                prop_assert!(c.lines.0 <= c.lines.1);
            }
        }
    }

    #[test]
    fn helm_output_documents_get_their_source(
        docs in prop::collection::vec(("[a-z][a-z0-9-]{0,8}", "[a-z]{1,6}", any::<bool>()), 1..8),
    ) {
        let mut text = String::new();
        for (name, value, sourced) in &docs {
            text.push_str("---\n");
            if *sourced {
                text.push_str(&format!("# Source: chart/templates/{name}.yaml\n"));
            }
            text.push_str(&format!("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {name}\ndata:\n  k: {value}\n"));
        }
        let file = SourceFile::new("rendered.yaml", text);
        let out = helm::parse_output(&file, Some("prod"));
        prop_assert_eq!(out.parsed.documents.len(), docs.len());
        prop_assert_eq!(out.sources.len(), docs.len());
        for ((doc, source), (name, _, sourced)) in out.parsed.documents.iter().zip(&out.sources).zip(&docs) {
            let want = sourced.then(|| format!("chart/templates/{name}.yaml"));
            prop_assert_eq!(source, &want);
            prop_assert_eq!(doc.origin.is_some(), *sourced);
            assert_span_in(&file.text, doc.extent, "document extent");
            assert_tree_in(&file.text, &doc.map);
        }
    }

    #[test]
    fn helm_output_splitter_never_panics(text in prop_oneof![
        any::<String>(),
        prop::collection::vec(prop_oneof![
            Just("# Source: c/templates/a.yaml\n".to_string()), Just("# Source: \n".to_string()),
            Just("---\n".to_string()), Just("kind: ConfigMap\n".to_string()), Just("apiVersion: v1\n".to_string()),
            Just("metadata:\n  name: x\n".to_string()), Just("é".to_string()), Just("\n".to_string()),
        ], 0..30).prop_map(|t| t.concat()),
    ]) {
        let file = SourceFile::new("rendered.yaml", text);
        let out = helm::parse_output(&file, None);
        prop_assert_eq!(out.sources.len(), out.parsed.documents.len());
        for doc in &out.parsed.documents {
            assert_span_in(&file.text, doc.extent, "document extent");
            assert_tree_in(&file.text, &doc.map);
        }
    }

    #[test]
    fn plan_reader_maps_each_resource_change(
        changes in prop::collection::vec(("[a-z_]{1,8}", "[a-z0-9_.\"\\\\é]{0,10}", json_value()), 0..6),
        pretty in any::<bool>(),
    ) {
        let resource_changes: Vec<Value> = changes
            .iter()
            .map(|(ty, name, after)| json!({
                "address": format!("{ty}.{name}"),
                "type": ty,
                "name": name,
                "change": {"actions": ["create"], "before": null, "after": after},
            }))
            .collect();
        let plan = json!({"format_version": "1.2", "resource_changes": resource_changes});
        let text = if pretty { serde_json::to_string_pretty(&plan) } else { serde_json::to_string(&plan) }.unwrap();
        let file = SourceFile::new("plan.json", text);
        let parsed = tfplan::parse_plan(&file).unwrap_or_else(|f| panic!("{}", f.message));
        prop_assert_eq!(parsed.documents.len(), changes.len());
        for (doc, want) in parsed.documents.iter().zip(&resource_changes) {
            prop_assert_eq!(&doc.value, want);
            assert_tree_in(&file.text, &doc.map);
            let address = doc.map.child("address").expect("address node").value;
            let shown: String = serde_json::from_str(&file.text[address.start as usize..address.end as usize]).unwrap();
            prop_assert_eq!(Some(shown.as_str()), want["address"].as_str());
        }
    }

    #[test]
    fn plan_reader_never_panics(text in prop_oneof![any::<String>(), truncated_plan()]) {
        let file = SourceFile::new("plan.json", text);
        if let Ok(plan) = tfplan::parse_plan(&file) {
            for doc in &plan.documents {
                assert_tree_in(&file.text, &doc.map);
            }
        }
    }
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i32>().prop_map(|n| json!(n)),
        "[a-z0-9 \"\\\\é日/\n]{0,8}".prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec(("[a-z\"é]{1,5}", inner), 0..4)
                .prop_map(|e| Value::Object(e.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// A valid plan cut at a random byte (on a character boundary) or with one byte replaced.
fn truncated_plan() -> impl Strategy<Value = String> {
    (json_value(), any::<prop::sample::Index>(), any::<bool>(), "[\\[\\]{}\",:\\\\a]").prop_map(|(after, at, cut, byte)| {
        let plan = json!({
            "format_version": "1.2",
            "resource_changes": [{"address": "a.b", "type": "a", "name": "b", "change": {"after": after}}],
        });
        let text = serde_json::to_string_pretty(&plan).unwrap();
        let mut i = at.index(text.len() + 1);
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        if cut {
            text[..i].to_string()
        } else {
            let mut t = text.clone();
            let end = (i + 1..=t.len()).find(|&j| t.is_char_boundary(j)).unwrap_or(t.len());
            t.replace_range(i..end, &byte);
            t
        }
    })
}

#[test]
fn fuzz_helpers_see_a_bad_span() {
    // The property checks above can fail: a span past the end, or inside a character, is caught.
    let text = "é: x";
    assert!(std::panic::catch_unwind(|| assert_span_in(text, Span::new(0, 9), "past the end")).is_err());
    assert!(std::panic::catch_unwind(|| assert_span_in(text, Span::new(1, 2), "inside é")).is_err());
    assert_span_in(text, Span::new(0, 2), "é");
}

// Regression tests: inputs the properties above once failed on, kept by name.

/// Found by `yaml_source_map_points_at_each_scalar_and_key`: the span of an empty quoted scalar
/// ran on over a trailing comment (`"" # trailing`).
#[test]
fn regression_quoted_scalar_span_stops_at_its_closing_quote() {
    let file = SourceFile::new("q.yaml", "a:\n  b: \"\" # trailing\n  c: '' # x\n  d: \"x\" # y\n");
    let stream = yaml::parse_stream(&file);
    let doc = &stream.documents[0];
    let text_of = |key: &str| {
        let s = doc.map.child("a").and_then(|a| a.child(key)).expect("node").value;
        &file.text[s.start as usize..s.end as usize]
    };
    assert_eq!([text_of("b"), text_of("c"), text_of("d")], ["\"\"", "''", "\"x\""]);
}
