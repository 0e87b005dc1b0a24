//! Shared helpers for rendered sources (Helm, Kustomize): locating a rendered field in the file a
//! person edits, and merging the same finding reported by several variants or overlays.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

use serde_json::Value;

use crate::document::{Document, SpanNode, pointer_push, pointer_segments};
use crate::finding::Finding;
use crate::source::Span;

/// Why a chart or overlay was not rendered: a user-facing sentence, and the line it is about
/// when one is known (a remote base's entry, a dependency's entry).
#[derive(Debug)]
pub struct RenderError {
    pub message: String,
    pub at: Option<(std::sync::Arc<crate::source::SourceFile>, Span)>,
}

impl From<String> for RenderError {
    fn from(message: String) -> Self {
        RenderError { message, at: None }
    }
}

impl From<&str> for RenderError {
    fn from(message: &str) -> Self {
        message.to_string().into()
    }
}

impl std::fmt::Display for RenderError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// A temporary directory of ndlint's (a kustomize wrapper, a chart staged with its local
/// dependencies), removed on drop.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(purpose: &str) -> Result<TempDir, String> {
        static COUNT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let base =
            std::fs::canonicalize(std::env::temp_dir()).map_err(|e| format!("temporary directory: {e}"))?;
        let n = COUNT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let dir = TempDir(base.join(format!("ndlint-{purpose}-{}-{n}", std::process::id())));
        std::fs::create_dir_all(&dir.0).map_err(|e| format!("temporary directory: {e}"))?;
        Ok(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Copies a directory tree (regular files and directories; symlinks are skipped).
pub fn copy_tree(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let kind = entry.file_type()?;
        let target = to.join(entry.file_name());
        if kind.is_dir() {
            copy_tree(&entry.path(), &target)?;
        } else if kind.is_file() {
            std::fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}

/// A renderer's error output as users should read it: klog prefixes (`E1204 10:00:00.000 123
/// file.go:12] `) and a leading `Error: ` removed, the machine's paths replaced by what they
/// stand for (`replace`: path → replacement; an empty replacement makes the path relative).
pub fn clean_render_error(text: &str, replace: &[(&Path, &str)]) -> String {
    let klog = |line: &str| -> Option<usize> {
        let b = line.as_bytes();
        let head =
            b.first().is_some_and(|c| b"IWEF".contains(c)) && b.get(1..5)?.iter().all(u8::is_ascii_digit);
        head.then(|| line.find("] ").map(|i| i + 2)).flatten()
    };
    let mut out: Vec<String> = Vec::new();
    for line in text.lines() {
        let line = line.trim_end();
        let line = klog(line).map_or(line, |i| &line[i..]);
        let line =
            line.strip_prefix("Error: ").or_else(|| line.strip_prefix("error: ")).unwrap_or(line).trim();
        // helm v4 logs warnings as `level=WARN msg=…` lines ahead of the error itself.
        if !line.is_empty() && !line.starts_with("Use --debug flag") && !line.contains("level=WARN") {
            out.push(line.to_string());
        }
    }
    let mut joined = out.join(" ");
    for (path, with) in replace {
        let p = path.to_string_lossy();
        if p.len() > 1 {
            let below = if with.is_empty() { String::new() } else { format!("{with}/") };
            joined = joined.replace(&format!("{p}/"), &below);
            joined = joined.replace(p.as_ref(), if with.is_empty() { "." } else { with });
        }
    }
    joined
}

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

/// Reports once a finding that several variants (values files, overlays) produce: only the same
/// finding (same rule, object, pointer and message at the same source position) is merged, the
/// first one is kept and the variant names are appended to its message and origin, e.g.
/// `(variants: dev, prod)`. Distinct findings at one position stay apart. The input pairs each
/// finding with the variant that produced it; order is preserved.
pub fn merge_variants(findings: Vec<(String, Finding)>) -> Vec<Finding> {
    type Key = (String, String, Span, Option<String>, Option<crate::document::ObjectRef>, String);
    let mut order: Vec<(Finding, Vec<String>)> = Vec::new();
    let mut index: HashMap<Key, usize> = HashMap::new();
    for (variant, f) in findings {
        let key = (
            f.rule.to_string(),
            f.file.path.clone(),
            f.span,
            f.pointer.clone(),
            f.object.clone(),
            f.message.clone(),
        );
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
            let named: Vec<&str> = variants.iter().map(String::as_str).filter(|v| !v.is_empty()).collect();
            if !named.is_empty() {
                let label = if named.len() > 1 { "variants" } else { "variant" };
                let list = variant_list(&named);
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

/// `dev, prod, staging`; past three names, `dev, prod and 4 more`.
fn variant_list(names: &[&str]) -> String {
    match names {
        [a, b, rest @ ..] if rest.len() > 1 => format!("{a}, {b} and {} more", rest.len()),
        _ => names.join(", "),
    }
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
    fn distinct_findings_at_one_position_stay_apart() {
        let file = SourceFile::new("helm/x/templates/a.yaml", "a: 1\n");
        let at = |pointer: &str| {
            let mut f = Finding::new("r", Severity::Low, "bad".into(), file.clone(), Span::new(0, 1));
            f.pointer = Some(pointer.into());
            f
        };
        let out = merge_variants(vec![
            ("dev".into(), at("/spec/volumes/0")),
            ("dev".into(), at("/spec/volumes/1")),
            ("prod".into(), at("/spec/volumes/0")),
        ]);
        let messages: Vec<_> = out.iter().map(|f| (f.pointer.clone().unwrap(), f.message.clone())).collect();
        assert_eq!(
            messages,
            [
                ("/spec/volumes/0".to_string(), "bad (variants: dev, prod)".to_string()),
                ("/spec/volumes/1".to_string(), "bad (variant: dev)".to_string())
            ]
        );
    }

    #[test]
    fn render_errors_read_without_machine_details() {
        let stderr = "E1204 19:22:01.123456   4242 run.go:72] \"command failed\" err=\"missing file\"\ntime=2026-12-04T19:22:01Z level=WARN msg=\"unknown field\"\nError: open /work/repo/charts/web/values.yaml: no such file\nUse --debug flag to render out invalid YAML\n";
        let clean = clean_render_error(stderr, &[(Path::new("/work/repo"), "")]);
        assert_eq!(
            clean,
            "\"command failed\" err=\"missing file\" open charts/web/values.yaml: no such file"
        );
    }

    #[test]
    fn long_variant_lists_are_shortened() {
        assert_eq!(variant_list(&["dev", "prod", "staging"]), "dev, prod, staging");
        assert_eq!(variant_list(&["a", "b", "c", "d", "e", "f"]), "a, b and 4 more");
    }

    #[test]
    fn normalizes_parent_components() {
        assert_eq!(normalize(Path::new("/a/b/../c/./d")), PathBuf::from("/a/c/d"));
    }
}
