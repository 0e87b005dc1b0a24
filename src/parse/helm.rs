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
use crate::parse::rendered::{
    RenderError, TempDir, anchor_pointer, clean_render_error, copy_tree, display_path, normalize,
    points_at_key,
};
use crate::parse::sources::Sources;
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
    /// Per document: how many earlier documents came from the same template, and how many of
    /// those have the same kind (to find the document's section in a multi-document template).
    ordinals: Vec<(usize, usize)>,
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
    let mut ordinals = Vec::with_capacity(parsed.documents.len());
    let mut seen: HashMap<(Option<String>, String), usize> = HashMap::new();
    let mut seen_source: HashMap<Option<String>, usize> = HashMap::new();
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
        let of_source = seen_source.entry(source.clone()).or_default();
        let of_kind = seen.entry((source.clone(), doc.kind().to_string())).or_default();
        ordinals.push((*of_source, *of_kind));
        *of_source += 1;
        *of_kind += 1;
        sources.push(source);
    }
    HelmOutput { parsed, sources, ordinals }
}

impl HelmOutput {
    /// The index of the document a finding on the rendered stream sits in.
    fn document_of(&self, f: &Finding) -> Option<usize> {
        let docs = &self.parsed.documents;
        let i = docs.partition_point(|d| d.extent.start <= f.span.start).checked_sub(1)?;
        let d = &docs[i];
        (Arc::ptr_eq(&d.file, &f.file) && f.span.start <= d.extent.end).then_some(i)
    }
}

/// The charts of a run: `Chart.yaml` `name` → chart directories (absolute; several charts may
/// share a name).
#[derive(Debug, Default, Clone)]
pub struct ChartIndex {
    pub repo_root: PathBuf,
    pub charts: BTreeMap<String, Vec<PathBuf>>,
}

impl ChartIndex {
    /// Finds every `Chart.yaml` under the repository root (gitignore-aware).
    pub fn discover(sources: &Sources) -> ChartIndex {
        let dirs: Vec<PathBuf> = ignore::WalkBuilder::new(&sources.repo_root)
            .build()
            .filter_map(Result::ok)
            .filter(|e| e.file_name() == "Chart.yaml")
            .filter_map(|e| e.path().parent().map(Path::to_path_buf))
            .collect();
        ChartIndex::from_dirs(sources, &dirs)
    }

    /// Indexes the given chart directories (absolute, or relative to the repository root).
    pub fn from_dirs(sources: &Sources, dirs: &[PathBuf]) -> ChartIndex {
        let mut charts: BTreeMap<String, Vec<PathBuf>> = BTreeMap::new();
        for dir in dirs {
            let dir = normalize(&sources.repo_root.join(dir));
            if let Some(name) = chart_name(sources, &dir) {
                charts.entry(name).or_default().push(dir);
            }
        }
        // Top-level charts first: they win over vendored subcharts of the same name.
        for dirs in charts.values_mut() {
            dirs.sort_by_key(|d| (d.components().count(), d.clone()));
            dirs.dedup();
        }
        ChartIndex { repo_root: sources.repo_root.clone(), charts }
    }

    /// The chart directory and the file a `# Source:` path names (`<chart>/templates/x.yaml`,
    /// `<parent>/charts/<sub>/templates/x.yaml`). Among charts of the same name, `prefer` (the
    /// chart being rendered) wins.
    pub fn resolve(&self, source: &str, prefer: Option<&Path>) -> Option<(PathBuf, PathBuf)> {
        let (chart, rest) = source.split_once('/')?;
        let dirs = self.charts.get(chart)?;
        let dir = prefer.and_then(|p| dirs.iter().find(|d| d.as_path() == p)).or(dirs.first())?;
        let file = normalize(&dir.join(rest));
        file.starts_with(dir).then(|| (dir.clone(), file))
    }
}

/// The `name` of a chart directory's `Chart.yaml`.
pub fn chart_name(sources: &Sources, dir: &Path) -> Option<String> {
    let chart = sources.get(&dir.join("Chart.yaml"))?;
    chart.first()?.value.get("name").and_then(Value::as_str).map(str::to_string)
}

