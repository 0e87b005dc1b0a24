//! Kustomize: render roots, `kustomize build` with origin annotations through a generated wrapper,
//! and mapping findings on rendered objects back to the resource, patch or kustomization a person edits.
//!
//! Rendering runs `kustomize build` (or `kubectl kustomize`) on a wrapper kustomization written to a
//! temporary directory: it lists the target as its only resource and sets
//! `buildMetadata: [originAnnotations]`, so the user's files are never modified. Plugins, exec
//! functions, Helm inflation, network and mounts are never enabled, and the default load
//! restrictor (`LoadRestrictionsRootOnly`) is kept.

use crate::document::Lookup;
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

use serde_json::Value;

use crate::document::{Children, Document, Origin, SpanNode};
use crate::finding::{Finding, Related};
use crate::parse::rendered::{
    Found, RenderError, TempDir, anchor_pointer, clean_render_error, display_path, follow, normalize,
    points_at_key,
};
use crate::parse::sources::{Source, Sources};
use crate::parse::yaml::{RawDocument, parse_stream};
use crate::source::{SourceFile, Span};

/// The annotation kustomize writes for `buildMetadata: [originAnnotations]`.
pub const ORIGIN_ANNOTATION: &str = "config.kubernetes.io/origin";
/// Annotations stripped from rendered objects before any rule sees them.
pub const INJECTED_ANNOTATIONS: &[&str] = &[ORIGIN_ANNOTATION, "alpha.config.kubernetes.io/transformations"];

pub const KUSTOMIZATION_NAMES: [&str; 3] = ["kustomization.yaml", "kustomization.yml", "Kustomization"];

/// The kustomization file of a directory, if it has one.
pub fn kustomization_file(dir: &Path) -> Option<PathBuf> {
    KUSTOMIZATION_NAMES.iter().map(|n| dir.join(n)).find(|p| p.is_file())
}

/// A directory's kustomization file, read and parsed through the run's sources.
fn load_kustomization(sources: &Sources, dir: &Path) -> Option<Arc<Source>> {
    let source = sources.get(&kustomization_file(dir)?)?;
    source.first().is_some().then_some(source)
}

fn strings(v: Option<&Value>) -> impl Iterator<Item = &str> {
    strings_at(v).map(|(_, s)| s)
}

/// The strings of an array with their indices.
fn strings_at(v: Option<&Value>) -> impl Iterator<Item = (usize, &str)> {
    v.and_then(Value::as_array).into_iter().flatten().enumerate().filter_map(|(i, s)| Some((i, s.as_str()?)))
}

/// A resource or base kustomize would fetch over the network (`https://…`, `github.com/…`,
/// `git::…`, `git@…`, `…?ref=…`).
pub fn is_remote(s: &str) -> bool {
    s.contains("://")
        || s.starts_with("github.com/")
        || s.starts_with("gitlab.com/")
        || s.starts_with("bitbucket.org/")
        || s.starts_with("git::")
        || s.starts_with("git@")
        || s.contains("?ref=")
        || s.contains("?version=")
}

/// What one kustomization reads: other kustomization directories and plain files.
#[derive(Default, Debug)]
struct Refs {
    dirs: Vec<PathBuf>,
    files: Vec<PathBuf>,
    /// Patches with the target their entry declares (kind, name), in declaration order.
    patches: Vec<(PatchRef, Option<String>, Option<String>)>,
    /// Remote resources and bases, with the pointer of their entry in the kustomization.
    remote: Vec<(String, String)>,
}

/// Where a patch is written: its own file, or inline in the kustomization (the pointer of the
/// string that holds it).
#[derive(Debug, Clone)]
enum PatchRef {
    File(PathBuf),
    Inline(String),
}

