//! Helm: `helm template` output split on its `# Source:` comments, charts rendered with the real
//! `helm` binary, and findings on rendered documents relocated to the template or values file.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex};

use serde_json::Value;

use crate::document::{Origin, SpanNode, pointer_segments};
use crate::finding::{Finding, Related};
use crate::parse::kustomize::which;
use crate::parse::rendered::{anchor_pointer, display_path, normalize, points_at_key};
use crate::parse::yaml::parse_stream;
use crate::parse::{Parsed, kubernetes_documents};
use crate::source::{SourceFile, Span};

pub use crate::parse::rendered::merge_variants;

const SOURCE_PREFIX: &str = "# Source: ";

/// True when text looks like `helm template` output (a `# Source:` comment right after `---` or
/// at the very start).
pub fn is_helm_output(text: &str) -> bool {
    text.starts_with(SOURCE_PREFIX) || text.contains(&format!("---\n{SOURCE_PREFIX}"))
}

/// Parsed `helm template` output: the documents (origin = their template) and, per document, the
/// `# Source:` path (`<chart>/templates/<file>`), when present.
#[derive(Debug, Default)]
pub struct HelmOutput {
    pub parsed: Parsed,
    pub sources: Vec<Option<String>>,
}

/// Splits `helm template` output into documents; each document's origin is its `# Source:`.
/// `variant` (e.g. `prod`) is added to the origin description when given.
pub fn parse_output(file: &Arc<SourceFile>, variant: Option<&str>) -> HelmOutput {
    let mut parsed = kubernetes_documents(file);
    // Byte offsets of every `# Source:` comment line and its path.
    let mut marks: Vec<(usize, String)> = Vec::new();
    let mut offset = 0;
    for line in file.text.split_inclusive('\n') {
        if let Some(rest) = line.strip_prefix(SOURCE_PREFIX) {
            marks.push((offset, rest.trim_end().to_string()));
        }
        offset += line.len();
    }
    let mut sources = Vec::with_capacity(parsed.documents.len());
    for doc in &mut parsed.documents {
        let start = doc.map.value.start as usize;
        let from = doc.extent.start as usize;
        // The comment sits in the document's leading block: after the previous document ended.
        let source = marks.iter().rev().find(|(at, _)| *at < start && *at >= from).map(|(_, s)| s.clone());
        if let Some(s) = &source {
            let description = match variant {
                Some(v) => format!("helm template {s} (values: {v})"),
                None => format!("helm template {s}"),
            };
            doc.origin = Some(Origin { description });
        }
        sources.push(source);
    }
    HelmOutput { parsed, sources }
}

/// The charts of a repository: `Chart.yaml` `name` → chart directory (absolute).
#[derive(Debug, Default, Clone)]
pub struct ChartIndex {
    pub repo_root: PathBuf,
    pub charts: BTreeMap<String, PathBuf>,
}

impl ChartIndex {
    /// Finds every `Chart.yaml` under `repo_root` (gitignore-aware).
    pub fn discover(repo_root: &Path) -> ChartIndex {
        let repo_root = std::fs::canonicalize(repo_root).unwrap_or_else(|_| normalize(repo_root));
        let dirs: Vec<PathBuf> = ignore::WalkBuilder::new(&repo_root)
            .build()
            .filter_map(Result::ok)
            .filter(|e| e.file_name() == "Chart.yaml")
            .filter_map(|e| e.path().parent().map(Path::to_path_buf))
            .collect();
        ChartIndex::from_dirs(&repo_root, &dirs)
    }

    /// Indexes the given chart directories (absolute, or relative to `repo_root`).
    pub fn from_dirs(repo_root: &Path, dirs: &[PathBuf]) -> ChartIndex {
        let mut charts = BTreeMap::new();
        for dir in dirs {
            let dir = normalize(&repo_root.join(dir));
            if let Some(name) = chart_name(&dir) {
                // Top-level charts win over vendored subcharts of the same name.
                let depth = dir.components().count();
                let keep = charts.get(&name).is_some_and(|d: &PathBuf| d.components().count() <= depth);
                if !keep {
                    charts.insert(name, dir);
                }
            }
        }
        ChartIndex { repo_root: repo_root.to_path_buf(), charts }
    }

