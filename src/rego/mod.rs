//! Rego policies evaluated in-process by `regorus`: conftest conventions, `# METADATA`, the
//! embedded platform pack, and `ndlint test`.
//!
//! # Lifecycle
//!
//! [`Policies::load`] reads every `*.rego` file of the policy dirs (plus the pack embedded from
//! `policies/` when [`RegoOptions::include_embedded`]), skipping `*_test.rego`, into one
//! `regorus::Engine`: Rego v1 first, v0 as a per-file fallback (as OPA does). It then
//!
//! - rejects calls to functions that are neither builtins nor defined by the loaded policies
//!   ([`LoadError`] names `file:line:column` and the function: regorus would only fail when the
//!   rule runs); a file calling an OPA builtin that regorus lacks is left out instead, with a
//!   finding ([`Policies::load_findings`]);
//! - merges `--data` files (JSON/YAML, dirs nest under their sub-directory names, conftest's
//!   rules; conflicts are errors) and the pack's default data;
//! - sets OPA's lenient builtin errors, gathers `print` output instead of writing to stderr,
//!   installs a time limit per evaluation ([`RegoOptions::time_limit`]), and warms the engine up
//!   (regorus prepares lazily; a clone made before preparing would prepare again).
//!
//! `http.send` answers undefined in regorus (no network at lint time) and `opa.runtime()` has no
//! `env`, so policies never see the environment.
//!
//! Each worker thread takes an [`Evaluator`] ([`Policies::evaluator`], a cheap clone sharing the
//! compiled policies) and calls [`Evaluator::check`] per document: conftest packages and
//! Gatekeeper constraints. The join phase ([`Policies::check_all`]) runs what needs every
//! document: Gatekeeper constraints whose templates read `data.inventory`, and packages reading
//! `data.inventory`. Before any document is checked, the run registers the Gatekeeper objects and
//! Namespace objects it scanned ([`Policies::add_scanned`]) and adds [`Policies::load_findings`]
//! (policies left out) to its findings.
//!
//! Sources pass through [`compat`]'s rewrites first (OPA's reading of a few constructs regorus
//! parses or evaluates differently; listed in `docs/rego-compatibility.md`). A file calling an OPA
//! builtin regorus lacks is left out with a `policy-error` finding; other load errors fail the run.
//!
//! # conftest semantics
//!
//! Packages equal to a `--namespace` glob (default `main`) or all of them with `--all-namespaces`
//! are checked; the embedded pack's packages (`ndlint.*`) always are. Per document, each package
//! is evaluated **once** (`data.<pkg>`), and its `deny*`/`violation*` (severity `high`) and
//! `warn*` (`medium`) rules are read from the result; if that evaluation fails, each rule is
//! evaluated alone so that one broken rule cannot hide the others. Messages are strings or
//! objects with a string `msg`; other keys are kept. `exception` rules suppress (kind
//! `exception`) every result of the rule they name. `data.conftest.file` is `{name, dir}` of the
//! document's file. Finding ids come from `# METADATA` `custom.id`, else `<package>/<rule>`.
//!
//! # Locations
//!
//! A result object's `path` (a JSON pointer string such as `/spec/replicas`, a dotted path, or an
//! array of keys and indices) is resolved in the document's source map: the finding lands on the
//! value, or on the nearest existing ancestor (marked approximate) when the field is missing.
//! `_loc: {file, line}` points at that line. Otherwise the finding is at the object's first line.
//!
//! # Failures
//!
//! A policy that panics regorus, exceeds the time limit or errors becomes a `policy-error`
//! finding at the policy file and the rule's line; the evaluator replaces its engine after a
//! panic and the run continues.
//!
//! # Performance
//!
//! Packages that share a parent package, when every loaded package under that parent is checked
//! per document (the embedded `ndlint.platform.*` pack), are evaluated by one query on the parent;
//! only the checked rules' values are converted to JSON. See `benches/rego.rs`.
//!
//! # Gatekeeper
//!
//! `ConstraintTemplate`s, constraints and `Config`s found in the policy dirs' YAML files, and
//! those among the scanned documents; see [`gatekeeper`].
//!
//! # Cross-document pack policies
//!
//! "Every namespace has a ResourceQuota, a LimitRange and a default-deny NetworkPolicy" needs all
//! documents: packages whose source mentions `data.inventory` are not run per document but in
//! [`Policies::check_all`] (the pack's `ndlint.inventory.namespaces`), with `data.inventory` shaped like Gatekeeper's
//! (`cluster[apiVersion][kind][name]`, `namespace[ns][apiVersion][kind][name]`), each document as
//! `input`. The same Rego then runs unchanged as a Gatekeeper template with a synced inventory.

