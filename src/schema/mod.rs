//! Offline Kubernetes schema validation: embedded strict schemas per Kubernetes minor version,
//! CustomResourceDefinition schemas from the run, and `schema-*` findings at exact spans.
//!
//! # Data
//!
//! `data/v1.NN.json.gz` are the `_definitions.json` of the `-local-strict` schemas shipped by the
//! PyPI package `kubernetes-validate` (see `data/manifest.json` for the wheel version and sha256),
//! with annotations stripped, minified and gzipped by `scripts/update-schemas.py`. They are
//! embedded with `include_bytes!`; nothing is read from disk or the network at lint time.
//!
//! # Use
//!
//! ```no_run
//! # use ndlint::schema::SchemaValidator;
//! # fn run(docs: &[ndlint::document::Document]) -> Result<(), String> {
//! let mut schemas = SchemaValidator::new("1.33")?; // `SchemaValidator::default_version()` is the newest
//! let mut findings = schemas.add_crds(docs); // CRDs among the run's documents (bad CRD schemas → findings)
//! for doc in docs {
//!     schemas.check(doc, &mut findings); // `&self`: call from any number of threads
//! }
//! ndlint::schema::SchemaValidator::finish(&mut findings); // once per run: dedupe per-kind infos
//! # Ok(()) }
//! ```
//!
//! `check` looks the object's apiVersion/kind up among the embedded Kubernetes kinds of the chosen
//! version (map built from `x-kubernetes-group-version-kind`), then among the CRDs of the run and
//! of `--crd-dir`, then in the embedded CRD catalog ([`catalog`]); validators are
//! compiled on first use per (version, kind) and cached in the validator, which is `Sync`. Each
//! validation error becomes one finding: `schema-unknown-field` at the unknown key (with the closest
//! defined field as a suggestion, for the embedded schemas),
//! `schema-type`/`schema-enum`/`schema-invalid` at the offending value, `schema-required` at the
//! object missing the field. Kinds without a schema give one `schema-unknown-kind` (info) and
//! served CRD versions without a schema one `schema-missing` (info) per kind and run, after
//! [`SchemaValidator::finish`].

pub mod catalog;
pub mod crd;

use crate::document::Lookup;
use std::collections::HashMap;
use std::io::Read;
use std::sync::{Arc, RwLock};

use jsonschema::error::ValidationErrorKind;
use jsonschema::{Draft, JsonType, PatternOptions, Registry, ValidationError, Validator};
use serde_json::Value;

use crate::document::{Document, pointer_push, pointer_segments};
use crate::finding::{Finding, FindingSource, Severity};
use crate::rules::{RuleInfo, RuleMeta};
use crate::source::Span;

/// Base URI of the embedded definitions; `$ref`s point into its `$defs`.
pub const DEFS_URI: &str = "https://kubernetes.io/api/_definitions.json";

const DATA: &[(&str, &[u8])] = &[
    ("1.28", include_bytes!("data/v1.28.json.gz")),
    ("1.29", include_bytes!("data/v1.29.json.gz")),
    ("1.30", include_bytes!("data/v1.30.json.gz")),
    ("1.31", include_bytes!("data/v1.31.json.gz")),
    ("1.32", include_bytes!("data/v1.32.json.gz")),
    ("1.33", include_bytes!("data/v1.33.json.gz")),
    ("1.34", include_bytes!("data/v1.34.json.gz")),
    ("1.35", include_bytes!("data/v1.35.json.gz")),
    ("1.36", include_bytes!("data/v1.36.json.gz")),
    ("1.37", include_bytes!("data/v1.37.json.gz")),
];

const VERSIONS: &[&str] = &["1.28", "1.29", "1.30", "1.31", "1.32", "1.33", "1.34", "1.35", "1.36", "1.37"];

/// Group, version and kind of an object (`apps`, `v1`, `Deployment`; the core group is empty).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Gvk {
    pub group: String,
    pub version: String,
    pub kind: String,
}

impl Gvk {
    pub fn new(group: &str, version: &str, kind: &str) -> Gvk {
        Gvk { group: group.into(), version: version.into(), kind: kind.into() }
    }

    /// Splits an `apiVersion` (`apps/v1`, `v1`) and pairs it with a kind.
    pub fn from_api_version(api_version: &str, kind: &str) -> Gvk {
        match api_version.split_once('/') {
            Some((g, v)) => Gvk::new(g, v, kind),
            None => Gvk::new("", api_version, kind),
        }
    }

    pub fn api_version(&self) -> String {
        if self.group.is_empty() { self.version.clone() } else { format!("{}/{}", self.group, self.version) }
    }
}

/// A compiled validator, or why there is none (kept so a failure is not retried per document).
type Compiled = Result<Arc<Validator>, String>;

/// Keeps the validator a document is checked with alive.
enum Holder {
    Builtin(Arc<Validator>),
    Catalog(Arc<crd::CatalogSchema>),
}

