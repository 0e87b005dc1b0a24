//! Shared helpers for rendered sources (Helm, Kustomize): locating a rendered field in the file a
//! person edits, and merging the same finding reported by several variants or overlays.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

use serde_json::Value;

use crate::document::{Document, SpanNode, pointer_push, pointer_segments};
use crate::finding::Finding;
use crate::source::Span;

/// The longest prefix of `pointer` that exists in `doc` (the node a finding actually sits on).
pub fn anchor_pointer(doc: &Document, pointer: &str) -> String {
    let mut node = &doc.map;
    let mut out = String::new();
    for seg in pointer_segments(pointer) {
        match node.child(&seg) {
            Some(n) => {
                node = n;
                pointer_push(&mut out, &seg);
            }
            None => break,
        }
    }
    out
}

/// Whether a finding's span is the key of `node` (a forbidden or missing field) rather than its value.
pub fn points_at_key(node: &SpanNode, span: Span) -> bool {
    span != node.value_span() && Some(span) == node.key.or(node.via_alias)
}

/// The result of following a rendered pointer into another document (a source file, a patch).
pub struct Found<'a> {
    pub node: &'a SpanNode,
    pub value: Option<&'a Value>,
    pub exact: bool,
}

/// Follows the segments of `pointer` (a pointer into `rendered`) through `target` and its source map.
/// List items are matched by their `name` when the rendered item has one (strategic merge patches
/// and overlays reorder or omit items), else by index.
pub fn follow<'a>(rendered: &Value, pointer: &str, target: &'a Value, map: &'a SpanNode) -> Found<'a> {
    let mut r = Some(rendered);
    let mut t = target;
    let mut node = map;
    for seg in pointer_segments(pointer) {
        let r_next = r.and_then(|v| step(v, &seg));
        let t_seg: Option<String> = match t {
            Value::Array(items) => {
                let name = r_next.and_then(|v| v.get("name")).and_then(Value::as_str);
                match name {
                    Some(name) => items
                        .iter()
                        .position(|i| i.get("name").and_then(Value::as_str) == Some(name))
                        .map(|i| i.to_string()),
                    None => Some(seg.to_string()),
                }
            }
            Value::Object(_) => Some(seg.to_string()),
            _ => None,
        };
        let next = t_seg.and_then(|s| Some((step(t, &s)?, node.child(&s)?)));
        match next {
            Some((tv, tn)) => {
                t = tv;
                node = tn;
                r = r_next;
            }
            None => return Found { node, value: Some(t), exact: false },
        }
    }
    Found { node, value: Some(t), exact: true }
}

fn step<'v>(v: &'v Value, seg: &str) -> Option<&'v Value> {
    match v {
        Value::Object(m) => m.get(seg),
        Value::Array(a) => seg.parse::<usize>().ok().and_then(|i| a.get(i)),
        _ => None,
    }
}

/// Lexically normalises a path (`a/b/../c` → `a/c`) without touching the file system.
pub fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// `path` relative to `base` as a `/`-separated string (the form reports use), or the path itself.
pub fn display_path(path: &Path, base: &Path) -> String {
    path.strip_prefix(base).unwrap_or(path).to_string_lossy().replace('\\', "/")
}

/// Reports once a finding that several variants (values files, overlays) produce at the same
/// source position: findings are keyed on rule + file + span, the first one is kept and the
/// variant names are appended to its message and origin, e.g. `(variants: dev, prod)`.
/// The input pairs each finding with the variant that produced it; order is preserved.
pub fn merge_variants(findings: Vec<(String, Finding)>) -> Vec<Finding> {
    let mut order: Vec<(Finding, Vec<String>)> = Vec::new();
    let mut index: HashMap<(String, String, Span), usize> = HashMap::new();
    for (variant, f) in findings {
        let key = (f.rule.to_string(), f.file.path.clone(), f.span);
        match index.get(&key) {
            Some(&i) => {
                if let Some((_, variants)) = order.get_mut(i)
                    && !variants.contains(&variant)
                {
                    variants.push(variant);
                }
            }
            None => {
                index.insert(key, order.len());
                order.push((f, vec![variant]));
            }
        }
    }
    order
        .into_iter()
        .map(|(mut f, variants)| {
            let list = variants.iter().filter(|v| !v.is_empty()).cloned().collect::<Vec<_>>().join(", ");
            if !list.is_empty() {
                let label = if variants.len() > 1 { "variants" } else { "variant" };
                f.message = format!("{} ({label}: {list})", f.message);
                f.origin = Some(match f.origin.take() {
                    Some(o) => format!("{o} ({label}: {list})"),
                    None => format!("{label}: {list}"),
                });
            }
            f
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Severity;
    use crate::source::SourceFile;

    #[test]
    fn merges_same_position_and_lists_variants() {
        let file = SourceFile::new("helm/x/templates/a.yaml", "a: 1\nb: 2\n");
        let f = |span| Finding::new("r", Severity::Low, "bad".into(), file.clone(), span);
        let out = merge_variants(vec![
            ("dev".into(), f(Span::new(0, 1))),
            ("prod".into(), f(Span::new(0, 1))),
            ("prod".into(), f(Span::new(5, 6))),
        ]);
        assert_eq!(out.len(), 2);
        assert_eq!(out[0].message, "bad (variants: dev, prod)");
        assert_eq!(out[1].message, "bad (variant: prod)");
    }

    #[test]
    fn normalizes_parent_components() {
        assert_eq!(normalize(Path::new("/a/b/../c/./d")), PathBuf::from("/a/c/d"));
    }
}