pub mod ast;
pub mod compat;
pub mod conftest;
pub mod gatekeeper;
pub mod metadata;
pub mod test;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::num::{NonZeroU32, NonZeroUsize};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use regorus::utils::limits::ExecutionTimerConfig;
use regorus::{Engine, PolicyLengthConfig};
use serde_json::Value;

use crate::document::Document;
use crate::finding::{Finding, FindingSource, Severity};
use crate::rules::{RuleInfo, RuleMeta};
use crate::source::{SourceFile, Span};

/// The platform's policy pack, embedded at compile time: (path, text).
pub const EMBEDDED_POLICIES: &[(&str, &str)] = &[
    embed!("policies/labels.rego"),
    embed!("policies/registries.rego"),
    embed!("policies/ingress.rego"),
    embed!("policies/services.rego"),
    embed!("policies/namespaces.rego"),
    embed!("policies/terraform_tags.rego"),
];

/// The pack's unit tests, for `ndlint test` on the embedded pack.
pub const EMBEDDED_TESTS: &[(&str, &str)] = &[
    embed!("policies/labels_test.rego"),
    embed!("policies/registries_test.rego"),
    embed!("policies/ingress_test.rego"),
    embed!("policies/services_test.rego"),
    embed!("policies/namespaces_test.rego"),
    embed!("policies/terraform_tags_test.rego"),
];

/// The pack's default data (allowed registries, known ingress classes).
pub const EMBEDDED_DATA: (&str, &str) = embed!("policies/data/defaults.yaml");

macro_rules! embed {
    ($path:literal) => {
        ($path, include_str!(concat!("../../", $path)))
    };
}
use embed;

/// Where policies and data come from, and how they run.
#[derive(Clone, Debug)]
pub struct RegoOptions {
    /// Policy directories (or single `.rego` files), searched recursively.
    pub dirs: Vec<PathBuf>,
    /// Data files or directories (`.json`, `.yaml`, `.yml`).
    pub data: Vec<PathBuf>,
    /// Namespace globs (Go `path.Match` style: `*` any run of characters, `?` one); default `main`.
    pub namespaces: Vec<String>,
    pub all_namespaces: bool,
    /// Load the platform pack embedded from `policies/`.
    pub include_embedded: bool,
    /// Wall-clock limit of one evaluation (one package on one document).
    pub time_limit: Duration,
}

impl Default for RegoOptions {
    fn default() -> Self {
        RegoOptions {
            dirs: Vec::new(),
            data: Vec::new(),
            namespaces: vec!["main".into()],
            all_namespaces: false,
            include_embedded: true,
            time_limit: Duration::from_secs(5),
        }
    }
}

/// One problem found while loading policies or data.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadProblem {
    pub file: String,
    /// 1-based; 0 when the problem is not tied to a line.
    pub line: u32,
    pub column: u32,
    pub message: String,
}

impl fmt::Display for LoadProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            0 => write!(f, "{}: {}", self.file, self.message),
            l => write!(f, "{}:{}:{}: {}", self.file, l, self.column, self.message),
        }
    }
}

/// Policies that could not be loaded: every problem found, in file order.
#[derive(Clone, Debug)]
pub struct LoadError {
    pub problems: Vec<LoadProblem>,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.problems.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{p}")?;
        }
        Ok(())
    }
}

impl std::error::Error for LoadError {}

impl From<LoadProblem> for LoadError {
    fn from(p: LoadProblem) -> Self {
        LoadError { problems: vec![p] }
    }
}

/// The `policy-error` rule: a policy failed (panic, time limit, evaluation error) on a document.
pub static POLICY_ERROR: RuleMeta = RuleMeta {
    id: "policy-error",
    summary: "A Rego policy failed while evaluating a document",
    severity: Severity::High,
    help: "fix the policy at this line; the document was not fully checked by it",
    docs: "A Rego rule raised an error, exceeded the evaluation time limit, or crashed the Rego \
engine on a document. The finding points at the policy file and the rule's line; its message names \
the document and the error. The other rules and documents are still checked, but this rule's verdict \
on that document is unknown, so the run is not clean.",
    references: &[],
    tags: &["rego"],
    default_enabled: true,
};

/// A loaded policy file.
#[derive(Clone, Debug)]
pub(crate) struct PolicyFile {
    pub source: Arc<SourceFile>,
    pub embedded: bool,
}