/// Runs the real `helm template` on a chart (no cluster, no network: `helm dependency update` is
/// never run, dependencies must be on disk). Errors are user-facing sentences the caller turns
/// into a `helm-render` finding.
pub fn render_chart(
    sources: &Sources,
    chart_dir: &Path,
    release: &str,
    namespace: &str,
    values_files: &[PathBuf],
    kube_version: Option<&str>,
) -> Result<String, RenderError> {
    let local = local_dependencies(sources, chart_dir)?;
    let helm = which("helm").ok_or_else(|| "helm not found on PATH".to_string())?;
    // `file://` dependencies on disk but not built into `charts/`: render a staged copy of the
    // chart with them copied in (what `helm dependency build` does offline); the repository is
    // never written to.
    let staged = if local.is_empty() {
        None
    } else {
        let tmp = TempDir::new("chart")?;
        let copy = tmp.0.join(chart_dir.file_name().unwrap_or_default());
        let fail = |e: std::io::Error| format!("cannot stage the chart's `file://` dependencies: {e}");
        copy_tree(chart_dir, &copy).map_err(fail)?;
        for (name, dir) in &local {
            copy_tree(dir, &copy.join("charts").join(name)).map_err(fail)?;
        }
        Some((tmp, copy))
    };
    let target = staged.as_ref().map_or(chart_dir, |(_, copy)| copy.as_path());
    let mut cmd = Command::new(helm);
    cmd.arg("template").arg(release).arg(target).arg("--namespace").arg(namespace);
    for v in values_files {
        cmd.arg("--values").arg(v);
    }
    if let Some(k) = kube_version {
        cmd.arg("--kube-version").arg(k);
    }
    // No repository index, cache or plugin of the user's is read: helm gets empty homes.
    let home_dir = TempDir::new("helm-home")?;
    let home = home_dir.0.as_path();
    for var in ["HELM_CACHE_HOME", "HELM_CONFIG_HOME", "HELM_DATA_HOME"] {
        cmd.env(var, home);
    }
    let out = cmd.output().map_err(|e| format!("could not run helm: {e}"))?;
    if !out.status.success() {
        let stderr = String::from_utf8_lossy(&out.stderr);
        let chart = chart_dir.canonicalize().unwrap_or_else(|_| chart_dir.to_path_buf());
        let shown = display_path(&chart, &sources.repo_root);
        let mut replace: Vec<(&Path, &str)> =
            vec![(&chart, &shown), (&sources.repo_root, ""), (home, "<tmp>")];
        if let Some((_, copy)) = &staged {
            replace.insert(0, (copy, &shown));
        }
        let message = clean_render_error(&stderr, &replace);
        let needs_values =
            message.contains("execution error at (") || message.contains("nil pointer evaluating");
        return Err(if needs_values {
            format!("the chart needs values to render (give it a values file under `helm: charts:` in .ndlint.yaml): {message}")
        } else {
            format!("`helm template` failed: {message}")
        }
        .into());
    }
    String::from_utf8(out.stdout).map_err(|_| "`helm template` wrote invalid UTF-8".to_string().into())
}

/// The `file://` dependencies of `Chart.yaml` that are on disk but not under `charts/` (name and
/// directory), to be staged for rendering; `Err` for the first other dependency that is not on disk
/// under `charts/` (unpacked, or as a `<name>-<version>.tgz` archive): a finding on its entry saying
/// how to vendor it.
fn local_dependencies(sources: &Sources, chart_dir: &Path) -> Result<Vec<(String, PathBuf)>, RenderError> {
    let Some(chart) = sources.get(&chart_dir.join("Chart.yaml")) else { return Ok(Vec::new()) };
    let Some(doc) = chart.first() else { return Ok(Vec::new()) };
    let Some(deps) = doc.value.get("dependencies").and_then(Value::as_array) else { return Ok(Vec::new()) };
    let mut local = Vec::new();
    let vendored: Vec<String> = std::fs::read_dir(chart_dir.join("charts"))
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    for (i, dep) in deps.iter().enumerate() {
        let Some(name) = dep.get("name").and_then(Value::as_str) else { continue };
        let on_disk = vendored.iter().any(|f| {
            f == name || f.strip_prefix(name).is_some_and(|r| r.starts_with('-') && r.ends_with(".tgz"))
        });
        if on_disk {
            continue;
        }
        let repo = dep.get("repository").and_then(Value::as_str).unwrap_or("");
        if let Some(dir) = repo.strip_prefix("file://").map(|p| normalize(&chart_dir.join(p)))
            && dir.join("Chart.yaml").is_file()
        {
            local.push((name.to_string(), dir));
            continue;
        }
        let how = if repo.starts_with("file://") {
            format!("its directory `{}` has no Chart.yaml", repo.trim_start_matches("file://"))
        } else {
            "vendor it with `helm dependency build` (or `helm pull --untar` into `charts/`) and commit it"
                .to_string()
        };
        let span = doc
            .map
            .child("dependencies")
            .and_then(|d| d.child(&i.to_string()))
            .map(|n| n.child("name").map_or(n.value, SpanNode::value_span))
            .unwrap_or_default();
        return Err(RenderError {
            message: format!(
                "dependency `{name}` is not in `charts/`, and ndlint never downloads charts: {how}"
            ),
            at: Some((chart.file.clone(), span)),
        });
    }
    Ok(local)
}