    /// The chart directory and the file a `# Source:` path names (`<chart>/templates/x.yaml`,
    /// `<parent>/charts/<sub>/templates/x.yaml`).
    pub fn resolve(&self, source: &str) -> Option<(PathBuf, PathBuf)> {
        let (chart, rest) = source.split_once('/')?;
        let dir = self.charts.get(chart)?;
        let file = normalize(&dir.join(rest));
        file.starts_with(dir).then_some((dir.clone(), file))
    }
}

/// The `name` of a chart directory's `Chart.yaml`.
pub fn chart_name(dir: &Path) -> Option<String> {
    let text = std::fs::read_to_string(dir.join("Chart.yaml")).ok()?;
    let file = SourceFile::new("Chart.yaml", text);
    let doc = parse_stream(&file).documents.into_iter().next()?;
    doc.value.get("name").and_then(Value::as_str).map(str::to_string)
}

/// Runs the real `helm template` on a chart (no cluster, no network: `helm dependency update` is
/// never run, dependencies must be vendored). Errors are user-facing sentences the caller turns
/// into a `helm-render` finding.
pub fn render_chart(
    chart_dir: &Path,
    release: &str,
    namespace: &str,
    values_files: &[PathBuf],
    kube_version: Option<&str>,
) -> Result<String, String> {
    let helm = which("helm").ok_or_else(|| "helm not found on PATH".to_string())?;
    let mut cmd = Command::new(helm);
    cmd.arg("template").arg(release).arg(chart_dir).arg("--namespace").arg(namespace);
    for v in values_files {
        cmd.arg("--values").arg(v);
    }
    if let Some(k) = kube_version {
        cmd.arg("--kube-version").arg(k);
    }
    let out = cmd.output().map_err(|e| format!("could not run helm: {e}"))?;
    if !out.status.success() {
        return Err(format!("`helm template` failed: {}", String::from_utf8_lossy(&out.stderr).trim()));
    }
    String::from_utf8(out.stdout).map_err(|_| "`helm template` wrote invalid UTF-8".into())
}

/// One template or values file, read once.
struct Loaded {
    file: Arc<SourceFile>,
    /// For templates: the text with every `{{…}}` action blanked out (same byte offsets).
    stripped: String,
    /// For values files: the parsed document.
    value: Option<(Value, SpanNode)>,
}

/// A key line of a template: its YAML path (by indentation) and its byte positions.
struct KeyLine {
    path: Vec<String>,
    key: Span,
    value: Span,
    line: usize,
}

/// Relocates findings on rendered documents to the chart's templates and values files.
pub struct HelmMapper<'a> {
    index: &'a ChartIndex,
    /// Extra values files of the variant, in `--values` order (later ones win).
    values: Vec<PathBuf>,
    cache: Mutex<HashMap<PathBuf, Option<Arc<Loaded>>>>,
}

impl<'a> HelmMapper<'a> {
    pub fn new(index: &'a ChartIndex, values_files: &[PathBuf]) -> Self {
        let values = values_files.iter().map(|v| normalize(&index.repo_root.join(v))).collect();
        HelmMapper { index, values, cache: Mutex::new(HashMap::new()) }
    }

    fn load(&self, path: &Path, template: bool) -> Option<Arc<Loaded>> {
        if let Ok(cache) = self.cache.lock()
            && let Some(hit) = cache.get(path)
        {
            return hit.clone();
        }
        let loaded = std::fs::read_to_string(path).ok().map(|text| {
            let file = SourceFile::new(display_path(path, &self.index.repo_root), text);
            let stripped = if template { strip_actions(&file.text) } else { String::new() };
            let value = if template {
                None
            } else {
                parse_stream(&file).documents.into_iter().next().map(|d| (d.value, d.map))
            };
            Arc::new(Loaded { file, stripped, value })
        });
        if let Ok(mut cache) = self.cache.lock() {
            cache.insert(path.to_path_buf(), loaded.clone());
        }
        loaded
    }

    /// Maps findings on the documents of `output`; other findings pass through unchanged. Secret
    /// data the template generates at render time is dropped (not committed to the repository).
    pub fn map_findings(&self, output: &HelmOutput, findings: Vec<Finding>) -> Vec<Finding> {
        findings
            .into_iter()
            .map(|f| self.map_finding(output, f))
            .filter(|f| !crate::rules::k8s::secret_data_committed::generated_at_render(f))
            .collect()
    }