impl Holder {
    fn validator(&self) -> &Validator {
        match self {
            Holder::Builtin(v) => v,
            Holder::Catalog(schema) => &schema.validator,
        }
    }
}

/// Validates Kubernetes objects against the embedded schemas of one Kubernetes version and the
/// CRDs added to it. Shared by reference across threads.
pub struct SchemaValidator {
    version: &'static str,
    registry: Registry<'static>,
    /// The definitions themselves, for "did you mean" suggestions.
    defs: Value,
    /// GVK → `$defs` key of the embedded definitions.
    kinds: HashMap<Gvk, Box<str>>,
    /// (group, kind) → versions served by this Kubernetes version, for messages.
    served: HashMap<(String, String), Vec<String>>,
    cache: RwLock<HashMap<Box<str>, Compiled>>,
    crds: crd::CrdSet,
    /// `--ignore-missing-schemas`: custom resources without a schema are not reported.
    ignore_missing: bool,
}

impl std::fmt::Debug for SchemaValidator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SchemaValidator").field("version", &self.version).finish_non_exhaustive()
    }
}

impl SchemaValidator {
    /// The embedded Kubernetes minor versions, oldest first.
    pub fn supported_versions() -> &'static [&'static str] {
        VERSIONS
    }

    /// The newest embedded version, the default of `--kube-version`.
    pub fn default_version() -> &'static str {
        VERSIONS.last().copied().unwrap_or("1.37")
    }

    /// Loads the schemas of a Kubernetes version (`1.33`, `v1.33`, `1.33.4`). Unknown versions are an
    /// error listing the embedded ones.
    pub fn new(kube_version: &str) -> Result<Self, String> {
        let wanted = normalize_version(kube_version);
        let Some(&(version, bytes)) = DATA.iter().find(|(v, _)| Some(*v) == wanted.as_deref()) else {
            return Err(format!(
                "no schemas for Kubernetes `{kube_version}`; ndlint embeds {}",
                VERSIONS.join(", ")
            ));
        };
        let mut text = Vec::new();
        flate2::read::GzDecoder::new(bytes)
            .read_to_end(&mut text)
            .map_err(|e| format!("embedded schemas for {version} are corrupt: {e}"))?;
        let defs: Value = serde_json::from_slice(&text)
            .map_err(|e| format!("embedded schemas for {version} are corrupt: {e}"))?;
        let mut kinds = HashMap::new();
        let mut served: HashMap<(String, String), Vec<String>> = HashMap::new();
        if let Some(map) = defs.get("$defs").and_then(Value::as_object) {
            for (name, def) in map {
                let gvks = def.get("x-kubernetes-group-version-kind").and_then(Value::as_array);
                for gvk in gvks.into_iter().flatten() {
                    let field = |k: &str| gvk.get(k).and_then(Value::as_str).unwrap_or("");
                    let gvk = Gvk::new(field("group"), field("version"), field("kind"));
                    // DeleteOptions and WatchEvent are listed under every group; they are not objects.
                    if matches!(gvk.kind.as_str(), "DeleteOptions" | "WatchEvent") && name.contains("meta.v1")
                    {
                        continue;
                    }
                    served
                        .entry((gvk.group.clone(), gvk.kind.clone()))
                        .or_default()
                        .push(gvk.version.clone());
                    kinds.insert(gvk, name.clone().into_boxed_str());
                }
            }
        }
        for versions in served.values_mut() {
            versions.sort();
        }
        let registry = Registry::new()
            .add(DEFS_URI, defs.clone())
            .and_then(|b| b.prepare())
            .map_err(|e| format!("embedded schemas for {version} do not load: {e}"))?;
        Ok(SchemaValidator {
            version,
            registry,
            defs,
            kinds,
            served,
            cache: RwLock::new(HashMap::new()),
            crds: crd::CrdSet::default(),
            ignore_missing: false,
        })
    }

    /// The Kubernetes minor version these schemas describe.
    pub fn version(&self) -> &'static str {
        self.version
    }

    /// Number of kinds (GVKs) with an embedded schema.
    pub fn kind_count(&self) -> usize {
        self.kinds.len()
    }

    /// True when a GVK has an embedded Kubernetes schema.
    pub fn is_builtin(&self, gvk: &Gvk) -> bool {
        self.kinds.contains_key(gvk)
    }

    /// Registers the schemas of every `CustomResourceDefinition` among `docs`. CRDs whose schema
    /// cannot be used are returned as findings on the CRD.
    pub fn add_crds(&mut self, docs: &[Document]) -> Vec<Finding> {
        let mut out = Vec::new();
        for doc in docs {
            if crd::is_crd(doc) {
                self.crds.add(doc, &self.registry, &mut out);
            }
        }
        out
    }

    /// Registers CRDs from a directory (`--crd-dir`): every `.yaml`/`.yml`/`.json` file under it,
    /// recursively. CRD manifests are added like [`SchemaValidator::add_crds`]; JSON schemas laid out
    /// like the datreeio/CRDs-catalog (`{group}/{kind}_{version}.json`) are used as they are. Other
    /// files are ignored; unreadable files and catalog schemas that do not compile are an error.
    pub fn add_crd_dir(&mut self, dir: &std::path::Path) -> Result<Vec<Finding>, String> {
        let mut files = Vec::new();
        collect_files(dir, &mut files).map_err(|e| format!("{}: {e}", dir.display()))?;
        files.sort();
        let mut out = Vec::new();
        for path in files {
            let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            if path.extension().is_some_and(|e| e == "json")
                && let Ok(schema) = serde_json::from_slice::<Value>(&bytes)
                && schema.get("kind").is_none()
            {
                self.crds.add_catalog_schema(&path, &schema, &self.registry)?;
                continue;
            }
            let file = match crate::parse::decode(path.to_string_lossy().replace('\\', "/"), bytes) {
                Ok(f) => f,
                Err(f) => {
                    out.push(*f);
                    continue;
                }
            };
            let parsed = crate::parse::kubernetes_documents(&file);
            out.extend(parsed.findings);
            out.extend(self.add_crds(&parsed.documents));
        }
        Ok(out)
    }

    /// Number of (group, version, kind) schemas registered from CRDs.
    pub fn crd_count(&self) -> usize {
        self.crds.len()
    }

    /// Validates one document; appends one finding per schema error.
    pub fn check(&self, doc: &Document, out: &mut Vec<Finding>) {
        let Some(object) = &doc.object else { return };
        let gvk = Gvk::from_api_version(&object.api_version, &object.kind);
        let held;
        let validator: &Validator = if let Some(def) = self.kinds.get(&gvk) {
            match self.builtin_validator(def) {
                Ok(v) => {
                    held = Holder::Builtin(v);
                    held.validator()
                }
                Err(_) => return,
            }
        } else {
            match self.crds.lookup(&gvk, &self.registry) {
                crd::Lookup::Schema(v) => {
                    held = Holder::Builtin(v);
                    held.validator()
                }
                crd::Lookup::Catalog(schema) => {
                    for bad in &schema.bad_patterns {
                        let msg = format!(
                            "{} of {} {}: {}; that field goes unchecked, the rest of the schema applies",
                            schema.source,
                            object.kind,
                            object.api_version,
                            bad.describe(),
                        );
                        out.push(finding(doc, &PATTERN_UNSUPPORTED, "", doc.head_span(), msg));
                    }
                    held = Holder::Catalog(schema);
                    held.validator()
                }
                crd::Lookup::Missing(reason) => {
                    let msg = format!("no schema for {} {}: {reason}", object.api_version, object.kind);
                    out.push(finding(doc, &MISSING, "", doc.head_span(), msg));
                    return;
                }
                crd::Lookup::Unknown if self.ignore_missing && self.is_custom_group(&gvk.group) => return,
                crd::Lookup::Unknown => {
                    out.push(finding(
                        doc,
                        &UNKNOWN_KIND,
                        "",
                        doc.head_span(),
                        self.unknown_kind_message(&gvk),
                    ));
                    return;
                }
            }
        };
        if validator.is_valid(&doc.value) {
            return;
        }
        let cx = Cx { label: object.kind.as_str(), defs: &self.defs };
        let before = out.len();
        for error in validator.iter_errors(&doc.value) {
            convert(doc, &cx, &error, out);
        }
        dedupe_tail(out, before);
    }

    /// Validates every document, then applies [`SchemaValidator::finish`]. For tests and embedding.
    pub fn check_all(&self, docs: &[Document]) -> Vec<Finding> {
        let mut out = Vec::new();
        for doc in docs {
            self.check(doc, &mut out);
        }
        Self::finish(&mut out);
        out
    }

    /// Run-level post-processing, once, after every document was checked: keeps only the first
    /// (in report order) `schema-unknown-kind`/`schema-missing` finding of each kind, noting how many
    /// objects it stands for. Deterministic whatever the thread scheduling.
    pub fn finish(findings: &mut Vec<Finding>) {
        let once = |f: &Finding| {
            *f.rule == *UNKNOWN_KIND.id
                || *f.rule == *MISSING.id
                || (f.pointer.as_deref() == Some("") && *f.rule == *PATTERN_UNSUPPORTED.id)
        };
        let mut groups: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, f) in findings.iter().enumerate() {
            if once(f) {
                groups.entry(format!("{}\0{}", f.rule, f.message)).or_default().push(i);
            }
        }
        let mut drop = vec![false; findings.len()];
        for idx in groups.values() {
            let Some(&first) =
                idx.iter().min_by(|&&a, &&b| findings[a].sort_key().cmp(&findings[b].sort_key()))
            else {
                continue;
            };
            for &i in idx {
                drop[i] = i != first;
            }
            if idx.len() > 1 && *findings[first].rule != *PATTERN_UNSUPPORTED.id {
                let more = idx.len() - 1;
                let f = &mut findings[first];
                f.message.push_str(&format!(
                    " (and {more} more object{} of this kind)",
                    if more == 1 { "" } else { "s" }
                ));
            }
        }
        let mut i = 0;
        findings.retain(|_| {
            let keep = !drop[i];
            i += 1;
            keep
        });
    }

    /// With `ignore`, a custom resource whose schema is nowhere (no CRD of the run, of `--crd-dir`
    /// or of the embedded catalog) is not reported (`--ignore-missing-schemas`, config
    /// `ignore-missing-schemas`). Unknown kinds of Kubernetes' own groups (a typo, a removed API)
    /// are reported either way.
    pub fn ignore_missing_schemas(&mut self, ignore: bool) {
        self.ignore_missing = ignore;
    }

    /// A group no Kubernetes version serves: `example.com`, not `apps` or `batch`.
    fn is_custom_group(&self, group: &str) -> bool {
        group.contains('.') && !self.served.keys().any(|(g, _)| g == group)
    }

    fn unknown_kind_message(&self, gvk: &Gvk) -> String {
        let api = gvk.api_version();
        match self.served.get(&(gvk.group.clone(), gvk.kind.clone())) {
            Some(versions) => {
                let served: Vec<String> =
                    versions.iter().map(|v| Gvk::new(&gvk.group, v, &gvk.kind).api_version()).collect();
                format!(
                    "{} {api} is not served by Kubernetes {}, which serves {}",
                    gvk.kind,
                    self.version,
                    served.join(", ")
                )
            }
            None if self.is_custom_group(&gvk.group) => {
                let embedded = if catalog::has_group(&gvk.group) {
                    format!("ndlint embeds schemas of {} but not of this kind and version", gvk.group)
                } else {
                    format!("ndlint embeds no schema of the group {}", gvk.group)
                };
                format!(
                    "no schema for {} {api}: no CustomResourceDefinition of the run or of --crd-dir defines it and {embedded}; \
add its CRD to the checked files, point --crd-dir at it, \
or pass --ignore-missing-schemas",
                    gvk.kind
                )
            }
            None => format!("{} {api} is not a Kubernetes {} kind", gvk.kind, self.version),
        }
    }

    fn builtin_validator(&self, def: &str) -> Compiled {
        if let Ok(cache) = self.cache.read()
            && let Some(v) = cache.get(def)
        {
            return v.clone();
        }
        let compiled = self.compile_builtin(def);
        if let Ok(mut cache) = self.cache.write() {
            return cache.entry(def.into()).or_insert(compiled).clone();
        }
        compiled
    }

    fn compile_builtin(&self, def: &str) -> Compiled {
        let mut reference = format!("{DEFS_URI}#/$defs");
        pointer_push(&mut reference, def);
        let schema = serde_json::json!({ "$ref": reference });
        jsonschema::options()
            .with_draft(Draft::Draft202012)
            .offline()
            .with_registry(&self.registry)
            .with_pattern_options(PatternOptions::regex())
            .should_validate_formats(false)
            .build(&schema)
            .map(Arc::new)
            .map_err(|e| e.to_string())
    }
}