/// What every evaluator shares.
#[derive(Clone)]
pub(crate) struct Shared {
    pub base: Engine,
    pub files: Vec<PolicyFile>,
    pub packages: Vec<conftest::Package>,
    /// Per-document packages grouped for evaluation.
    pub batches: Vec<conftest::Batch>,
    /// Some package reads `data.conftest`: add `data.conftest.file` per document.
    pub with_file: bool,
    /// Templates and constraints from the policy dirs and the scanned documents.
    pub gatekeeper: gatekeeper::Gatekeeper,
    pub time_limit: Duration,
    /// Policies left out, as findings: files calling OPA builtins regorus lacks, invalid constraints.
    pub load_findings: Vec<Finding>,
}

/// Loaded, prepared policies. Cheap to share; see the module docs.
#[derive(Clone)]
pub struct Policies {
    shared: Arc<Shared>,
}

impl fmt::Debug for Policies {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Policies").field("packages", &self.shared.packages.len()).finish()
    }
}

thread_local! {
    /// True while this thread runs a regorus evaluation under `catch_unwind`.
    static IN_EVAL: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `f` (a regorus call) catching panics, without the default hook printing them: the panic
/// becomes a `policy-error` finding instead. Panics elsewhere still reach the previous hook.
pub(crate) fn contained<R>(f: impl FnOnce() -> R) -> std::thread::Result<R> {
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !IN_EVAL.with(|c| c.get()) {
                previous(info);
            }
        }));
    });
    IN_EVAL.with(|c| c.set(true));
    let r = catch_unwind(AssertUnwindSafe(f));
    IN_EVAL.with(|c| c.set(false));
    r
}

/// A new engine with ndlint's settings.
pub(crate) fn new_engine(time_limit: Duration) -> Engine {
    let mut e = Engine::new();
    e.set_strict_builtin_errors(false);
    e.set_gather_prints(true);
    if let (Some(col), Some(bytes), Some(lines)) =
        (NonZeroU32::new(16_384), NonZeroUsize::new(8 << 20), NonZeroUsize::new(200_000))
    {
        e.set_policy_length_config(PolicyLengthConfig {
            max_col: col,
            max_file_bytes: bytes,
            max_lines: lines,
        });
    }
    if let Some(interval) = NonZeroU32::new(64) {
        e.set_execution_timer_config(ExecutionTimerConfig { limit: time_limit, check_interval: interval });
    }
    e
}

/// Adds a module: Rego v1 first, then v0, after the [`compat`] rewrites that make regorus read it
/// as OPA does. Returns whether v0 was needed.
pub(crate) fn add_module(engine: &mut Engine, path: &str, text: &str) -> Result<bool, LoadProblem> {
    let text = compat::split_rule_bodies(&compat::split_bracket_lines(text));
    // Parse alone first: the negated-call rewrite needs the module's syntax tree.
    let mut scratch = new_engine(Duration::from_secs(5));
    let v0 = add_either_dialect(&mut scratch, path, &text)?;
    let padded = scratch.get_modules().first().and_then(|m| compat::pad_sprintf_arguments(m, &text));
    let text = match padded {
        Some(padded) => {
            scratch = new_engine(Duration::from_secs(5));
            add_either_dialect(&mut scratch, path, &padded)?;
            padded
        }
        None => text,
    };
    let hoisted = scratch.get_modules().first().and_then(|m| compat::hoist_negated_call_refs(m, &text));
    engine.set_rego_v0(v0);
    // A rewrite the grammar does not take where it lands (e.g. a one-line `if` body) is dropped.
    let mut r = match hoisted {
        Some(hoisted) => engine.add_policy(path.to_string(), hoisted),
        None => Err(anyhow::anyhow!("not rewritten")),
    };
    if r.is_err() {
        r = engine.add_policy(path.to_string(), text);
    }
    engine.set_rego_v0(false);
    r.map(|_| v0).map_err(|e| problem_from_error(path, &e))
}

/// Adds a module as v1, else as v0 (as OPA does); the v1 error is the one reported.
fn add_either_dialect(engine: &mut Engine, path: &str, text: &str) -> Result<bool, LoadProblem> {
    engine.set_rego_v0(false);
    match engine.add_policy(path.to_string(), text.to_string()) {
        Ok(_) => Ok(false),
        Err(v1) => {
            engine.set_rego_v0(true);
            let r = engine.add_policy(path.to_string(), text.to_string());
            engine.set_rego_v0(false);
            match r {
                Ok(_) => Ok(true),
                Err(_) => Err(problem_from_error(path, &v1)),
            }
        }
    }
}