    /// Relocates one finding to the template line producing the field (key found once, or
    /// uniquely by its parent keys), else to the values key the template reads for it, else to
    /// the template's `kind:` line (approximate). The rendered position becomes a related location.
    pub fn map_finding(&self, output: &HelmOutput, mut f: Finding) -> Finding {
        let docs = &output.parsed.documents;
        let Some(i) = docs.iter().position(|d| {
            Arc::ptr_eq(&d.file, &f.file) && d.extent.start <= f.span.start && f.span.start <= d.extent.end
        }) else {
            return f;
        };
        let doc = &docs[i];
        let Some(source) = output.sources.get(i).cloned().flatten() else { return f };
        let Some((chart_dir, template_path)) = self.index.resolve(&source) else { return f };
        let Some(template) = self.load(&template_path, true) else {
            return self.chart_fallback(&chart_dir, &source, f);
        };
        let rendered =
            Related { file: f.file.clone(), span: f.span, message: format!("rendered from {source}") };
        let pointer = f.pointer.clone().unwrap_or_default();
        let anchor = anchor_pointer(doc, &pointer);
        let want_key = points_at_key(doc.locate(&anchor).node, f.span);
        let segs: Vec<String> = pointer_segments(&anchor).map(|s| s.into_owned()).collect();
        let keys = key_lines(&template.stripped);

        let relocate = |f: &mut Finding,
                        file: Arc<SourceFile>,
                        span: Span,
                        approximate: bool,
                        extra: Option<Related>| {
            f.file = file;
            f.span = span;
            f.approximate = approximate;
            f.related.push(rendered.clone());
            f.related.extend(extra);
        };

        // 1. The key producing the field, on a template line.
        if !segs.is_empty()
            && let Some(k) = find_key(&keys, &segs)
        {
            let raw = template.file.line_text(k.line);
            let refs = values_refs(raw.split_once(':').map_or("", |(_, v)| v));
            let template_related = Related {
                file: template.file.clone(),
                span: k.key,
                message: "set by this template line".into(),
            };
            if let [one] = refs.as_slice()
                && let Some((file, span, true)) = self.values_lookup(&chart_dir, &source, one, &[])
            {
                relocate(&mut f, file, span, false, Some(template_related));
                return f;
            }
            relocate(&mut f, template.file.clone(), if want_key { k.key } else { k.value }, false, None);
            return f;
        }
        // 2. An ancestor whose content the template takes from `.Values` (`toYaml`, `with`).
        for cut in (1..segs.len()).rev() {
            let Some(k) = find_key(&keys, &segs[..cut]) else { continue };
            let Some(values_path) = block_values_ref(&template.file, &template.stripped, k) else { continue };
            let rest: Vec<&str> = segs[cut..].iter().map(String::as_str).collect();
            if let Some((file, span, exact)) = self.values_lookup(&chart_dir, &source, &values_path, &rest) {
                let related = Related {
                    file: template.file.clone(),
                    span: k.key,
                    message: "rendered from these values".into(),
                };
                relocate(&mut f, file, span, !exact, Some(related));
                return f;
            }
            relocate(&mut f, template.file.clone(), k.key, true, None);
            return f;
        }
        // 3. The template's `kind:` line.
        let span = keys.iter().find(|k| k.path == ["kind"]).map_or(Span::new(0, 0), |k| k.key);
        let object_level = segs.is_empty() && f.pointer.is_some();
        relocate(&mut f, template.file.clone(), span, !object_level, None);
        f
    }

    /// The template is not in the tree (a subchart shipped as `.tgz`, a CRD): the dependency
    /// entry of the parent `Chart.yaml` when the source names a subchart, else its `name:` line.
    fn chart_fallback(&self, chart_dir: &Path, source: &str, mut f: Finding) -> Finding {
        let Some(chart) = self.load(&chart_dir.join("Chart.yaml"), false) else { return f };
        let Some((value, map)) = &chart.value else { return f };
        let sub = source.split('/').collect::<Vec<_>>().windows(2).find(|w| w[0] == "charts").map(|w| w[1]);
        let deps = value.get("dependencies").and_then(Value::as_array);
        let dep = sub.and_then(|sub| {
            let i = deps?.iter().position(|d| {
                d.get("name").and_then(Value::as_str) == Some(sub)
                    || d.get("alias").and_then(Value::as_str) == Some(sub)
            })?;
            map.child("dependencies")?.child(&i.to_string())?.child("name").map(SpanNode::value_span)
        });
        let span = dep.or_else(|| map.child("name").map(SpanNode::value_span)).unwrap_or_default();
        f.related.push(Related {
            file: f.file.clone(),
            span: f.span,
            message: format!("rendered from {source}"),
        });
        f.file = chart.file.clone();
        f.span = span;
        f.approximate = true;
        f
    }