fn collect_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        let ty = entry.file_type()?;
        if ty.is_dir() {
            collect_files(&path, out)?;
        } else if path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| matches!(e, "yaml" | "yml" | "json"))
        {
            out.push(path);
        }
    }
    Ok(())
}

/// `1.33`, `v1.33`, `1.33.4` → `1.33`.
fn normalize_version(v: &str) -> Option<String> {
    let v = v.trim().trim_start_matches('v');
    let mut parts = v.split('.');
    let major = parts.next()?.parse::<u32>().ok()?;
    let minor = parts.next()?.parse::<u32>().ok()?;
    Some(format!("{major}.{minor}"))
}

/// Drops exact duplicates (same rule, span, message) among findings appended since `from`.
fn dedupe_tail(out: &mut Vec<Finding>, from: usize) {
    let mut seen = std::collections::HashSet::new();
    let mut i = 0;
    out.retain(|f| {
        let keep = i < from || seen.insert((f.rule.clone(), f.span, f.message.clone()));
        i += 1;
        keep
    });
}

pub(crate) fn finding(
    doc: &Document,
    meta: &'static RuleMeta,
    pointer: &str,
    span: Span,
    message: String,
) -> Finding {
    let mut f = Finding::new(meta.id, meta.severity, message, doc.file.clone(), span);
    f.help = Some(meta.help.to_string());
    f.pointer = Some(pointer.to_string());
    f.object = doc.object.clone();
    f.origin = doc.origin.as_ref().map(|o| o.description.clone());
    f.source = FindingSource::Schema;
    f
}