/// Turns regorus' pre-rendered error (`--> file:line:col`, caret, `error: …`) into a problem.
pub(crate) fn problem_from_error(path: &str, e: &anyhow::Error) -> LoadProblem {
    let text = format!("{e}");
    let (line, column) = error_position(&text).unwrap_or((0, 0));
    LoadProblem { file: path.to_string(), line, column, message: error_message(&text) }
}

/// `(line, column)` from a `--> file:line:col` line of a regorus error.
pub(crate) fn error_position(text: &str) -> Option<(u32, u32)> {
    let l = text.lines().find_map(|l| l.trim_start().strip_prefix("--> "))?;
    let mut parts = l.rsplitn(3, ':');
    let col = parts.next()?.trim().parse().ok()?;
    let line = parts.next()?.trim().parse().ok()?;
    Some((line, col))
}

/// The `error: …` line of a regorus error, else its first line.
pub(crate) fn error_message(text: &str) -> String {
    text.lines()
        .find_map(|l| l.trim_start().strip_prefix("error: "))
        .or_else(|| text.lines().find(|l| !l.trim().is_empty()))
        .unwrap_or("unknown error")
        .trim()
        .to_string()
}

/// Every `.rego` file under `dir` (or `dir` itself when it is a file), sorted.
pub(crate) fn rego_files(dir: &Path, tests: bool) -> Result<Vec<PathBuf>, LoadProblem> {
    let mut out = Vec::new();
    collect_files(
        dir,
        &mut |p| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default();
            name.ends_with(".rego") && (tests || !name.ends_with("_test.rego"))
        },
        &mut out,
    )
    .map_err(|e| LoadProblem {
        file: dir.display().to_string(),
        line: 0,
        column: 0,
        message: e.to_string(),
    })?;
    out.sort();
    Ok(out)
}

pub(crate) fn collect_files(
    path: &Path,
    keep: &mut dyn FnMut(&Path) -> bool,
    out: &mut Vec<PathBuf>,
) -> std::io::Result<()> {
    if path.is_file() {
        out.push(path.to_path_buf());
        return Ok(());
    }
    let mut entries: Vec<_> = std::fs::read_dir(path)?.filter_map(Result::ok).map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        let hidden = p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with('.'));
        if hidden {
            continue;
        }
        if p.is_dir() {
            collect_files(&p, keep, out)?;
        } else if keep(&p) {
            out.push(p);
        }
    }
    Ok(())
}

pub(crate) fn display_path(p: &Path) -> String {
    p.to_string_lossy().replace('\\', "/")
}