    /// Finds `.Values.<path>` + `rest` in the variant's values files (last wins), then the
    /// chart's `values.yaml`. Subchart templates look under the parent's `<sub>:` key too.
    fn values_lookup(
        &self,
        chart_dir: &Path,
        source: &str,
        path: &str,
        rest: &[&str],
    ) -> Option<(Arc<SourceFile>, Span, bool)> {
        let mut segs: Vec<String> = path.split('.').filter(|s| !s.is_empty()).map(str::to_string).collect();
        segs.extend(rest.iter().map(|s| s.to_string()));
        // `<parent>/charts/<sub>/templates/...`: the sub chart's values are under `<sub>:` in the parent's.
        let parts: Vec<&str> = source.split('/').collect();
        let mut candidates: Vec<(PathBuf, Vec<String>)> = Vec::new();
        let sub_chain: Vec<&str> = parts.windows(2).filter(|w| w[0] == "charts").map(|w| w[1]).collect();
        let mut prefixed = segs.clone();
        for sub in sub_chain.iter().rev() {
            prefixed.insert(0, (*sub).to_string());
        }
        for v in self.values.iter().rev() {
            candidates.push((v.clone(), prefixed.clone()));
        }
        let top = self.index.charts.get(parts.first().copied().unwrap_or("")).cloned();
        if let Some(top) = &top {
            candidates.push((top.join("values.yaml"), prefixed.clone()));
        }
        if !sub_chain.is_empty() {
            // The subchart's own directory: the source path up to its `templates/`.
            let rel = source.split_once('/').map_or("", |(_, r)| r);
            let sub_rel = rel.rfind("templates/").map_or("", |i| &rel[..i]);
            candidates.push((normalize(&chart_dir.join(sub_rel)).join("values.yaml"), segs.clone()));
        }
        let mut best: Option<(Arc<SourceFile>, Span, bool)> = None;
        for (file, segs) in candidates {
            let Some(loaded) = self.load(&file, false) else { continue };
            let Some((_, map)) = &loaded.value else { continue };
            let mut node = map;
            let mut depth = 0;
            for s in &segs {
                match node.child(s) {
                    Some(n) => {
                        node = n;
                        depth += 1;
                    }
                    None => break,
                }
            }
            if depth == segs.len() {
                return Some((loaded.file.clone(), node.value_span(), true));
            }
            if best.is_none() && depth > 0 && depth >= segs.len().saturating_sub(rest.len()) {
                best = Some((loaded.file.clone(), node.key_span(), false));
            }
        }
        best
    }
}

/// Blanks out every `{{ … }}` action (and `{{/* … */}}` comment) keeping newlines and byte offsets.
pub fn strip_actions(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find("{{") {
        out.push_str(&rest[..open]);
        let after = &rest[open..];
        let close = after.find("}}").map_or(after.len(), |c| c + 2);
        for c in after[..close].chars() {
            if c == '\n' {
                out.push('\n');
            } else {
                out.extend(std::iter::repeat_n(' ', c.len_utf8()));
            }
        }
        rest = &after[close..];
    }
    out.push_str(rest);
    out
}

/// Every `key:` line of a (stripped) template with its path by indentation.
fn key_lines(stripped: &str) -> Vec<KeyLine> {
    let mut out = Vec::new();
    let mut stack: Vec<(usize, String)> = Vec::new();
    let mut offset = 0;
    for (i, line) in stripped.split_inclusive('\n').enumerate() {
        let start = offset;
        offset += line.len();
        let body = line.trim_end_matches(['\n', '\r']);
        let trimmed = body.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let mut col = body.len() - trimmed.len();
        let mut rest = trimmed;
        while let Some(r) = rest.strip_prefix("- ") {
            let r2 = r.trim_start();
            col += rest.len() - r2.len();
            rest = r2;
        }
        let Some((key, value)) = split_key(rest) else {
            // A plain list item or continuation: it closes deeper keys only when less indented.
            continue;
        };
        while stack.last().is_some_and(|(ind, _)| *ind >= col) {
            stack.pop();
        }
        let mut path: Vec<String> = stack.iter().map(|(_, k)| k.clone()).collect();
        path.push(key.to_string());
        let key_start = start + col;
        let key_end = key_start + rest.find(':').unwrap_or(key.len());
        let value_start = key_end + 1 + (value.len() - value.trim_start().len());
        let value_end = start + body.trim_end().len();
        let value_span = if value.trim().is_empty() {
            Span::new(key_start, key_end)
        } else {
            Span::new(value_start.min(value_end), value_end)
        };
        out.push(KeyLine { path, key: Span::new(key_start, key_end), value: value_span, line: i + 1 });
        stack.push((col, key.to_string()));
    }
    out
}