fn references(dir: &Path, k: &Value) -> Refs {
    let mut refs = Refs::default();
    let add = |refs: &mut Refs, s: &str| {
        if s.contains('\n') {
            return;
        }
        let p = normalize(&dir.join(s));
        if p.is_dir() {
            refs.dirs.push(p);
        } else {
            refs.files.push(p);
        }
    };
    for key in [
        "resources",
        "bases",
        "components",
        "crds",
        "configurations",
        "transformers",
        "generators",
        "validators",
    ] {
        for (i, s) in strings_at(k.get(key)) {
            if is_remote(s) {
                refs.remote.push((s.to_string(), format!("/{key}/{i}")));
            } else {
                add(&mut refs, s);
            }
        }
    }
    let target_of = |e: &Value| {
        let t = e.get("target");
        let f = |k: &str| t.and_then(|t| t.get(k)).and_then(Value::as_str).map(str::to_string);
        (f("kind"), f("name"))
    };
    for key in ["patches", "patchesJson6902"] {
        for (i, e) in k.get(key).and_then(Value::as_array).into_iter().flatten().enumerate() {
            let (kind, name) = target_of(e);
            if let Some(p) = e.get("path").and_then(Value::as_str) {
                let path = normalize(&dir.join(p));
                refs.files.push(path.clone());
                refs.patches.push((PatchRef::File(path), kind, name));
            } else if e.get("patch").is_some_and(Value::is_string) {
                refs.patches.push((PatchRef::Inline(format!("/{key}/{i}/patch")), kind, name));
            }
        }
    }
    for (i, s) in strings_at(k.get("patchesStrategicMerge")) {
        if s.contains('\n') {
            refs.patches.push((PatchRef::Inline(format!("/patchesStrategicMerge/{i}")), None, None));
        } else {
            let path = normalize(&dir.join(s));
            refs.files.push(path.clone());
            refs.patches.push((PatchRef::File(path), None, None));
        }
    }
    for key in ["configMapGenerator", "secretGenerator"] {
        for g in k.get(key).and_then(Value::as_array).into_iter().flatten() {
            for field in ["files", "envs"] {
                for s in strings(g.get(field)) {
                    let s = s.split_once('=').map_or(s, |(_, path)| path);
                    refs.files.push(normalize(&dir.join(s)));
                }
            }
            if let Some(s) = g.get("env").and_then(Value::as_str) {
                refs.files.push(normalize(&dir.join(s)));
            }
        }
    }
    for e in k.get("replacements").and_then(Value::as_array).into_iter().flatten() {
        if let Some(p) = e.get("path").and_then(Value::as_str) {
            refs.files.push(normalize(&dir.join(p)));
        }
    }
    if let Some(p) = k.at("/openapi/path").and_then(Value::as_str) {
        refs.files.push(normalize(&dir.join(p)));
    }
    refs
}

/// Every kustomization directory under `repo_root` (gitignore-aware walk, hidden dirs skipped).
pub fn find_kustomizations(repo_root: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = ignore::WalkBuilder::new(repo_root)
        .build()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_some_and(|t| t.is_file()))
        .filter(|e| KUSTOMIZATION_NAMES.iter().any(|n| e.file_name() == *n))
        .filter_map(|e| e.path().parent().map(normalize))
        .collect();
    out.sort();
    out.dedup();
    out
}

/// The render roots among kustomization directories: those no other kustomization of the set
/// includes as a resource, base or component, and that are no `kind: Component` themselves.
pub fn roots_among(sources: &Sources, dirs: &[PathBuf]) -> Vec<PathBuf> {
    let mut included = BTreeSet::new();
    for dir in dirs {
        let Some(k) = load_kustomization(sources, dir) else { continue };
        let Some(doc) = k.first() else { continue };
        // A component is only built as part of the kustomizations that list it.
        if doc.value.get("kind").and_then(Value::as_str) == Some("Component") {
            included.insert(normalize(dir));
        }
        included.extend(references(dir, &doc.value).dirs);
    }
    dirs.iter().filter(|d| !included.contains(&normalize(d))).cloned().collect()
}

/// Discovers the render roots of a repository.
pub fn discover_roots(sources: &Sources) -> Vec<PathBuf> {
    roots_among(sources, &find_kustomizations(&sources.repo_root))
}

/// The kustomization directories a root reads, the root first (depth-first, each once), with
/// their kustomization files.
fn chain(sources: &Sources, root: &Path) -> Vec<(PathBuf, Arc<Source>, Refs)> {
    let mut out = Vec::new();
    let mut seen = BTreeSet::new();
    let mut todo = vec![normalize(root)];
    while let Some(dir) = todo.pop() {
        if !seen.insert(dir.clone()) || seen.len() > 1000 {
            continue;
        }
        let Some(k) = load_kustomization(sources, &dir) else { continue };
        let Some(refs) = k.first().map(|d| references(&dir, &d.value)) else { continue };
        todo.extend(refs.dirs.iter().rev().cloned());
        out.push((dir, k, refs));
    }
    out
}