impl Policies {
    /// Loads and prepares the policies; see the module docs.
    pub fn load(opts: &RegoOptions) -> Result<Policies, LoadError> {
        let mut sources: Vec<(String, String, bool)> = Vec::new();
        if opts.include_embedded {
            for (p, t) in EMBEDDED_POLICIES {
                sources.push((format!("<embedded>/{p}"), t.to_string(), true));
            }
        }
        let mut problems = Vec::new();
        for dir in &opts.dirs {
            match rego_files(dir, false) {
                Ok(files) => {
                    for f in files {
                        match std::fs::read_to_string(&f) {
                            Ok(t) => sources.push((display_path(&f), t, false)),
                            Err(e) => problems.push(LoadProblem {
                                file: display_path(&f),
                                line: 0,
                                column: 0,
                                message: e.to_string(),
                            }),
                        }
                    }
                }
                Err(p) => problems.push(p),
            }
        }
        // Files that OPA would accept but regorus cannot run (they call an OPA builtin regorus
        // lacks) are left out and reported as findings; the others load again without them.
        let mut unloadable: Vec<Finding> = Vec::new();
        let (mut engine, files, modules) = loop {
            let mut engine = new_engine(opts.time_limit);
            let mut files = Vec::new();
            for (path, text, embedded) in &sources {
                match add_module(&mut engine, path, text) {
                    Ok(_) => files.push(PolicyFile {
                        source: SourceFile::new(path.clone(), text.clone()),
                        embedded: *embedded,
                    }),
                    Err(p) => problems.push(p),
                }
            }
            if !problems.is_empty() {
                return Err(LoadError { problems });
            }
            let modules: Vec<_> = engine.get_modules().to_vec();
            let refs: Vec<&regorus::unstable::Module> = modules.iter().map(|m| m.as_ref()).collect();
            let mut dropped = BTreeSet::new();
            for call in ast::missing_calls(&refs, &[]) {
                // regorus counts a tab as 4 columns; report code points like every other finding.
                let source = files.iter().find(|f| f.source.path == call.file).map(|f| f.source.clone());
                let (line, column) = source
                    .as_ref()
                    .map(|s| s.line_col(call.offset))
                    .map_or((call.line, call.column), |lc| (lc.line as u32, lc.column as u32));
                if call.known_opa_builtin
                    && let Some(source) = source
                {
                    let message = format!(
                        "calls builtin `{}`, which regorus (ndlint's Rego engine) does not provide: \
                         this policy file is not checked",
                        call.name
                    );
                    let span = Span::new(call.offset as usize, call.offset as usize + call.name.len());
                    let mut f = Finding::new(POLICY_ERROR.id, POLICY_ERROR.severity, message, source, span);
                    f.help = Some(POLICY_ERROR.help.into());
                    f.source = FindingSource::Rego;
                    unloadable.push(f);
                    dropped.insert(call.file);
                } else {
                    let message = format!(
                        "calls `{}`, which is neither a builtin nor a function defined in the loaded policies",
                        call.name
                    );
                    problems.push(LoadProblem { file: call.file, line, column, message });
                }
            }
            if !problems.is_empty() {
                return Err(LoadError { problems });
            }
            if dropped.is_empty() {
                break (engine, files, modules);
            }
            sources.retain(|(path, _, _)| !dropped.contains(path));
        };
        let refs: Vec<&regorus::unstable::Module> = modules.iter().map(|m| m.as_ref()).collect();
        let packages = match conftest::plan(&refs, &files, opts) {
            Ok(p) => p,
            Err(mut p) => {
                problems.append(&mut p);
                Vec::new()
            }
        };
        let batches = conftest::batches(&refs, &packages);
        let gk = match gatekeeper::load_dirs(&opts.dirs, opts.time_limit) {
            Ok((gk, rejected)) => {
                unloadable.extend(rejected);
                gk
            }
            Err(mut p) => {
                problems.append(&mut p);
                gatekeeper::Gatekeeper::default()
            }
        };
        if !problems.is_empty() {
            return Err(LoadError { problems });
        }
        let mut data = Value::Object(Default::default());
        if opts.include_embedded {
            let file = SourceFile::new(format!("<embedded>/{}", EMBEDDED_DATA.0), EMBEDDED_DATA.1);
            merge_value(&mut data, parse_data_file(&file)?, &mut String::new(), &file.path)?;
        }
        for p in &opts.data {
            load_data(p, &mut data)?;
        }
        if let Err(e) = engine.add_data(regorus::Value::from(data)) {
            return Err(
                LoadProblem { file: "--data".into(), line: 0, column: 0, message: e.to_string() }.into()
            );
        }
        engine.set_input(regorus::Value::new_object());
        // Warm up: prepare once so that clones share the prepared state.
        let _ = contained(|| engine.eval_query("true".into(), false));
        let _ = engine.take_prints();
        let with_file = files.iter().any(|f| f.source.text.contains("conftest"));
        Ok(Policies {
            shared: Arc::new(Shared {
                base: engine,
                files,
                packages,
                batches,
                with_file,
                gatekeeper: gk,
                time_limit: opts.time_limit,
                load_findings: unloadable,
            }),
        })
    }

    /// Every rule these policies can report, plus `policy-error`.
    pub fn rule_infos(&self) -> Vec<RuleInfo> {
        let mut out: BTreeMap<String, RuleInfo> = BTreeMap::new();
        let mut pe = RuleInfo::from(&POLICY_ERROR);
        pe.source = FindingSource::Rego;
        out.insert(pe.id.clone(), pe);
        for pkg in &self.shared.packages {
            for r in &pkg.rules {
                out.entry(r.info.id.clone()).or_insert_with(|| r.info.clone());
            }
        }
        for r in self.shared.gatekeeper.rule_infos() {
            out.entry(r.id.clone()).or_insert(r);
        }
        out.into_values().collect()
    }

    /// The packages that are checked, as `data.<package>` names.
    pub fn packages(&self) -> Vec<String> {
        self.shared.packages.iter().map(|p| p.query.clone()).collect()
    }

    /// A per-worker evaluator (a clone of the prepared engine).
    pub fn evaluator(&self) -> Evaluator {
        Evaluator {
            engine: self.shared.base.clone(),
            shared: self.shared.clone(),
            prints: Vec::new(),
            gatekeeper: gatekeeper::Engines::new(),
        }
    }