/// `Deployment.spec.template.spec.containers[0].env[1]`: the kind, then the path with array indices.
pub fn display_path(label: &str, root: &Value, pointer: &str) -> String {
    let mut out = label.to_string();
    let mut node = Some(root);
    for seg in pointer_segments(pointer) {
        match node {
            Some(Value::Array(items)) => {
                out.push_str(&format!("[{seg}]"));
                node = seg.parse::<usize>().ok().and_then(|i| items.get(i));
            }
            _ => {
                let plain =
                    !seg.is_empty() && seg.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
                if plain {
                    out.push('.');
                    out.push_str(&seg);
                } else {
                    out.push_str(&format!("[{seg:?}]"));
                }
                node = node.and_then(|n| n.get(&*seg));
            }
        }
    }
    out
}

/// Where a value finding goes: the value's span (the alias site when aliased), else the nearest ancestor's key.
fn value_span(doc: &Document, pointer: &str) -> Span {
    let located = doc.locate(pointer);
    if located.exact { located.node.value_span() } else { located.node.key_span() }
}

/// The span of the object that owns a missing field: its key (`spec:`), the `- ` item, or the object head.
fn owner_span(doc: &Document, pointer: &str) -> Span {
    if pointer.is_empty() {
        return doc.head_span();
    }
    doc.locate(pointer).node.key_span()
}