/// Every file a render root reads (kustomization files, resources, patches, generator inputs):
/// these are linted through the rendered output, not also as plain files. Absolute, normalised.
pub fn consumed_files(sources: &Sources, root: &Path) -> Vec<PathBuf> {
    let root = std::fs::canonicalize(root).unwrap_or_else(|_| normalize(root));
    let mut out = BTreeSet::new();
    for (dir, _, refs) in chain(sources, &root) {
        if let Some(k) = kustomization_file(&dir) {
            out.insert(k);
        }
        out.extend(refs.files.into_iter().filter(|f| f.is_file()));
    }
    out.into_iter().collect()
}

/// Finds an executable on `PATH`.
pub fn which(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).map(|d| d.join(name)).find(|p| p.is_file())
}

/// The renderer found on PATH: `kustomize build` preferred, else `kubectl kustomize`.
pub fn renderer() -> Option<(PathBuf, &'static str)> {
    which("kustomize").map(|p| (p, "build")).or_else(|| which("kubectl").map(|p| (p, "kustomize")))
}

/// Where a rendered object came from, from its `config.kubernetes.io/origin` annotation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ObjectOrigin {
    /// A resource file (absolute, normalised).
    Resource(PathBuf),
    /// A generated object: the kustomization that configured it and the generator kind.
    Generated { kustomization: PathBuf, generator: String },
    /// A remote resource: no local file.
    Remote(String),
}

/// One patch document, in the file a person edits (an inline patch's spans are those of its
/// lines inside the kustomization).
struct PatchDoc {
    file: Arc<SourceFile>,
    doc: RawDocument,
    kind: Option<String>,
    name: Option<String>,
}

/// One rendered kustomize root: the rendered stream as documents, and what is needed to map
/// findings back to the files a person edits.
pub struct Rendered {
    /// The root, relative to the repository (`kubernetes/overlays/dev`).
    pub root: String,
    /// The rendered stream (virtual path `<root> (kustomize build)`), origin annotations removed.
    pub file: Arc<SourceFile>,
    pub documents: Vec<Document>,
    /// Per document, where it came from.
    pub origins: Vec<Option<ObjectOrigin>>,
    repo_root: PathBuf,
    kustomization: Option<Arc<SourceFile>>,
    sources: HashMap<PathBuf, Arc<Source>>,
    patches: Vec<PatchDoc>,
    kustomizations: Vec<Arc<Source>>,
}

/// Renders a kustomize root with the binary found on PATH and maps origins. A root that reads a
/// remote resource or base is refused before any process starts (no DNS lookup, no `git fetch`).
pub fn render(sources: &Sources, root: &Path) -> Result<Rendered, RenderError> {
    let repo_root = sources.repo_root.clone();
    let root = std::fs::canonicalize(root).map_err(|e| format!("{}: {e}", root.display()))?;
    if kustomization_file(&root).is_none() {
        return Err(format!("{}: no kustomization.yaml", display_path(&root, &repo_root)).into());
    }
    for (_, k, refs) in chain(sources, &root) {
        if let Some((url, pointer)) = refs.remote.first() {
            let span = k.first().map(|d| locate_value(&d.map, pointer)).unwrap_or_default();
            return Err(RenderError {
                message: format!(
                    "remote resource `{url}` needs the network, which ndlint never uses; vendor it into the repository and refer to the local copy"
                ),
                at: Some((k.file.clone(), span)),
            });
        }
    }
    let Some((bin, sub)) = renderer() else {
        return Err(
            "neither `kustomize` nor `kubectl` found on PATH; install one to lint this overlay as it deploys"
                .into(),
        );
    };
    let wrapper = TempDir::new("kustomize")?;
    let tmp_base = wrapper.0.parent().map(Path::to_path_buf).unwrap_or_default();
    // kustomize refuses absolute resource paths: go up to `/` from the wrapper, then down.
    let ups = wrapper.0.components().count().saturating_sub(1);
    let mut rel = PathBuf::new();
    for _ in 0..ups {
        rel.push("..");
    }
    rel.push(root.strip_prefix("/").unwrap_or(&root));
    let rel_str = rel.to_string_lossy().replace('\\', "/");
    let manifest = format!(
        "# generated by ndlint to render with origin annotations\napiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - {}\nbuildMetadata: [originAnnotations]\n",
        serde_json::to_string(&rel_str).unwrap_or_default()
    );
    std::fs::write(wrapper.0.join("kustomization.yaml"), manifest)
        .map_err(|e| format!("temporary directory: {e}"))?;
    let output = Command::new(&bin)
        .arg(sub)
        .arg("--load-restrictor")
        .arg("LoadRestrictionsRootOnly")
        .arg(&wrapper.0)
        .output()
        .map_err(|e| format!("could not run {}: {e}", bin.display()))?;
    let tool = if sub == "build" { "kustomize build" } else { "kubectl kustomize" };
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let shown = display_path(&root, &repo_root);
        let replace = [
            (rel.as_path(), shown.as_str()),
            (&wrapper.0, "<wrapper>"),
            (&repo_root, ""),
            (&tmp_base, "<tmp>"),
        ];
        let stderr = clean_render_error(&stderr, &replace);
        return Err(format!("`{tool}` failed: {stderr}").into());
    }
    let text = String::from_utf8(output.stdout).map_err(|_| format!("`{tool}` wrote invalid UTF-8"))?;
    let root_rel = display_path(&root, &repo_root);
    Ok(Rendered::from_output(sources, &root_rel, &root, &wrapper.0, text))
}