    /// Policies that could not be loaded although OPA accepts them, and Gatekeeper constraints
    /// that are left out: findings on their files, for the run to report.
    pub fn load_findings(&self) -> &[Finding] {
        &self.shared.load_findings
    }

    /// Registers the Gatekeeper templates, constraints and `Config` among the scanned documents,
    /// and the Namespace objects (for `namespaceSelector`), before any document is checked (call
    /// it before making evaluators). Returns findings on those that do not load.
    pub fn add_scanned<'a>(&mut self, docs: impl IntoIterator<Item = &'a Document>) -> Vec<Finding> {
        let mut namespaces = Vec::new();
        let mut objects = Vec::new();
        for d in docs {
            if gatekeeper::is_gatekeeper_object(&d.value) {
                objects.push(d);
            } else if d.kind() == "Namespace"
                && let Some(name) = d.object.as_ref().and_then(|o| o.name.clone())
            {
                namespaces.push((name, d.value.clone()));
            }
        }
        if objects.is_empty() && (namespaces.is_empty() || self.shared.gatekeeper.constraints.is_empty()) {
            return Vec::new();
        }
        let docs = objects;
        let shared = Arc::make_mut(&mut self.shared);
        shared.gatekeeper.namespaces.extend(namespaces);
        let (problems, mut findings) =
            shared.gatekeeper.add_documents(docs.iter().copied(), shared.time_limit);
        for p in problems {
            let Some(d) = docs.iter().find(|d| d.file.path == p.file) else { continue };
            let mut f = Finding::new(
                POLICY_ERROR.id,
                POLICY_ERROR.severity,
                p.message,
                d.file.clone(),
                d.head_span(),
            );
            f.source = FindingSource::Gatekeeper;
            f.object = d.object.clone();
            findings.push(f);
        }
        findings
    }

    /// The join phase over the documents of one deployment unit (kept as
    /// [`Policies::whole_documents`] says): the deferred Gatekeeper constraints (inventory,
    /// namespace selectors) in parallel, then the Rego packages that read `data.inventory`.
    pub fn check_all(&self, docs: &[Document], out: &mut Vec<Finding>) {
        let gk = &self.shared.gatekeeper;
        if gk.has(gatekeeper::Which::Deferred) {
            use rayon::prelude::*;
            let bases = gk.inventory_engines(docs);
            let namespaces = gatekeeper::namespaces(docs);
            let found: Vec<Vec<Finding>> = docs
                .par_iter()
                .filter(|d| !d.projected)
                .map_init(gatekeeper::Engines::new, |engines, d| {
                    let mut found = Vec::new();
                    gk.check_document(
                        engines,
                        &bases,
                        d,
                        None,
                        &namespaces,
                        gatekeeper::Which::Deferred,
                        &mut found,
                    );
                    found
                })
                .collect();
            out.extend(found.into_iter().flatten());
        }
        if !self.shared.packages.iter().any(|p| p.inventory) {
            return;
        }
        let listed = |d: &Document| {
            self.shared.packages.iter().any(|p| {
                p.inventory && p.inventory_kinds.as_ref().is_none_or(|k| k.iter().any(|k| k == d.kind()))
            })
        };
        let inventory = conftest::inventory(docs.iter().filter(|d| listed(d)));
        let mut engine = self.shared.base.clone();
        if let Err(e) = engine.add_data(inventory) {
            let mut f = Finding::new(
                POLICY_ERROR.id,
                POLICY_ERROR.severity,
                format!("cannot add data.inventory: {e}"),
                SourceFile::new("<inventory>", ""),
                Span::default(),
            );
            f.source = FindingSource::Rego;
            out.push(f);
            return;
        }
        let mut ev = Evaluator {
            engine,
            shared: self.shared.clone(),
            prints: Vec::new(),
            gatekeeper: Default::default(),
        };
        for doc in docs.iter().filter(|d| !d.projected) {
            ev.run(doc, true, out);
        }
    }
}

/// Which documents the join phase of the policies needs: whole (with source maps) those the
/// deferred Gatekeeper constraints and the `data.inventory` packages take as input, as values
/// those their inventories read; the others are kept as projections for the built-in rules.
pub struct WholeDocuments {
    pub input: gatekeeper::Kinds,
    pub inventory: gatekeeper::Kinds,
}

/// How a document is kept for the cross-document pass.
pub enum Keep {
    Whole,
    /// The whole value, no source map.
    Value,
    /// The fields the built-in cross-document rules read.
    Fields,
}