fn type_name(t: JsonType) -> &'static str {
    match t {
        JsonType::Null => "null",
        JsonType::Boolean => "a boolean",
        JsonType::Integer => "an integer",
        JsonType::Number => "a number",
        JsonType::String => "a string",
        JsonType::Array => "a list",
        JsonType::Object => "a mapping",
    }
}

fn value_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(n) if n.is_f64() => "a number",
        Value::Number(_) => "an integer",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a mapping",
    }
}

fn join_alternatives(mut names: Vec<&'static str>) -> String {
    names.dedup();
    match names.len() {
        0 => "something else".into(),
        1 => names[0].into(),
        n => format!("{} or {}", names[..n - 1].join(", "), names[n - 1]),
    }
}

/// Expected types of a `type` error, without `null` (which every field accepts and no one means).
fn expected_types(kind: &jsonschema::error::TypeKind) -> Vec<JsonType> {
    let types: Vec<JsonType> = match kind {
        jsonschema::error::TypeKind::Single(t) => vec![*t],
        jsonschema::error::TypeKind::Multiple(set) => set.iter().collect(),
    };
    let non_null: Vec<JsonType> = types.iter().copied().filter(|t| *t != JsonType::Null).collect();
    if non_null.is_empty() { types } else { non_null }
}

/// Describes the offending value for a type error without echoing strings (which may be secrets).
fn describe_value(doc: &Document, span: Span, v: &Value) -> String {
    let ty = value_type(v);
    match v {
        Value::Bool(_) | Value::Number(_) | Value::Null => {
            let src = doc.file.text.get(span.start as usize..span.end as usize).unwrap_or("").trim();
            let shown = v.to_string();
            if !src.is_empty() && src != shown && src.len() <= 16 && !src.contains('\n') {
                format!("{ty} ({shown}: YAML 1.1 reads the unquoted `{src}` as {shown})")
            } else {
                format!("{ty} ({shown})")
            }
        }
        _ => ty.to_string(),
    }
}

/// Turns one validation error into findings.
/// What error conversion needs besides the document.
struct Cx<'a> {
    /// The object's kind, first segment of displayed paths.
    label: &'a str,
    /// The embedded definitions (CRD schemas are anonymous: no suggestions for them).
    defs: &'a Value,
}