fn split_key(s: &str) -> Option<(&str, &str)> {
    let colon = s.find(": ").or_else(|| s.strip_suffix(':').map(str::len))?;
    let key = s[..colon].trim_matches(|c| c == '"' || c == '\'');
    let ok = !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || "-_./".contains(c));
    ok.then(|| (key, s.get(colon + 1..).unwrap_or("")))
}

/// The template key line producing a rendered path: the only line with that key, else the one
/// whose parent keys match the rendered path best (unique best only).
fn find_key<'k>(keys: &'k [KeyLine], segs: &[String]) -> Option<&'k KeyLine> {
    let named: Vec<&str> = segs.iter().map(String::as_str).filter(|s| s.parse::<usize>().is_err()).collect();
    let last = *named.last()?;
    if segs.last().is_some_and(|s| s.parse::<usize>().is_ok()) {
        return None;
    }
    let candidates: Vec<&KeyLine> =
        keys.iter().filter(|k| k.path.last().is_some_and(|p| p == last)).collect();
    if candidates.len() <= 1 {
        return candidates.first().copied();
    }
    let score =
        |k: &KeyLine| k.path.iter().rev().zip(named.iter().rev()).take_while(|(a, b)| a == *b).count();
    let best = candidates.iter().map(|k| score(k)).max()?;
    let mut top = candidates.into_iter().filter(|k| score(k) == best);
    let first = top.next()?;
    top.next().is_none().then_some(first)
}

/// `.Values.a.b` references in a piece of template text.
fn values_refs(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find(".Values.") {
        let tail = &rest[i + 8..];
        let end = tail
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.' || c == '-'))
            .unwrap_or(tail.len());
        let path = tail[..end].trim_end_matches('.');
        if !path.is_empty() {
            out.push(path.to_string());
        }
        rest = &tail[end..];
    }
    out
}

/// The `.Values` path a key's block is rendered from: a `toYaml`/`with` on its line, the line
/// above, or its more-indented continuation lines.
fn block_values_ref(file: &SourceFile, stripped: &str, k: &KeyLine) -> Option<String> {
    let lines: Vec<&str> = stripped.lines().collect();
    let indent = |s: &str| s.len() - s.trim_start().len();
    let key_indent = (k.key.start as usize).saturating_sub(file.line_start(k.line));
    let mut window = vec![k.line];
    if k.line > 1 {
        window.insert(0, k.line - 1);
    }
    for n in k.line + 1..=lines.len() {
        let s = lines.get(n - 1).copied().unwrap_or("");
        if !s.trim().is_empty() && indent(s) <= key_indent {
            break;
        }
        window.push(n);
    }
    window.iter().find_map(|&n| {
        let raw = file.line_text(n);
        let refs = values_refs(raw);
        let prefer = raw.contains("toYaml") || raw.contains("with ") || raw.contains("tpl ");
        if n < k.line && !raw.contains("with ") {
            return None;
        }
        (prefer || n == k.line).then(|| refs.into_iter().next()).flatten()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_actions_keeping_offsets() {
        let t = "image: {{ .Values.image }}\n{{- if .x }}\nname: é{{ \"ü\" }}\n";
        let s = strip_actions(t);
        assert_eq!(s.len(), t.len());
        assert_eq!(s.lines().count(), 3);
        assert!(s.starts_with("image: "));
        assert_eq!(s.lines().nth(1).unwrap().trim(), "");
    }

    #[test]
    fn values_refs_found() {
        assert_eq!(values_refs("x: {{ .Values.a.b | quote }} {{ .Values.c }}"), vec!["a.b", "c"]);
    }

    #[test]
    fn key_paths_follow_indentation() {
        let text = "spec:\n  containers:\n    - name: a\n      securityContext:\n        privileged: true\n";
        let keys = key_lines(text);
        let p = keys.iter().find(|k| k.path.last().unwrap() == "privileged").unwrap();
        assert_eq!(p.path, ["spec", "containers", "securityContext", "privileged"]);
        assert_eq!(p.line, 5);
    }
}