impl WholeDocuments {
    pub fn keep(&self, kind: &str) -> Keep {
        if self.input.contains(kind) {
            Keep::Whole
        } else if self.inventory.contains(kind) {
            Keep::Value
        } else {
            Keep::Fields
        }
    }
}

impl Policies {
    /// Which documents the join phase needs (see [`WholeDocuments`]): `data.inventory` packages
    /// that do not declare their kinds take every document.
    pub fn whole_documents(&self) -> WholeDocuments {
        let (mut input, mut inventory) = self.shared.gatekeeper.deferred_kinds();
        for p in self.shared.packages.iter().filter(|p| p.inventory) {
            match (&p.input_kinds, &p.inventory_kinds) {
                (Some(i), Some(v)) => {
                    i.iter().for_each(|k| input.insert(k));
                    v.iter().for_each(|k| inventory.insert(k));
                }
                _ => input = gatekeeper::Kinds::Any,
            }
        }
        WholeDocuments { input, inventory }
    }
}

/// One worker's evaluator: owns a clone of the prepared engine, and of the Gatekeeper templates'
/// engines once used.
pub struct Evaluator {
    engine: Engine,
    shared: Arc<Shared>,
    prints: Vec<String>,
    gatekeeper: gatekeeper::Engines,
}

impl Evaluator {
    /// Evaluates every per-document package and Gatekeeper constraint on `doc`, appending findings.
    pub fn check(&mut self, doc: &Document, out: &mut Vec<Finding>) {
        self.run(doc, false, out);
        let gk = &self.shared.gatekeeper;
        if !gk.constraints.is_empty() {
            let (bases, namespaces) = (Default::default(), Default::default());
            gk.check_document(
                &mut self.gatekeeper,
                &bases,
                doc,
                None,
                &namespaces,
                gatekeeper::Which::PerDocument,
                out,
            );
        }
    }

    /// `print` output gathered so far (`file.rego:line: text`), drained.
    pub fn take_prints(&mut self) -> Vec<String> {
        std::mem::take(&mut self.prints)
    }

    /// Evaluates the packages that take `doc` as input: the per-document ones, or those reading
    /// `data.inventory`. The input is converted only when some package takes it.
    fn run(&mut self, doc: &Document, inventory: bool, out: &mut Vec<Finding>) {
        let shared = self.shared.clone();
        let mut input_set = false;
        let mut set_input = |ev: &mut Evaluator| {
            if !std::mem::replace(&mut input_set, true) {
                ev.engine.set_input(regorus::Value::from(doc.value.clone()));
            }
        };
        if inventory {
            for pkg in shared.packages.iter().filter(|p| p.inventory && p.takes(doc)) {
                set_input(self);
                conftest::eval_package(self, pkg, doc, out);
            }
            return;
        }
        let takes = |b: &&conftest::Batch| {
            b.query.is_some()
                || b.members.iter().any(|(i, _)| shared.packages.get(*i).is_some_and(|p| p.takes(doc)))
        };
        for batch in shared.batches.iter().filter(takes) {
            set_input(self);
            conftest::eval_batch(self, batch, doc, out);
        }
    }

    /// Evaluates one rule (`data.pkg.deny`), or a query when `query` is more than a rule path,
    /// containing panics, and converts its value to JSON.
    pub(crate) fn query(&mut self, query: &str, doc: &Document) -> Result<Option<Value>, String> {
        // A plain rule path needs no query parsing: regorus evaluates the rule directly.
        let raw = if query.starts_with("data.") && !query.contains(' ') {
            self.evaluate(doc, |engine| engine.eval_rule(query.to_string()))
        } else {
            self.query_raw(query, doc)
        };
        match raw? {
            None => Ok(None),
            Some(v) => serde_json::to_value(&v).map(Some).map_err(|e| format!("result is not JSON: {e}")),
        }
    }

    /// Runs one query, containing panics.
    pub(crate) fn query_raw(
        &mut self,
        query: &str,
        doc: &Document,
    ) -> Result<Option<regorus::Value>, String> {
        self.evaluate(doc, |engine| {
            engine.eval_query(query.to_string(), false).map(|results| {
                let v = results.result.into_iter().next().and_then(|r| r.expressions.into_iter().next());
                v.map_or(regorus::Value::Undefined, |e| e.value)
            })
        })
    }