fn convert(doc: &Document, cx: &Cx<'_>, error: &ValidationError<'_>, out: &mut Vec<Finding>) {
    let label = cx.label;
    let pointer = error.instance_path().as_str();
    let path = display_path(label, &doc.value, pointer);
    match error.kind() {
        ValidationErrorKind::AdditionalProperties { unexpected }
        | ValidationErrorKind::UnevaluatedProperties { unexpected } => {
            for name in unexpected {
                let mut p = pointer.to_string();
                pointer_push(&mut p, name);
                let span = doc.locate(&p).node.key_span();
                let mut msg = format!("unknown field {name:?} in {path}");
                if let Some(known) = suggestion(cx.defs, error, name) {
                    msg.push_str(&format!(" (did you mean {known:?}?)"));
                }
                out.push(finding(doc, &UNKNOWN_FIELD, &p, span, msg));
            }
        }
        ValidationErrorKind::FalseSchema => {
            let (parent, name) = match pointer.rfind('/') {
                Some(i) => {
                    (&pointer[..i], pointer_segments(&pointer[i..]).next().unwrap_or_default().into_owned())
                }
                None => ("", String::new()),
            };
            let span = doc.locate(pointer).node.key_span();
            let parent_path = display_path(label, &doc.value, parent);
            out.push(finding(
                doc,
                &UNKNOWN_FIELD,
                pointer,
                span,
                format!("unknown field {name:?} in {parent_path}"),
            ));
        }
        ValidationErrorKind::Type { kind } => {
            let span = value_span(doc, pointer);
            let expected = join_alternatives(expected_types(kind).into_iter().map(type_name).collect());
            let got = describe_value(doc, span, error.instance());
            out.push(finding(doc, &TYPE, pointer, span, format!("{path} must be {expected}, not {got}")));
        }
        ValidationErrorKind::Required { property } => {
            let name = property.as_str().map_or_else(|| property.to_string(), str::to_string);
            let span = owner_span(doc, pointer);
            out.push(finding(
                doc,
                &REQUIRED,
                pointer,
                span,
                format!("{path} is missing required field {name:?}"),
            ));
        }
        ValidationErrorKind::Enum { options } => {
            let span = value_span(doc, pointer);
            let allowed = match &**options {
                Value::Array(items) => {
                    items.iter().filter(|v| !v.is_null()).map(Value::to_string).collect::<Vec<_>>().join(", ")
                }
                other => other.to_string(),
            };
            let got = short_value(error.instance());
            out.push(finding(
                doc,
                &ENUM,
                pointer,
                span,
                format!("{path} must be one of {allowed}, not {got}"),
            ));
        }
        ValidationErrorKind::Constant { expected_value } => {
            let span = value_span(doc, pointer);
            let got = short_value(error.instance());
            out.push(finding(
                doc,
                &ENUM,
                pointer,
                span,
                format!("{path} must be {expected_value}, not {got}"),
            ));
        }
        ValidationErrorKind::OneOfNotValid { context } | ValidationErrorKind::AnyOf { context } => {
            convert_alternatives(doc, cx, pointer, &path, error.instance(), context, out);
        }
        ValidationErrorKind::Custom { message, .. } => {
            let span = value_span(doc, pointer);
            out.push(finding(doc, &INVALID, pointer, span, format!("{path} {message}")));
        }
        other => {
            let span = value_span(doc, pointer);
            let detail = describe_other(other);
            out.push(finding(doc, &INVALID, pointer, span, format!("{path} {detail}")));
        }
    }
}

/// `oneOf`/`anyOf` without a matching branch. Branches that only failed on the value's type are
/// "wrong shape"; if every branch is, this is a type error (`intstr` fields: "a string or an
/// integer"); if exactly one branch has the right type, its own errors are the real ones.
fn convert_alternatives(
    doc: &Document,
    cx: &Cx<'_>,
    pointer: &str,
    path: &str,
    instance: &Value,
    context: &[Vec<ValidationError<'static>>],
    out: &mut Vec<Finding>,
) {
    let wrong_type = |branch: &Vec<ValidationError<'static>>| {
        branch.iter().all(|e| {
            matches!(e.kind(), ValidationErrorKind::Type { .. }) && e.instance_path().as_str() == pointer
        })
    };
    let mut expected = Vec::new();
    let mut right = Vec::new();
    for branch in context {
        if wrong_type(branch) {
            for e in branch {
                if let ValidationErrorKind::Type { kind } = e.kind() {
                    expected.extend(expected_types(kind).into_iter().map(type_name));
                }
            }
        } else {
            right.push(branch);
        }
    }
    match right.as_slice() {
        [] => {
            let span = value_span(doc, pointer);
            expected.sort_unstable();
            let expected = join_alternatives(expected);
            let got = describe_value(doc, span, instance);
            out.push(finding(doc, &TYPE, pointer, span, format!("{path} must be {expected}, not {got}")));
        }
        [branch] => {
            for e in branch.iter() {
                convert(doc, cx, e, out);
            }
        }
        _ => {
            let span = value_span(doc, pointer);
            out.push(finding(
                doc,
                &INVALID,
                pointer,
                span,
                format!("{path} matches none of its allowed forms"),
            ));
        }
    }
}

/// The defined property closest to an unknown one (a typo, a case slip), if any is close enough.
fn suggestion<'d>(defs: &'d Value, error: &ValidationError<'_>, unknown: &str) -> Option<&'d str> {
    let uri = error.absolute_keyword_location()?;
    let (base, fragment) = uri.as_str().split_once('#')?;
    if base != DEFS_URI {
        return None;
    }
    let schema = defs.at(fragment.strip_suffix("/additionalProperties").unwrap_or(fragment))?;
    let props = schema.get("properties")?.as_object()?;
    let limit = (unknown.chars().count() / 4).clamp(1, 3);
    props
        .keys()
        .map(|k| (edit_distance(&k.to_ascii_lowercase(), &unknown.to_ascii_lowercase()), k))
        .filter(|(d, _)| *d <= limit)
        .min()
        .map(|(_, k)| k.as_str())
}

/// Levenshtein distance over chars.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = if ca == *cb { prev } else { 1 + prev.min(cur).min(row[j]) };
            prev = cur;
        }
    }
    row[b.len()]
}

