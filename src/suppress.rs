//! Suppressions: `# ndlint: ignore[...]` comments, `ignore.ndlint.io/<rule>` annotations and config
//! `ignores`, with unused and expired ones reported.

use crate::document::Lookup;
use std::sync::Arc;

use globset::{Glob, GlobMatcher};
use serde_json::Value;

use crate::config::IgnoreEntry;
use crate::document::{Document, ObjectRef, PodSpec, pointer_push};
use crate::finding::{DocRef, Finding, Suppression};
use crate::rules::internal::{EXPIRED_IGNORE, UNUSED_IGNORE};
use crate::source::{SourceFile, Span};

const MARKER: &str = "ndlint: ignore[";
pub const ANNOTATION_PREFIX: &str = "ignore.ndlint.io/";

/// An `# ndlint: ignore[ids] reason` comment and the lines (1-based, inclusive) it covers.
#[derive(Debug, Clone)]
pub struct CommentIgnore {
    pub file: Arc<SourceFile>,
    pub span: Span,
    pub rules: Vec<String>,
    pub reason: String,
    pub lines: (usize, usize),
}

/// An `ignore.ndlint.io/<rule>: reason` annotation on an object.
#[derive(Debug, Clone)]
pub struct AnnotationIgnore {
    pub file: Arc<SourceFile>,
    pub span: Span,
    pub document: DocRef,
    pub object: ObjectRef,
    pub rule: String,
    pub reason: String,
}

/// Finds the ignore comments of a file. A trailing comment covers its own line; a comment on its own
/// line covers the next code line and everything indented below it (a YAML block, an HCL block); in
/// a YAML document's leading comment block it covers the whole document.
pub fn scan_comments(file: &Arc<SourceFile>) -> Vec<CommentIgnore> {
    if !file.text.contains(MARKER) {
        return Vec::new();
    }
    let yaml = !(file.path.ends_with(".tf") || file.path.ends_with(".hcl"));
    let lines: Vec<&str> = file.text.lines().collect();
    let mut out = Vec::new();
    let mut in_header = true;
    for (i, line) in lines.iter().enumerate() {
        let trimmed = line.trim_start();
        if yaml && (line.starts_with("---") || line.starts_with("...")) {
            in_header = true;
            continue;
        }
        let code_line = !trimmed.is_empty() && !trimmed.starts_with('#');
        if let Some((rules, reason, col)) = parse_comment(line) {
            let start = file.line_start(i + 1) + col;
            let span = Span::new(start, file.line_start(i + 1) + line.len());
            let lines_covered = if code_line {
                (i + 1, i + 1)
            } else if yaml && in_header {
                let end = lines[i + 1..]
                    .iter()
                    .position(|l| l.starts_with("---"))
                    .map_or(lines.len(), |p| i + 1 + p);
                (i + 1, end)
            } else {
                (i + 1, block_end(&lines, i + 1))
            };
            out.push(CommentIgnore { file: file.clone(), span, rules, reason, lines: lines_covered });
        }
        if code_line {
            in_header = false;
        }
    }
    out
}

/// The last line (1-based) of the block that starts at the first code line at or after `from` (0-based).
fn block_end(lines: &[&str], from: usize) -> usize {
    let Some(first) = (from..lines.len()).find(|&j| {
        let t = lines[j].trim_start();
        !t.is_empty() && !t.starts_with('#')
    }) else {
        return from;
    };
    let indent = indentation(lines[first]);
    let mut end = first;
    for (j, line) in lines.iter().enumerate().skip(first + 1) {
        let t = line.trim_start();
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        if indentation(line) <= indent && !(t.starts_with('}') && indentation(line) == indent) {
            break;
        }
        end = j;
    }
    end + 1
}