    /// Runs one evaluation, containing panics: a panicked engine is replaced by a fresh clone.
    fn evaluate(
        &mut self,
        doc: &Document,
        eval: impl FnOnce(&mut Engine) -> anyhow::Result<regorus::Value>,
    ) -> Result<Option<regorus::Value>, String> {
        let r = contained(|| eval(&mut self.engine));
        if let Ok(p) = self.engine.take_prints() {
            self.prints.extend(p);
        }
        match r {
            Ok(Ok(regorus::Value::Undefined)) => Ok(None),
            Ok(Ok(v)) => Ok(Some(v)),
            Ok(Err(e)) => Err(error_message(&format!("{e}"))),
            Err(panic) => {
                self.engine = self.shared.base.clone();
                self.engine.set_input(regorus::Value::from(doc.value.clone()));
                let what = panic
                    .downcast_ref::<String>()
                    .map(String::as_str)
                    .or_else(|| panic.downcast_ref::<&str>().copied())
                    .unwrap_or("unknown panic");
                Err(format!("the Rego engine crashed (regorus panic: {what})"))
            }
        }
    }
}

/// Loads a data file or directory into `data` with conftest's layout.
fn load_data(path: &Path, data: &mut Value) -> Result<(), LoadError> {
    let mut files = Vec::new();
    let is_dir = path.is_dir();
    collect_files(
        path,
        &mut |p| matches!(p.extension().and_then(|e| e.to_str()), Some("json" | "yaml" | "yml")),
        &mut files,
    )
    .map_err(|e| LoadProblem { file: display_path(path), line: 0, column: 0, message: e.to_string() })?;
    for f in files {
        let shown = display_path(&f);
        let text = std::fs::read_to_string(&f).map_err(|e| LoadProblem {
            file: shown.clone(),
            line: 0,
            column: 0,
            message: e.to_string(),
        })?;
        let file = SourceFile::new(shown.clone(), text);
        let mut value = parse_data_file(&file)?;
        let mut prefix = String::new();
        if is_dir {
            let rel = f.strip_prefix(path).unwrap_or(&f);
            let dirs: Vec<String> = rel
                .parent()
                .into_iter()
                .flat_map(|p| p.components())
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            for d in dirs.iter().rev() {
                let mut m = serde_json::Map::new();
                m.insert(d.clone(), value);
                value = Value::Object(m);
            }
        }
        merge_value(data, value, &mut prefix, &shown)?;
    }
    Ok(())
}

fn parse_data_file(file: &Arc<SourceFile>) -> Result<Value, LoadProblem> {
    let stream = crate::parse::yaml::parse_stream(file);
    if let Some(e) = stream.errors.first() {
        let lc = file.line_col(e.span.start);
        return Err(LoadProblem {
            file: file.path.clone(),
            line: lc.line as u32,
            column: lc.column as u32,
            message: e.message.clone(),
        });
    }
    let v = stream.documents.into_iter().next().map(|d| d.value).unwrap_or(Value::Null);
    match v {
        Value::Object(_) => Ok(v),
        Value::Null => Ok(Value::Object(Default::default())),
        _ => Err(LoadProblem {
            file: file.path.clone(),
            line: 1,
            column: 1,
            message: "a data file must hold a mapping at its top level".into(),
        }),
    }
}

/// Deep-merges objects; differing non-object values at one path are a conflict.
fn merge_value(into: &mut Value, from: Value, at: &mut String, file: &str) -> Result<(), LoadProblem> {
    match (into, from) {
        (Value::Object(a), Value::Object(b)) => {
            for (k, v) in b {
                let len = at.len();
                crate::document::pointer_push(at, &k);
                match a.get_mut(&k) {
                    Some(existing) => merge_value(existing, v, at, file)?,
                    None => {
                        a.insert(k, v);
                    }
                }
                at.truncate(len);
            }
            Ok(())
        }
        (a, b) if *a == b => Ok(()),
        _ => Err(LoadProblem {
            file: file.to_string(),
            line: 0,
            column: 0,
            message: format!("data conflict at `{at}`: defined differently by another data file"),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn send_sync<T: Send + Sync>() {}
    fn send<T: Send>() {}

    #[test]
    fn policies_are_shareable_and_evaluators_movable() {
        send_sync::<Policies>();
        send::<Evaluator>();
    }

    #[test]
    fn regorus_error_positions_are_parsed() {
        let text = "--> bad.rego:4:7\n  |\n4 | deny {\n  |       ^\nerror: expecting `}` while parsing set";
        assert_eq!(error_position(text), Some((4, 7)));
        assert_eq!(error_message(text), "expecting `}` while parsing set");
    }
}