/// A template file prepared for mapping: its text with actions blanked, its key lines and its
/// `---`-separated sections.
struct Template {
    file: Arc<SourceFile>,
    stripped: String,
    keys: Vec<KeyLine>,
    /// Byte ranges of the template's documents, with the literal `kind:` of each when it has one.
    sections: Vec<(Span, Option<String>)>,
}

impl Template {
    fn new(file: Arc<SourceFile>) -> Template {
        let stripped = strip_actions(&file.text);
        let keys = key_lines(&stripped);
        let mut bounds = vec![0];
        let mut offset = 0;
        for line in stripped.split_inclusive('\n') {
            if line.starts_with("---") {
                bounds.push(offset);
            }
            offset += line.len();
        }
        bounds.push(stripped.len());
        let sections = bounds
            .windows(2)
            .map(|w| Span::new(w[0], w[1]))
            .filter(|s| keys.iter().any(|k| s.start <= k.key.start && k.key.start < s.end))
            .map(|s| {
                let kind = keys
                    .iter()
                    .find(|k| k.path == ["kind"] && s.start <= k.key.start && k.key.start < s.end)
                    .map(|k| stripped[k.value.start as usize..k.value.end as usize].trim().to_string())
                    .filter(|v| !v.is_empty() && v != "kind");
                (s, kind)
            })
            .collect();
        Template { file, stripped, keys, sections }
    }

    /// The key lines of the section that rendered a document of `kind` (the `ordinals` of
    /// [`HelmOutput`]); every key line when the section cannot be told.
    fn keys_for(&self, kind: &str, ordinals: (usize, usize), rendered_from_here: usize) -> Vec<&KeyLine> {
        let in_span =
            |s: Span| self.keys.iter().filter(move |k| s.start <= k.key.start && k.key.start < s.end);
        let same_kind: Vec<Span> = self
            .sections
            .iter()
            .filter(|(_, k)| k.as_deref().is_none_or(|k| k == kind))
            .map(|(s, _)| *s)
            .collect();
        let section = match same_kind.as_slice() {
            [one] => Some(*one),
            many if self.sections.len() == rendered_from_here => {
                self.sections.get(ordinals.0).map(|(s, _)| *s).filter(|s| many.contains(s))
            }
            many => many.get(ordinals.1).copied(),
        };
        match section {
            Some(s) => in_span(s).collect(),
            None => self.keys.iter().collect(),
        }
    }
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
    sources: &'a Sources,
    index: &'a ChartIndex,
    /// The chart being rendered (chart mode), which wins over other charts of the same name.
    chart: Option<PathBuf>,
    /// Extra values files of the variant, in `--values` order (later ones win).
    values: Vec<PathBuf>,
    templates: Mutex<HashMap<PathBuf, Option<Arc<Template>>>>,
}

impl<'a> HelmMapper<'a> {
    pub fn new(
        sources: &'a Sources,
        index: &'a ChartIndex,
        chart: Option<&Path>,
        values_files: &[PathBuf],
    ) -> Self {
        let values = values_files.iter().map(|v| normalize(&index.repo_root.join(v))).collect();
        let chart = chart.map(|c| normalize(&index.repo_root.join(c)));
        HelmMapper { sources, index, chart, values, templates: Mutex::new(HashMap::new()) }
    }