/// The span of the value at `pointer` in a source map (its nearest ancestor when missing).
fn locate_value(map: &SpanNode, pointer: &str) -> Span {
    let mut node = map;
    for seg in crate::document::pointer_segments(pointer) {
        match node.child(&seg) {
            Some(n) => node = n,
            None => break,
        }
    }
    node.value_span()
}

impl Rendered {
    /// Builds the rendered documents from `kustomize build` output of a wrapper at `wrapper_dir`.
    fn from_output(
        sources: &Sources,
        root_rel: &str,
        root: &Path,
        wrapper_dir: &Path,
        text: String,
    ) -> Rendered {
        let repo_root = &sources.repo_root;
        let file = SourceFile::new(format!("{root_rel} (kustomize build)"), text);
        let parsed = crate::parse::kubernetes_documents(&file);
        let mut documents = Vec::new();
        let mut origins = Vec::new();
        for mut doc in parsed.documents {
            let origin = take_origin(&mut doc).and_then(|o| parse_origin(&o, wrapper_dir));
            doc.origin = Some(Origin {
                description: match &origin {
                    Some(ObjectOrigin::Resource(p)) => {
                        format!("kustomize {root_rel}: {}", display_path(p, repo_root))
                    }
                    Some(ObjectOrigin::Generated { kustomization, generator }) => {
                        format!(
                            "kustomize {root_rel}: {generator} in {}",
                            display_path(kustomization, repo_root)
                        )
                    }
                    Some(ObjectOrigin::Remote(r)) => format!("kustomize {root_rel}: {r}"),
                    None => format!("kustomize {root_rel}"),
                },
            });
            documents.push(doc);
            origins.push(origin);
        }
        let mut r = Rendered {
            root: root_rel.to_string(),
            file,
            documents,
            origins,
            repo_root: repo_root.to_path_buf(),
            kustomization: None,
            sources: HashMap::new(),
            patches: Vec::new(),
            kustomizations: Vec::new(),
        };
        r.load_sources(sources, root);
        r
    }

    fn load_sources(&mut self, sources: &Sources, root: &Path) {
        for (_, k, refs) in chain(sources, root) {
            if self.kustomization.is_none() {
                self.kustomization = Some(k.file.clone());
            }
            for (patch, kind, name) in refs.patches {
                let docs: Vec<(Arc<SourceFile>, RawDocument)> = match &patch {
                    PatchRef::File(path) => match sources.get(path) {
                        Some(p) => p.documents().iter().map(|d| (p.file.clone(), d.clone())).collect(),
                        None => continue,
                    },
                    PatchRef::Inline(pointer) => inline_patch(&k, pointer),
                };
                for (file, doc) in docs {
                    let own = |key: &str| doc.value.at(key).and_then(Value::as_str).map(str::to_string);
                    let (kind, name) = (
                        kind.clone().or_else(|| own("/kind")),
                        name.clone().or_else(|| own("/metadata/name")),
                    );
                    self.patches.push(PatchDoc { file, doc, kind, name });
                }
            }
            self.kustomizations.push(k);
        }
        for o in &self.origins {
            if let Some(ObjectOrigin::Resource(path)) = o
                && !self.sources.contains_key(path)
                && let Some(src) = sources.get(path)
            {
                self.sources.insert(path.clone(), src);
            }
        }
    }