fn indentation(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

/// Parses `# ndlint: ignore[a, b] reason` anywhere in a line: (rules, reason, byte column of `#`).
fn parse_comment(line: &str) -> Option<(Vec<String>, String, usize)> {
    let at = line.find(MARKER)?;
    let hash = line[..at].rfind('#')?;
    if !line[hash + 1..at].trim().is_empty() {
        return None;
    }
    let rest = &line[at + MARKER.len()..];
    let close = rest.find(']')?;
    let rules: Vec<String> =
        rest[..close].split(',').map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect();
    let reason = rest[close + 1..].trim().to_string();
    (!rules.is_empty()).then_some((rules, reason, hash))
}

/// The `ignore.ndlint.io/<rule>` annotations of an object and of its pod template.
pub fn annotation_ignores(doc: &Document) -> Vec<AnnotationIgnore> {
    let Some(object) = &doc.object else { return Vec::new() };
    let mut pointers = vec!["/metadata".to_string()];
    if let Some(pod) = PodSpec::of(doc)
        && pod.pointer != "/spec"
    {
        pointers.push(pod.metadata_pointer());
    }
    let mut out = Vec::new();
    for meta in pointers {
        let Some(Value::Object(annotations)) = doc.value.at(&format!("{meta}/annotations")) else {
            continue;
        };
        for (key, reason) in annotations {
            let Some(rule) = key.strip_prefix(ANNOTATION_PREFIX) else { continue };
            let mut p = format!("{meta}/annotations");
            pointer_push(&mut p, key);
            out.push(AnnotationIgnore {
                file: doc.file.clone(),
                span: doc.locate(&p).node.key_span(),
                document: doc.doc_ref(),
                object: object.clone(),
                rule: rule.to_string(),
                reason: reason.as_str().unwrap_or_default().to_string(),
            });
        }
    }
    out
}

fn rule_matches(pattern: &str, id: &str) -> bool {
    pattern == id || (pattern.ends_with(['-', '/', '*']) && id.starts_with(pattern.trim_end_matches('*')))
}

/// Everything that can suppress findings in one run.
pub struct Suppressor {
    pub comments: Vec<CommentIgnore>,
    pub annotations: Vec<AnnotationIgnore>,
    pub config: Vec<IgnoreEntry>,
    pub config_file: Option<Arc<SourceFile>>,
    /// Today as `YYYY-MM-DD`, for `expires`.
    pub today: String,
}

impl Suppressor {
    /// Marks suppressed findings and appends findings for unused and expired suppressions.
    /// `active(rule)` says whether a rule ran in this run (an ignore for a rule that did not run is not "unused").
    pub fn apply(self, findings: &mut Vec<Finding>, active: impl Fn(&str) -> bool) {
        let config: Vec<(IgnoreEntry, Option<GlobMatcher>, bool)> = self
            .config
            .into_iter()
            .map(|e| {
                let glob = e.path.as_deref().and_then(|p| Glob::new(p).ok()).map(|g| g.compile_matcher());
                let expired = e.expires.as_deref().is_some_and(|d| d < self.today.as_str());
                (e, glob, expired)
            })
            .collect();
        let mut used_comments = vec![false; self.comments.len()];
        let mut used_annotations = vec![false; self.annotations.len()];
        let mut used_config = vec![false; config.len()];
        for f in findings.iter_mut() {
            if &*f.rule == UNUSED_IGNORE.id || &*f.rule == EXPIRED_IGNORE.id {
                continue;
            }
            let line = f.file.line_col(f.span.start).line;
            for (i, c) in self.comments.iter().enumerate() {
                if c.file.path == f.file.path
                    && (c.lines.0..=c.lines.1).contains(&line)
                    && c.rules.iter().any(|r| rule_matches(r, &f.rule))
                {
                    used_comments[i] = true;
                    f.suppressed
                        .get_or_insert_with(|| Suppression { kind: "comment", reason: c.reason.clone() });
                }
            }
            for (i, a) in self.annotations.iter().enumerate() {
                if f.document.as_ref() == Some(&a.document) && rule_matches(&a.rule, &f.rule) {
                    used_annotations[i] = true;
                    f.suppressed
                        .get_or_insert_with(|| Suppression { kind: "annotation", reason: a.reason.clone() });
                }
            }
            for (i, (e, glob, expired)) in config.iter().enumerate() {
                if *expired || !rule_matches(&e.rule, &f.rule) {
                    continue;
                }
                let path_ok = glob.as_ref().is_none_or(|g| g.is_match(&f.file.path));
                let object_ok = e
                    .object
                    .as_deref()
                    .is_none_or(|o| f.object.as_ref().is_some_and(|obj| object_matches(o, obj)));
                if path_ok && object_ok {
                    used_config[i] = true;
                    f.suppressed
                        .get_or_insert_with(|| Suppression { kind: "config", reason: e.reason.clone() });
                }
            }
        }
        let unused = |file: &Arc<SourceFile>, span: Span, what: String| {
            let mut f = Finding::new(UNUSED_IGNORE.id, UNUSED_IGNORE.severity, what, file.clone(), span);
            f.help = Some(UNUSED_IGNORE.help.into());
            f
        };
        for (c, used) in self.comments.iter().zip(used_comments) {
            let ran: Vec<&str> = c.rules.iter().map(String::as_str).filter(|r| active(r)).collect();
            if !used && !ran.is_empty() {
                findings.push(unused(
                    &c.file,
                    c.span,
                    format!("ignore comment for {} suppressed nothing", ran.join(", ")),
                ));
            }
        }
        for (a, used) in self.annotations.iter().zip(used_annotations) {
            if !used && active(&a.rule) {
                let msg = format!(
                    "annotation `{ANNOTATION_PREFIX}{}` on {} suppressed nothing",
                    a.rule,
                    a.object.display()
                );
                findings.push(unused(&a.file, a.span, msg));
            }
        }
        if let Some(file) = &self.config_file {
            for ((e, _, expired), used) in config.iter().zip(used_config) {
                let span = e.line_span.unwrap_or_default();
                if *expired {
                    let msg = format!(
                        "config ignore for `{}` expired on {}; its findings are reported again",
                        e.rule,
                        e.expires.as_deref().unwrap_or_default()
                    );
                    let mut f =
                        Finding::new(EXPIRED_IGNORE.id, EXPIRED_IGNORE.severity, msg, file.clone(), span);
                    f.help = Some(EXPIRED_IGNORE.help.into());
                    findings.push(f);
                } else if !used && active(&e.rule) {
                    findings.push(unused(
                        file,
                        span,
                        format!("config ignore for `{}` suppressed nothing", e.rule),
                    ));
                }
            }
        }
    }
}

/// `Kind/name` or `Kind/namespace/name`.
fn object_matches(pattern: &str, obj: &ObjectRef) -> bool {
    let parts: Vec<&str> = pattern.split('/').collect();
    let name = obj.name.as_deref().unwrap_or("");
    match parts.as_slice() {
        [kind, n] => *kind == obj.kind && *n == name,
        [kind, ns, n] => *kind == obj.kind && Some(*ns) == obj.namespace.as_deref() && *n == name,
        _ => false,
    }
}

/// Today's date in UTC as `YYYY-MM-DD`.
pub fn today() -> String {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let days = (secs / 86_400) as i64;
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_cover_their_block() {
        let text = "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  # ndlint: ignore[k8s-a, k8s-b] legacy image\n  - name: app\n    securityContext:\n      privileged: true\n  - name: other\n    image: x # ndlint: ignore[k8s-c]\n";
        let f = SourceFile::new("p.yaml", text);
        let c = scan_comments(&f);
        assert_eq!(c.len(), 2);
        assert_eq!(
            (c[0].rules.clone(), c[0].reason.as_str(), c[0].lines),
            (vec!["k8s-a".into(), "k8s-b".into()], "legacy image", (5, 8))
        );
        assert_eq!(c[1].lines, (10, 10));
    }

    #[test]
    fn header_comments_cover_the_document() {
        let text = "# ndlint: ignore[k8s-a] generated\napiVersion: v1\nkind: Pod\n---\napiVersion: v1\n";
        let c = scan_comments(&SourceFile::new("p.yaml", text));
        assert_eq!(c[0].lines, (1, 3));
    }

    #[test]
    fn today_is_a_date() {
        let t = today();
        assert_eq!(t.len(), 10);
        assert!(t.as_str() > "2025-01-01");
    }
}