/// A value for a message: numbers and booleans as is, short strings quoted, anything else by type.
fn short_value(v: &Value) -> String {
    match v {
        Value::String(s) if s.chars().count() <= 40 && !s.contains('\n') => format!("{s:?}"),
        Value::Bool(_) | Value::Number(_) | Value::Null => v.to_string(),
        other => value_type(other).to_string(),
    }
}

fn describe_other(kind: &ValidationErrorKind) -> String {
    use ValidationErrorKind as K;
    match kind {
        K::Pattern { pattern } => format!("does not match the pattern `{pattern}`"),
        K::MinLength { limit } => format!("must be at least {limit} characters long"),
        K::MaxLength { limit } => format!("must be at most {limit} characters long"),
        K::Minimum { limit } => format!("must be at least {limit}"),
        K::Maximum { limit } => format!("must be at most {limit}"),
        K::ExclusiveMinimum { limit } => format!("must be greater than {limit}"),
        K::ExclusiveMaximum { limit } => format!("must be less than {limit}"),
        K::MinItems { limit } => {
            format!("must have at least {limit} item{}", if *limit == 1 { "" } else { "s" })
        }
        K::MaxItems { limit } => format!("must have at most {limit} items"),
        K::MinProperties { limit } => format!("must have at least {limit} fields"),
        K::MaxProperties { limit } => format!("must have at most {limit} fields"),
        K::UniqueItems => "must not contain duplicate items".into(),
        K::MultipleOf { multiple_of } => format!("must be a multiple of {multiple_of}"),
        K::OneOfMultipleValid { .. } => "matches more than one of its allowed forms".into(),
        K::Not { .. } => "has a form that is not allowed here".into(),
        K::Format { format } => format!("is not a valid {format}"),
        K::Contains => "contains no allowed item".into(),
        K::AdditionalItems { limit } => format!("must have at most {limit} items"),
        K::UnevaluatedItems { .. } => "has items that are not allowed".into(),
        K::PropertyNames { .. } => "has a field name that is not allowed".into(),
        _ => "is not valid".into(),
    }
}

macro_rules! schema_rule {
    ($name:ident, $id:literal, $sev:expr, $summary:literal, $help:literal, $docs:literal) => {
        pub static $name: RuleMeta = RuleMeta {
            id: $id,
            summary: $summary,
            severity: $sev,
            help: $help,
            docs: $docs,
            references: &["Kubernetes API reference (OpenAPI schema)"],
            tags: &["schema", "correctness"],
            default_enabled: true,
        };
    };
}

schema_rule!(
    UNKNOWN_FIELD,
    "schema-unknown-field",
    Severity::High,
    "A field that the object's schema does not define",
    "fix the field name's spelling or indentation, or remove it",
    "An object has a field its Kubernetes (or CRD) schema does not define, e.g. `imagePullPolicyy` or \
a `resources:` block indented one level too deep. With strict field validation (the default of \
`kubectl apply` since Kubernetes 1.27) the API server rejects the object; older clients silently drop \
the field, so the setting you wrote never takes effect. The finding points at the unknown key.\n\n\
**Fix**: correct the spelling or the indentation; check the field exists in the `--kube-version` you \
deploy to (new fields appear in new minor versions). Custom resources are checked against the \
`openAPIV3Schema` of their CRD; fields under `x-kubernetes-preserve-unknown-fields: true` are free."
);

schema_rule!(
    TYPE,
    "schema-type",
    Severity::High,
    "A field's value has the wrong type",
    "quote strings (`\"yes\"`, `\"0644\"`), unquote numbers (`replicas: 2`)",
    "A value does not have the type the schema requires: `replicas: \"2\"` (a string where an integer \
is needed), or an unquoted `value: yes` in an environment variable, which Kubernetes' YAML 1.1 decoder \
reads as the boolean `true` — the API server rejects the object. Other YAML 1.1 surprises: `on`/`off`/\
`no` are booleans, `0644` is the octal number 420, `1e3` is a number.\n\n\
**Fix**: quote values meant as strings (`value: \"yes\"`), write numbers unquoted. The message shows how \
the value was read."
);

schema_rule!(
    REQUIRED,
    "schema-required",
    Severity::High,
    "A required field is missing",
    "add the missing field",
    "The schema marks a field required and the object lacks it, e.g. a Deployment without \
`spec.selector` or a container without `name`. The API server rejects the object. The finding \
points at the object that should contain the field.\n\n**Fix**: add the field."
);

schema_rule!(
    ENUM,
    "schema-enum",
    Severity::High,
    "A field's value is not one of the allowed values",
    "use one of the values listed in the message",
    "The schema restricts a field to a fixed set of values (common in CRDs: `enum: [Retain, Delete]`) \
and the object uses another one — often a case mismatch such as `always` for `Always`. The API server \
rejects the object.\n\n**Fix**: use one of the listed values, with the same case."
);