    /// Maps every finding on the rendered stream back to the files a person edits; findings on
    /// other files pass through unchanged.
    pub fn map_findings(&self, findings: Vec<Finding>) -> Vec<Finding> {
        findings.into_iter().map(|f| self.map_finding(f)).collect()
    }

    /// Maps one finding: to the exact field in the origin resource when its value there is the
    /// rendered one, else to the patch (or kustomization `images`/`replicas` entry) that sets it,
    /// else to the object in the origin file (approximate). The rendered position is kept as a
    /// related location.
    pub fn map_finding(&self, mut f: Finding) -> Finding {
        if !Arc::ptr_eq(&f.file, &self.file) {
            return f;
        }
        let Some(i) = self
            .documents
            .iter()
            .position(|d| d.extent.start <= f.span.start && f.span.start <= d.extent.end)
        else {
            return self.fallback(f);
        };
        let (doc, origin) = (&self.documents[i], self.origins.get(i).cloned().flatten());
        let rendered = Related {
            file: self.file.clone(),
            span: f.span,
            message: format!("rendered by kustomize from {}", self.root),
        };
        let pointer = f.pointer.clone().unwrap_or_default();
        let anchor = anchor_pointer(doc, &pointer);
        let rendered_node = doc.locate(&anchor).node;
        let want_key = points_at_key(rendered_node, f.span);
        let rendered_value = doc.value.at(&anchor);
        let kind = doc.kind().to_string();
        let name = doc.object.as_ref().and_then(|o| o.name.clone()).unwrap_or_default();
        let pick = |found: &Found<'_>| if want_key { found.node.key_span() } else { found.node.value_span() };

        match origin {
            Some(ObjectOrigin::Resource(path)) => {
                let Some(src) = self.sources.get(&path) else { return self.fallback(f) };
                let source_doc = best_match(src.documents(), &kind, &name);
                let source_name = source_doc
                    .and_then(|d| d.value.at("/metadata/name"))
                    .and_then(Value::as_str)
                    .unwrap_or(&name)
                    .to_string();
                if let Some(sd) = source_doc {
                    let found = follow(&doc.value, &anchor, &sd.value, &sd.map);
                    if anchor.is_empty() || (found.exact && same_scalar(found.value, rendered_value)) {
                        f.span = if anchor.is_empty() { head(sd) } else { pick(&found) };
                        f.file = src.file.clone();
                        f.related.push(rendered);
                        return f;
                    }
                }
                if let Some((file, span)) = self.set_by_patch(doc, &anchor, &kind, &source_name, want_key) {
                    f.file = file;
                    f.span = span;
                    f.related.push(rendered);
                    return f;
                }
                if let Some((file, span)) = self.set_by_transformer(&anchor, rendered_value, &source_name) {
                    f.file = file;
                    f.span = span;
                    f.related.push(rendered);
                    return f;
                }
                f.file = src.file.clone();
                f.span = source_doc.map_or(Span::default(), |sd| {
                    let found = follow(&doc.value, &anchor, &sd.value, &sd.map);
                    if found.exact { pick(&found) } else { head(sd) }
                });
                f.approximate = true;
                f.help = Some(format!(
                    "{}; the rendered value was set by the overlay {} (not found in its patches)",
                    f.help.take().unwrap_or_default(),
                    self.root
                ));
                f.related.push(rendered);
                f
            }
            Some(ObjectOrigin::Generated { kustomization, .. }) => {
                let k = self
                    .kustomizations
                    .iter()
                    .find(|k| normalize(&self.repo_root.join(&k.file.path)) == kustomization)
                    .and_then(|k| Some((k, k.first()?)));
                match k {
                    Some((k, doc)) => {
                        f.span = generator_span(&doc.value, &doc.map, &name).unwrap_or(doc.map.value);
                        f.file = k.file.clone();
                        f.approximate = true;
                        f.related.push(rendered);
                        f
                    }
                    None => self.fallback(f),
                }
            }
            _ => self.fallback(f),
        }
    }

    /// A finding with no local origin: on the root's kustomization file, approximate.
    fn fallback(&self, mut f: Finding) -> Finding {
        if let Some(k) = &self.kustomization
            && Arc::ptr_eq(&f.file, &self.file)
        {
            f.related.push(Related {
                file: self.file.clone(),
                span: f.span,
                message: format!("rendered by kustomize from {}", self.root),
            });
            f.file = k.clone();
            f.span = Span::new(0, k.text.find('\n').unwrap_or(k.text.len()));
            f.approximate = true;
        }
        f
    }