    fn template(&self, path: &Path) -> Option<Arc<Template>> {
        let mut cache = self.templates.lock().unwrap_or_else(|e| e.into_inner());
        cache
            .entry(path.to_path_buf())
            .or_insert_with(|| self.sources.get(path).map(|s| Arc::new(Template::new(s.file.clone()))))
            .clone()
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

    /// Relocates one finding into the template section that rendered its document: to the values
    /// key that provably set the value (the last values file that sets it, its value equal to the
    /// rendered one), else to the template line producing the field (exact when the line writes it
    /// literally), else to the nearest template line of an ancestor or the section's `kind:` line
    /// (approximate). The rendered position becomes a related location.
    pub fn map_finding(&self, output: &HelmOutput, mut f: Finding) -> Finding {
        let Some(i) = output.document_of(&f) else { return f };
        let doc = &output.parsed.documents[i];
        let Some(source) = output.sources.get(i).cloned().flatten() else { return f };
        let Some((chart_dir, template_path)) = self.index.resolve(&source, self.chart.as_deref()) else {
            return f;
        };
        let Some(template) = self.template(&template_path) else {
            return self.chart_fallback(&chart_dir, &source, f);
        };
        let from_here = output.sources.iter().filter(|s| s.as_deref() == Some(source.as_str())).count();
        let keys = template.keys_for(doc.kind(), output.ordinals[i], from_here);
        f.related.push(Related {
            file: f.file.clone(),
            span: f.span,
            message: format!("rendered from {source}"),
        });
        let pointer = f.pointer.clone().unwrap_or_default();
        let anchor = anchor_pointer(doc, &pointer);
        let want_key = points_at_key(doc.locate(&anchor).node, f.span) || anchor != pointer;
        let rendered = doc.get(&anchor);
        let segs: Vec<String> = pointer_segments(&anchor).map(|s| s.into_owned()).collect();
        let mut relocate = |file: Arc<SourceFile>, span: Span, approximate: bool, extra: Option<Related>| {
            f.file = file;
            f.span = span;
            f.approximate = approximate;
            f.related.extend(extra);
        };

        // 1. The key producing the field, on a template line.
        if !segs.is_empty()
            && let Some(k) = find_key(&keys, &segs)
        {
            let line = template.file.line_text(k.line);
            let value_text = line.split_once(':').map_or("", |(_, v)| v);
            // The line writes (some of) the value itself, not only an action's result.
            let literal = k.value != k.key;
            let here = Related {
                file: template.file.clone(),
                span: k.key,
                message: "set by this template line".into(),
            };
            // The value's `.Values` reference: on the key's line, or a block (`toYaml`) below it.
            let refs = values_refs(value_text);
            let values_path = match refs.as_slice() {
                [one] => Some(one.clone()),
                [] => block_values_ref(&template.file, &template.stripped, k),
                _ => None,
            };
            if let Some(path) = values_path
                && let Some((file, node)) = self.values_set(&chart_dir, &source, &path, &[], rendered)
            {
                let span = if want_key { node.key_span() } else { node.value_span() };
                relocate(file, span, false, Some(here));
            } else {
                let span = if want_key || k.value == k.key { k.key } else { k.value };
                relocate(template.file.clone(), span, !(literal || want_key && anchor == pointer), None);
            }
            return f;
        }
        // 2. An ancestor whose content the template takes from `.Values` (`toYaml`, `with`).
        for cut in (1..segs.len()).rev() {
            let Some(k) = find_key(&keys, &segs[..cut]) else { continue };
            let here = Related {
                file: template.file.clone(),
                span: k.key,
                message: "the template inserts these values here".into(),
            };
            let rest: Vec<&str> = segs[cut..].iter().map(String::as_str).collect();
            let set = block_values_ref(&template.file, &template.stripped, k)
                .and_then(|path| self.values_set(&chart_dir, &source, &path, &rest, rendered));
            match set {
                Some((file, node)) => {
                    let span = if want_key { node.key_span() } else { node.value_span() };
                    relocate(file, span, false, Some(here));
                }
                None => relocate(template.file.clone(), k.key, true, None),
            }
            return f;
        }
        // 3. The section's `kind:` line.
        let span = keys.iter().find(|k| k.path == ["kind"]).map_or(Span::new(0, 0), |k| k.key);
        let object_level = segs.is_empty() && f.pointer.is_some();
        relocate(template.file.clone(), span, !object_level, None);
        f
    }

    /// The template is not in the tree (a subchart shipped as `.tgz`, a CRD): the dependency
    /// entry of the parent `Chart.yaml` when the source names a subchart, else its `name:` line.
    fn chart_fallback(&self, chart_dir: &Path, source: &str, mut f: Finding) -> Finding {
        let Some(chart) = self.sources.get(&chart_dir.join("Chart.yaml")) else { return f };
        let Some(doc) = chart.first() else { return f };
        let (value, map) = (&doc.value, &doc.map);
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

    /// The values key that set the rendered value: `.Values.<path>` + `rest` in the variant's
    /// values files (the last that sets it wins), then the chart's `values.yaml`; subchart
    /// templates look under the parent's `<sub>:` key too. Only a key whose value equals the
    /// rendered one counts (`rendered` is `None` for a missing field: the key must then exist).
    fn values_set(
        &self,
        chart_dir: &Path,
        source: &str,
        path: &str,
        rest: &[&str],
        rendered: Option<&Value>,
    ) -> Option<(Arc<SourceFile>, SpanNode)> {
        let mut segs: Vec<String> = path.split('.').filter(|s| !s.is_empty()).map(str::to_string).collect();
        segs.extend(rest.iter().map(|s| s.to_string()));
        // `<parent>/charts/<sub>/templates/...`: the sub chart's values are under `<sub>:` in the parent's.
        let parts: Vec<&str> = source.split('/').collect();
        let sub_chain: Vec<&str> = parts.windows(2).filter(|w| w[0] == "charts").map(|w| w[1]).collect();
        let mut prefixed: Vec<String> = sub_chain.iter().map(|s| s.to_string()).collect();
        prefixed.extend(segs.iter().cloned());
        let top = self.index.resolve(source, self.chart.as_deref()).map(|(dir, _)| dir);
        let mut candidates: Vec<(PathBuf, &[String])> =
            self.values.iter().rev().map(|v| (v.clone(), prefixed.as_slice())).collect();
        if let Some(top) = &top {
            candidates.push((top.join("values.yaml"), prefixed.as_slice()));
        }
        if !sub_chain.is_empty() {
            // The subchart's own directory: the source path up to its `templates/`.
            let rel = source.split_once('/').map_or("", |(_, r)| r);
            let sub_rel = rel.rfind("templates/").map_or("", |i| &rel[..i]);
            candidates.push((normalize(&chart_dir.join(sub_rel)).join("values.yaml"), segs.as_slice()));
        }
        for (file, segs) in candidates {
            let Some(values) = self.sources.get(&file) else { continue };
            let Some(doc) = values.first() else { continue };
            let (mut value, mut node) = (&doc.value, &doc.map);
            let found = segs.iter().all(|s| match (value.get(s.as_str()), node.child(s)) {
                (Some(v), Some(n)) => {
                    (value, node) = (v, n);
                    true
                }
                _ => false,
            });
            if !found {
                continue;
            }
            // The key that sets it in the values file that takes effect: proof only if equal.
            return same_value(value, rendered).then(|| (values.file.clone(), node.clone()));
        }
        None
    }
}

/// Whether a values-file value is what the template rendered, type included (a number the
/// template quotes is the template's doing); a missing rendered field matches any key that exists.
fn same_value(set: &Value, rendered: Option<&Value>) -> bool {
    rendered.is_none_or(|rendered| set == rendered)
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
fn find_key<'k>(keys: &[&'k KeyLine], segs: &[String]) -> Option<&'k KeyLine> {
    let named: Vec<&str> = segs.iter().map(String::as_str).filter(|s| s.parse::<usize>().is_err()).collect();
    let last = *named.last()?;
    if segs.last().is_some_and(|s| s.parse::<usize>().is_ok()) {
        return None;
    }
    let candidates: Vec<&KeyLine> =
        keys.iter().copied().filter(|k| k.path.last().is_some_and(|p| p == last)).collect();
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