schema_rule!(
    INVALID,
    "schema-invalid",
    Severity::High,
    "A field's value violates its schema (pattern, range, length, item count, ...)",
    "change the value to satisfy the constraint in the message",
    "A value breaks a schema constraint other than type, enum or required: a `pattern`, a minimum or \
maximum, a length or item-count limit, unique items, or a `oneOf` with no matching form. Also reported \
on a CustomResourceDefinition whose `openAPIV3Schema` cannot be compiled (then its custom resources \
are not validated).\n\n**Fix**: change the value as the message says."
);

schema_rule!(
    UNKNOWN_KIND,
    "schema-unknown-kind",
    Severity::Info,
    "No schema is known for an object's apiVersion and kind",
    "add the kind's CustomResourceDefinition to the checked files or `--crd-dir` (CRD manifests, or `{group}/{kind}_{version}.json` schemas), or fix the apiVersion",
    "ndlint validates objects against the embedded schemas of the chosen `--kube-version` and against \
CustomResourceDefinitions found in the run or under `--crd-dir`, and against its embedded catalog of \
GitOps CRD schemas (Argo, Flux, cert-manager, Prometheus Operator, Istio, Linkerd, Sealed and External \
Secrets, ...). An object whose apiVersion and kind match none of them is not validated. This is \
reported once per kind (the first object, with a count), names the group, and is informational: a \
custom resource whose CRD lives elsewhere is normal. `severity: {schema-unknown-kind: medium}` makes it \
fail a run; `--ignore-missing-schemas` (config `ignore-missing-schemas: true`) silences it for custom \
resources (unknown kinds of Kubernetes' own groups are still reported). When the group is a \
Kubernetes group, the message lists the versions this Kubernetes version serves — an API removed in \
this version (e.g. `batch/v1beta1` CronJob) fails to apply.\n\n\
**Fix**: point `--crd-dir` at the CRDs, or update the apiVersion."
);

schema_rule!(
    MISSING,
    "schema-missing",
    Severity::Info,
    "A custom resource's CRD defines no schema for its version",
    "add `schema.openAPIV3Schema` to the CRD version, or use a version that has one",
    "The object's kind is defined by a CustomResourceDefinition of the run, but the CRD does not list \
the object's version or gives it no `openAPIV3Schema` (legacy `apiextensions.k8s.io/v1beta1` CRDs \
without `validation`), so the object cannot be validated. Reported once per kind. An unlisted version \
is rejected by the API server.\n\n**Fix**: use a version the CRD serves, or add a schema to the CRD."
);

schema_rule!(
    PATTERN_UNSUPPORTED,
    "schema-pattern-unsupported",
    Severity::Info,
    "A schema `pattern` that ndlint cannot compile is not checked",
    "nothing to do unless the API server rejects the CRD too; otherwise fix the regular expression",
    "Kubernetes reads the `pattern`s of CRD schemas as RE2 (Go `regexp`) expressions: inline flags such \
as `(?i)` and POSIX classes are valid, lookarounds and backreferences are not. ndlint compiles them the \
same way; a pattern it still cannot compile is left out, reported once (on the CRD's line, or for an \
embedded or `--crd-dir` schema once per run on the first object of the kind) and the rest of the schema \
is still applied, so the field it constrains is not checked against the pattern.\n\n\
**Fix**: if the API server accepts the CRD, nothing; if it rejects it, fix the expression."
);

/// Metadata of every `schema-*` rule, in a stable order.
pub static RULES: [&RuleMeta; 8] =
    [&UNKNOWN_FIELD, &TYPE, &REQUIRED, &ENUM, &INVALID, &UNKNOWN_KIND, &MISSING, &PATTERN_UNSUPPORTED];

/// Descriptions of the schema rules for the registry (`ndlint rules`, `ndlint explain`).
pub fn rule_infos() -> Vec<RuleInfo> {
    RULES
        .iter()
        .map(|&m| {
            let mut info = RuleInfo::from(m);
            info.source = FindingSource::Schema;
            info
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_normalize() {
        assert_eq!(normalize_version("v1.33.2").as_deref(), Some("1.33"));
        assert_eq!(normalize_version("1.31").as_deref(), Some("1.31"));
        assert_eq!(normalize_version("latest"), None);
        let err = SchemaValidator::new("1.20").unwrap_err();
        assert!(err.contains("1.28, 1.29, 1.30, 1.31"), "{err}");
    }

    #[test]
    fn edit_distances() {
        assert_eq!(edit_distance("imagepullpolicyy", "imagepullpolicy"), 1);
        assert_eq!(edit_distance("replica", "replicas"), 1);
        assert_eq!(edit_distance("abc", "xyz"), 3);
        assert_eq!(edit_distance("", "ab"), 2);
    }

    #[test]
    fn validator_is_sync() {
        fn assert_sync<T: Send + Sync>() {}
        assert_sync::<SchemaValidator>();
    }
}