    fn set_by_patch(
        &self,
        doc: &Document,
        anchor: &str,
        kind: &str,
        name: &str,
        want_key: bool,
    ) -> Option<(Arc<SourceFile>, Span)> {
        for p in &self.patches {
            if p.kind.as_deref().is_some_and(|k| k != kind) || p.name.as_deref().is_some_and(|n| n != name) {
                continue;
            }
            if let Value::Array(ops) = &p.doc.value {
                // JSON 6902: an op whose path is the field or one of its ancestors.
                let Children::Seq(nodes) = &p.doc.map.children else { continue };
                for (op, node) in ops.iter().zip(nodes) {
                    let Some(path) = op.get("path").and_then(Value::as_str) else { continue };
                    let rest = if anchor == path {
                        Some("")
                    } else {
                        anchor.strip_prefix(path).filter(|r| r.starts_with('/'))
                    };
                    let (Some(rest), Some(vnode), Some(v)) = (rest, node.child("value"), op.get("value"))
                    else {
                        continue;
                    };
                    let sub = doc.value.at(path).unwrap_or(&Value::Null);
                    let found = follow(sub, rest, v, vnode);
                    if found.exact {
                        return Some((
                            p.file.clone(),
                            if want_key { found.node.key_span() } else { found.node.value_span() },
                        ));
                    }
                }
                continue;
            }
            if p.doc.value.is_object() && !anchor.is_empty() {
                let found = follow(&doc.value, anchor, &p.doc.value, &p.doc.map);
                if found.exact {
                    return Some((
                        p.file.clone(),
                        if want_key { found.node.key_span() } else { found.node.value_span() },
                    ));
                }
            }
        }
        None
    }

    /// The kustomization `images:` entry that set a container image, or `replicas:` entry.
    fn set_by_transformer(
        &self,
        anchor: &str,
        rendered: Option<&Value>,
        name: &str,
    ) -> Option<(Arc<SourceFile>, Span)> {
        for k in &self.kustomizations {
            let Some(doc) = k.first() else { continue };
            let (file, value, map) = (&k.file, &doc.value, &doc.map);
            if anchor.ends_with("/image") {
                let image = rendered.and_then(Value::as_str).unwrap_or("");
                let entries = value.get("images").and_then(Value::as_array);
                for (i, e) in entries.into_iter().flatten().enumerate() {
                    let target =
                        e.get("newName").or_else(|| e.get("name")).and_then(Value::as_str).unwrap_or("\u{0}");
                    let rest = image.strip_prefix(target);
                    if rest.is_some_and(|r| r.is_empty() || r.starts_with(':') || r.starts_with('@')) {
                        let item = map.child("images")?.child(&i.to_string())?;
                        let field = ["newTag", "digest", "newName"].iter().find_map(|k| item.child(k));
                        return Some((file.clone(), field.map_or(item.value, SpanNode::value_span)));
                    }
                }
            }
            if let Some(span) = metadata_transformer(anchor, value, map) {
                return Some((file.clone(), span));
            }
            if anchor == "/spec/replicas" {
                let entries = value.get("replicas").and_then(Value::as_array);
                for (i, e) in entries.into_iter().flatten().enumerate() {
                    if e.get("name").and_then(Value::as_str) == Some(name) {
                        let item = map.child("replicas")?.child(&i.to_string())?;
                        return Some((
                            file.clone(),
                            item.child("count").map_or(item.value, SpanNode::value_span),
                        ));
                    }
                }
            }
        }
        None
    }
}

/// The kustomization entry that adds a label (`labels[].pairs`, `commonLabels`), an annotation
/// (`commonAnnotations`) or sets the namespace (`namespace`).
fn metadata_transformer(anchor: &str, k: &Value, map: &SpanNode) -> Option<Span> {
    if anchor == "/metadata/namespace" {
        return map.child("namespace").map(SpanNode::value_span);
    }
    let (parent, key) = anchor.rsplit_once('/')?;
    let key = key.replace("~1", "/").replace("~0", "~");
    if parent.ends_with("/labels") || parent.ends_with("/matchLabels") {
        let entries = k.get("labels").and_then(Value::as_array);
        for (i, e) in entries.into_iter().flatten().enumerate() {
            if e.at("/pairs").and_then(|p| p.get(&key)).is_some() {
                let pairs = map.child("labels")?.child(&i.to_string())?.child("pairs")?;
                return pairs.child(&key).map(SpanNode::value_span);
            }
        }
        return map.child("commonLabels")?.child(&key).map(SpanNode::value_span);
    }
    if parent.ends_with("/annotations") {
        return map.child("commonAnnotations")?.child(&key).map(SpanNode::value_span);
    }
    None
}

fn same_scalar(a: Option<&Value>, b: Option<&Value>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) if !a.is_object() && !a.is_array() => a == b,
        (Some(_), Some(_)) => true,
        _ => false,
    }
}

fn head(d: &RawDocument) -> Span {
    ["kind", "apiVersion"]
        .iter()
        .filter_map(|k| d.map.child(k).map(SpanNode::key_span))
        .min()
        .unwrap_or(d.map.value)
}

/// The document of `kind` whose name the rendered name contains (allowing `namePrefix`,
/// `nameSuffix` and generator hashes); the longest such name wins.
fn best_match<'d>(docs: &'d [RawDocument], kind: &str, rendered_name: &str) -> Option<&'d RawDocument> {
    docs.iter()
        .filter(|d| d.value.get("kind").and_then(Value::as_str) == Some(kind))
        .filter_map(|d| {
            let n = d.value.at("/metadata/name").and_then(Value::as_str)?;
            rendered_name.contains(n).then_some((n.len(), d))
        })
        .max_by_key(|(len, _)| *len)
        .map(|(_, d)| d)
}

fn generator_span(k: &Value, map: &SpanNode, rendered_name: &str) -> Option<Span> {
    for key in ["configMapGenerator", "secretGenerator"] {
        for (i, g) in k.get(key).and_then(Value::as_array).into_iter().flatten().enumerate() {
            let n = g.get("name").and_then(Value::as_str).unwrap_or("\u{0}");
            if rendered_name.contains(n) {
                let item = map.child(key)?.child(&i.to_string())?;
                return Some(item.child("name").map_or(item.value, SpanNode::value_span));
            }
        }
    }
    None
}

/// The documents of an inline patch (the string at `pointer` in a kustomization), with spans on
/// its lines inside the kustomization. Only literal block scalars (`patch: |`) map line by line;
/// other forms of string point at the string as a whole.
fn inline_patch(k: &Source, pointer: &str) -> Vec<(Arc<SourceFile>, RawDocument)> {
    let Some(doc) = k.first() else { return Vec::new() };
    let Some(text) = doc.value.at(pointer).and_then(Value::as_str) else { return Vec::new() };
    let scalar = locate_value(&doc.map, pointer);
    let outer = &k.file;
    let virtual_file =
        SourceFile::new(format!("{} (inline patch at {pointer})", outer.path), text.to_string());
    let mut docs = parse_stream(&virtual_file).documents;
    // A literal block scalar (`patch: |-`): its content starts on the line after the indicator;
    // saphyr's span starts at the indicator or at the content.
    let raw = &outer.text[scalar.start as usize..(scalar.end as usize).min(outer.text.len())];
    let line = outer.line_col(scalar.start).line;
    let indicator_above = line > 1 && {
        let above = outer.line_text(line - 1).trim_end();
        above.rsplit([' ', '\t']).next().is_some_and(|t| t.starts_with('|'))
    };
    let literal = raw.starts_with('|') || indicator_above;
    let first_line = if raw.starts_with('|') { line + 1 } else { line };
    let indent = outer
        .text
        .get(outer.line_start(first_line)..)
        .map_or(0, |rest| rest.len() - rest.trim_start_matches(' ').len());
    let translate = |span: Span| -> Span {
        if !literal {
            return scalar;
        }
        let at = |offset: u32| {
            let lc = virtual_file.line_col(offset);
            let line = first_line + lc.line - 1;
            let byte_col = offset as usize - virtual_file.line_start(lc.line);
            let start = outer.line_start(line);
            let end = outer.line_start(line + 1).min(outer.text.len());
            (start + indent + byte_col).min(end)
        };
        Span::new(at(span.start), at(span.end))
    };
    for d in &mut docs {
        translate_spans(&mut d.map, &translate);
        d.extent = translate(d.extent);
    }
    docs.into_iter().map(|d| (outer.clone(), d)).collect()
}

fn translate_spans(node: &mut SpanNode, f: &impl Fn(Span) -> Span) {
    node.key = node.key.map(f);
    node.value = f(node.value);
    node.via_alias = node.via_alias.map(f);
    match &mut node.children {
        Children::Map(entries) => entries.iter_mut().for_each(|(_, n)| translate_spans(n, f)),
        Children::Seq(items) => items.iter_mut().for_each(|n| translate_spans(n, f)),
        Children::None => {}
    }
}

/// Removes the annotations kustomize injected for ndlint (value and source map alike) and returns
/// the origin annotation's text.
fn take_origin(doc: &mut Document) -> Option<String> {
    let mut origin = None;
    let annotations = doc.value.pointer_mut("/metadata/annotations").and_then(Value::as_object_mut)?;
    for key in INJECTED_ANNOTATIONS {
        if let Some(v) = annotations.remove(*key)
            && *key == ORIGIN_ANNOTATION
        {
            origin = v.as_str().map(str::to_string);
        }
    }
    let now_empty = annotations.is_empty();
    if now_empty && let Some(meta) = doc.value.get_mut("metadata").and_then(Value::as_object_mut) {
        meta.remove("annotations");
    }
    if let Some(meta) = match &mut doc.map.children {
        Children::Map(entries) => entries.iter_mut().find(|(k, _)| &**k == "metadata").map(|(_, n)| n),
        _ => None,
    } && let Children::Map(entries) = &mut meta.children
    {
        if now_empty {
            entries.retain(|(k, _)| &**k != "annotations");
        } else if let Some((_, ann)) = entries.iter_mut().find(|(k, _)| &**k == "annotations")
            && let Children::Map(items) = &mut ann.children
        {
            items.retain(|(k, _)| !INJECTED_ANNOTATIONS.contains(&&**k));
        }
    }
    origin
}

fn parse_origin(text: &str, wrapper_dir: &Path) -> Option<ObjectOrigin> {
    let file = SourceFile::new("<origin annotation>", text);
    let v = parse_stream(&file).documents.into_iter().next()?.value;
    let s = |k: &str| v.get(k).and_then(Value::as_str);
    if let Some(repo) = s("repo") {
        return Some(ObjectOrigin::Remote(format!(
            "{repo}{}",
            s("path").map(|p| format!("//{p}")).unwrap_or_default()
        )));
    }
    if let Some(p) = s("path") {
        return Some(ObjectOrigin::Resource(normalize(&wrapper_dir.join(p))));
    }
    let kustomization = normalize(&wrapper_dir.join(s("configuredIn")?));
    let generator = v.at("/configuredBy/kind").and_then(Value::as_str).unwrap_or("generator").to_string();
    Some(ObjectOrigin::Generated { kustomization, generator })
}

/// Reports once a finding that several overlays produce at the same source position, listing
/// the overlays. Pairs are (overlay root, finding).
pub fn merge_overlays(findings: Vec<(String, Finding)>) -> Vec<Finding> {
    crate::parse::rendered::merge_variants(findings)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_patches_keep_their_lines_in_the_kustomization() {
        let dir = tempfile_dir();
        let k = "resources:\n  - base\npatches:\n  - target: {kind: Deployment}\n    patch: |-\n      kind: Deployment\n      spec:\n        replicas: 3\n";
        std::fs::write(dir.join("kustomization.yaml"), k).unwrap();
        let sources = Sources::new(&dir);
        let source = sources.get(&dir.join("kustomization.yaml")).unwrap();
        let docs = inline_patch(&source, "/patches/0/patch");
        let (file, doc) = &docs[0];
        let replicas = doc.map.child("spec").and_then(|n| n.child("replicas")).unwrap();
        let lc = file.line_col(replicas.value.start);
        assert_eq!((lc.line, lc.column), (8, 19), "{}", file.line_text(lc.line));
        std::fs::remove_dir_all(dir).unwrap();
    }

    fn tempfile_dir() -> PathBuf {
        let dir = std::env::temp_dir().join(format!("ndlint-kustomize-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn parses_resource_and_generator_origins() {
        let w = Path::new("/tmp/w");
        assert_eq!(
            parse_origin("path: ../repo/base/d.yaml\n", w),
            Some(ObjectOrigin::Resource(PathBuf::from("/tmp/repo/base/d.yaml")))
        );
        assert_eq!(
            parse_origin(
                "configuredIn: ../repo/base/kustomization.yaml\nconfiguredBy:\n  apiVersion: builtin\n  kind: ConfigMapGenerator\n",
                w
            ),
            Some(ObjectOrigin::Generated {
                kustomization: PathBuf::from("/tmp/repo/base/kustomization.yaml"),
                generator: "ConfigMapGenerator".into()
            })
        );
    }
}
