//! One lint run from options to report: config, registry, walk; then in parallel parse the files
//! and render the charts and overlays; register CRDs; check every document (built-in rules,
//! schemas) per deployment unit; map rendered findings back; suppress; sort.

use std::collections::{BTreeMap, HashSet};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use rayon::prelude::*;
use serde_json::Value;

use crate::changed;
use crate::config::{self, Loaded};
use crate::document::Document;
use crate::finding::{Finding, Severity};
use crate::parse::rendered::RenderError;
use crate::parse::sources::Sources;
use crate::parse::{self, helm, kustomize, rendered, tfplan, workflow};
use crate::rego::{Evaluator, Keep, Policies, RegoOptions, WholeDocuments};
use crate::report::{Report, Summary};
use crate::rules::internal::{HELM_RENDER, KUSTOMIZE_RENDER};
use crate::rules::k8s::objects;
use crate::rules::{KubeVersion, Registry, RuleMeta, Selection, table};
use crate::schema::SchemaValidator;
use crate::source::{SourceFile, Span};
use crate::suppress::{self, Suppressor};
use crate::walk;

/// The inputs of a run, from the command line (config values are merged in by [`run`]).
#[derive(Debug, Default, Clone)]
pub struct Options {
    /// Files and directories; `-` reads stdin.
    pub paths: Vec<PathBuf>,
    /// Name reported for stdin input.
    pub stdin_name: Option<String>,
    pub config: Option<PathBuf>,
    pub select: Vec<String>,
    pub ignore: Vec<String>,
    pub fail_on: Option<String>,
    pub no_ignores: bool,
    pub threads: Option<usize>,
    /// Kubernetes version (`1.33`) for rendering, schemas and deprecations; the config's when `None`.
    pub kube_version: Option<String>,
    /// Run only the rules of this benchmark (`cis-k8s`, `pss-baseline`, `pss-restricted`).
    pub benchmark: Option<String>,
    /// Directories of CustomResourceDefinitions to validate custom resources against.
    pub crd_dirs: Vec<PathBuf>,
    /// Do not report custom resources that no schema describes (`--ignore-missing-schemas`).
    pub ignore_missing_schemas: bool,
    /// Directory of the Terraform configuration that plans were made from (default: the plan's).
    pub tf_root: Option<PathBuf>,
    /// Rego policy directories (conftest policies, Gatekeeper templates and constraints).
    pub policies: Vec<PathBuf>,
    /// Data files or directories merged into Rego's `data`.
    pub data: Vec<PathBuf>,
    /// conftest namespaces (globs) to evaluate; `main` when empty.
    pub namespaces: Vec<String>,
    pub all_namespaces: bool,
    /// Leave out the embedded NORMAL DANCE policy pack.
    pub no_builtin_policies: bool,
    /// Show a progress line on stderr during long runs.
    pub progress: bool,
    /// Working directory (config discovery, relative paths); the process's when `None`.
    pub cwd: Option<PathBuf>,
    /// Running in CI: a chart or overlay that could not be rendered fails the run.
    pub ci: bool,
    /// `paths` are changed files (the pre-commit hook): each is linted through what it belongs to.
    pub changed: bool,
}

/// What a run produced.
pub struct Outcome {
    /// The report, with the `--fail-on` threshold the exit code is computed with.
    pub report: Report,
    /// With `--changed`: what the changed files were linted through, and the policy directories
    /// whose tests are to run.
    pub changed: Option<(String, Vec<PathBuf>)>,
}

impl Outcome {
    /// 0: nothing at or above the threshold; 1: findings at or above it.
    pub fn exit_code(&self) -> i32 {
        let failing = self
            .report
            .fail_on
            .is_some_and(|t| self.report.findings.iter().any(|f| f.suppressed.is_none() && f.severity >= t));
        i32::from(failing)
    }
}

/// Parses a `--fail-on` value: a severity or `never`.
pub fn parse_fail_on(s: &str) -> Result<Option<Severity>, String> {
    if s.eq_ignore_ascii_case("never") { Ok(None) } else { s.parse().map(Some) }
}

/// Runs a lint. `Err` is a failure of the run itself (exit code 2).
///
/// The run is five phases, each a function with its own input and output:
/// [`plan`] (options and config → the rules, schemas and policies of the run), [`gather`] (walk →
/// the files, charts and overlays to lint), [`load`] (read every file once, render every chart
/// variant and overlay, register CRDs), [`Checker::check`] (every file and rendering in parallel:
/// per-document rules, schemas, Rego, mapping back to sources) and [`join`] (cross-document
/// rules over the plain files, variants merged), then [`finish`] (suppressions, selection, order,
/// summary).
pub fn run(opts: &Options) -> Result<Outcome, String> {
    let (mut plan, schema) = plan(opts)?;
    let mut inputs = gather(&plan, opts)?;
    let changed = inputs.changed.take();
    let pool =
        rayon::ThreadPoolBuilder::new().num_threads(plan.threads).build().map_err(|e| e.to_string())?;
    let mut loaded = pool.install(|| load(&mut plan, schema, inputs))?;
    let (files, units) = (std::mem::take(&mut loaded.files), std::mem::take(&mut loaded.units));
    let checked = pool.install(|| Checker::new(&plan, &loaded).check(files, units));
    let mut joined = pool.install(|| join(&plan, checked));
    let from_sources = pool.install(|| terraform_sources(&plan, &loaded.tf_dirs, &joined.findings));
    joined.findings.extend(from_sources);
    let report = finish(&plan, joined, loaded.findings, loaded.not_checked);
    Ok(Outcome { report, changed })
}

/// Everything a run decided before looking at the files.
struct Plan {
    cwd: PathBuf,
    paths: Vec<PathBuf>,
    loaded: Loaded,
    /// The repository root that report paths are relative to.
    root: PathBuf,
    fail_on: Option<Severity>,
    kube_version: String,
    registry: Registry,
    policies: Policies,
    /// The policy directories (for `--changed`: a changed policy runs its directory's tests).
    policy_dirs: Vec<PathBuf>,
    crd_dirs: Vec<PathBuf>,
    tf_root: Option<PathBuf>,
    threads: usize,
    /// Running in CI (`CI` set): sources that could not be checked fail the run.
    ci: bool,
    no_ignores: bool,
    progress: bool,
    /// Files larger than this are reported, not parsed.
    max_file_bytes: usize,
    /// `paths` are changed files: see [`changed::plan`].
    changed: bool,
}

impl Plan {
    fn abs(&self, p: &Path) -> PathBuf {
        if p.is_absolute() { p.to_path_buf() } else { self.cwd.join(p) }
    }
}

/// Phase 1: options and config → the rules, schemas and policies of the run.
fn plan(opts: &Options) -> Result<(Plan, SchemaValidator), String> {
    let cwd = match &opts.cwd {
        Some(c) => c.clone(),
        None => std::env::current_dir().map_err(|e| format!("cannot read the working directory: {e}"))?,
    };
    let paths: Vec<PathBuf> =
        if opts.paths.is_empty() { vec![PathBuf::from(".")] } else { opts.paths.clone() };
    let abs = |p: &Path| if p.is_absolute() { p.to_path_buf() } else { cwd.join(p) };

    let loaded = match &opts.config {
        Some(p) => config::load(&abs(p), p.display().to_string())?,
        None => match config::discover(&cwd) {
            Some(p) => {
                let shown = p.strip_prefix(&cwd).unwrap_or(&p).display().to_string();
                config::load(&p, shown)?
            }
            None => Loaded { dir: cwd.clone(), ..Loaded::default() },
        },
    };
    let cfg = &loaded.config;

    let first = paths.iter().find(|p| p.as_os_str() != "-").map(|p| abs(p)).unwrap_or_else(|| cwd.clone());
    let root = repo_root(&first).unwrap_or_else(|| scan_root(&first, &loaded.dir));
    let root = root.canonicalize().unwrap_or(root);

    let fail_on = parse_fail_on(opts.fail_on.as_deref().or(cfg.fail_on.as_deref()).unwrap_or("low"))
        .map_err(|e| format!("--fail-on: {e}"))?;
    let mut selection = Selection {
        select: if opts.select.is_empty() { cfg.select.clone() } else { opts.select.clone() },
        ignore: cfg.ignore.iter().chain(&opts.ignore).cloned().collect(),
        ..Selection::default()
    };
    for (rule, sev) in &cfg.severity {
        let sev = sev.parse().map_err(|e| format!("config severity.{rule}: {e}"))?;
        selection.severity.insert(rule.clone(), sev);
    }
    if let Some(name) = &opts.benchmark {
        let ids = table::benchmark_rules(name)
            .ok_or_else(|| format!("unknown benchmark `{name}` (known: {})", table::BENCHMARKS.join(", ")))?;
        selection.select = ids.into_iter().map(str::to_string).collect();
    }
    let kube_version = opts
        .kube_version
        .clone()
        .or_else(|| cfg.kube_version.clone())
        .unwrap_or_else(|| SchemaValidator::default_version().to_string());
    let mut registry = Registry::new(selection);
    registry.set_kube_version(
        KubeVersion::parse(&kube_version).ok_or_else(|| {
            format!("invalid Kubernetes version `{kube_version}` (expected X.Y, e.g. 1.33)")
        })?,
    );
    registry.context.allowed_target_revisions = cfg.argocd.allowed_target_revisions.clone();
    let mut schema = SchemaValidator::new(&kube_version)?;
    schema.ignore_missing_schemas(opts.ignore_missing_schemas || cfg.ignore_missing_schemas);
    let namespaces: Vec<String> = opts.namespaces.iter().chain(&cfg.policies.namespaces).cloned().collect();
    let rego = RegoOptions {
        dirs: opts
            .policies
            .iter()
            .map(|p| abs(p))
            .chain(cfg.policies.dirs.iter().map(|d| loaded.dir.join(d)))
            .collect(),
        data: opts.data.iter().map(|p| abs(p)).chain(cfg.data.iter().map(|d| loaded.dir.join(d))).collect(),
        namespaces: if namespaces.is_empty() { vec!["main".into()] } else { namespaces },
        all_namespaces: opts.all_namespaces || cfg.policies.all_namespaces,
        include_embedded: !opts.no_builtin_policies && cfg.policies.builtin == Some(true),
        ..RegoOptions::default()
    };
    let policies = Policies::load(&rego).map_err(|e| format!("policies do not load:\n{e}"))?;
    let policy_dirs = rego.dirs.clone();
    registry.add_infos(policies.rule_infos());
    let threads =
        opts.threads.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get())).max(1);
    let tf_root =
        opts.tf_root.as_deref().map(abs).or_else(|| cfg.terraform.root.as_ref().map(|r| loaded.dir.join(r)));
    let crd_dirs =
        opts.crd_dirs.iter().map(|d| abs(d)).chain(cfg.crd_dirs.iter().map(|d| loaded.dir.join(d))).collect();
    let max_file_bytes = cfg.max_file_mib.map_or(parse::MAX_FILE_BYTES, |m| m.saturating_mul(1 << 20));
    let plan = Plan {
        cwd,
        paths,
        loaded,
        root,
        fail_on,
        kube_version,
        registry,
        policies,
        policy_dirs,
        crd_dirs,
        tf_root,
        threads,
        ci: opts.ci,
        no_ignores: opts.no_ignores,
        progress: opts.progress,
        max_file_bytes,
        changed: opts.changed,
    };
    Ok((plan, schema))
}

/// What a run lints: plain files, chart variants and overlays to render.
struct Inputs {
    files: Vec<Input>,
    /// Directories holding `.tf` files (Terraform root module candidates).
    tf_dirs: Vec<PathBuf>,
    jobs: Vec<RenderJob>,
    charts: helm::ChartIndex,
    sources: Sources,
    /// With `--changed`: what the changed files are linted through, and the policy tests to run.
    changed: Option<(String, Vec<PathBuf>)>,
}

/// Phase 2: walk the paths and decide what to lint: plain files, and the charts and kustomize
/// roots to render (the files a root consumes, and a chart's own files, are linted through
/// the rendering, not as plain files).
fn gather(plan: &Plan, opts: &Options) -> Result<Inputs, String> {
    let cfg = &plan.loaded.config;
    let exclude = walk::exclude_set(&cfg.exclude)?;
    let mut fs_paths: Vec<PathBuf> =
        plan.paths.iter().filter(|p| p.as_os_str() != "-").map(|p| plan.abs(p)).collect();
    // Changed files are linted through the repository's charts and overlays: walk all of it.
    let changed_paths =
        if plan.changed { std::mem::replace(&mut fs_paths, vec![plan.root.clone()]) } else { Vec::new() };
    let mut found = walk::walk(&fs_paths, &plan.loaded.dir, &exclude, plan.threads);
    if let Some(missing) = found.missing.first() {
        return Err(format!("{}: no such file or directory", missing.display()));
    }
    let sources = Sources::new(&plan.root);
    let roots: Vec<PathBuf> = if cfg.kustomize.roots.is_empty() {
        kustomize::roots_among(&sources, &found.kustomizations)
    } else {
        // Configured roots render only when the run covers them.
        let covered = |r: &PathBuf| {
            let r = r.canonicalize().unwrap_or_else(|_| r.clone());
            fs_paths
                .iter()
                .any(|p| p.is_dir() && r.starts_with(p.canonicalize().unwrap_or_else(|_| p.clone())))
        };
        cfg.kustomize.roots.iter().map(|r| plan.loaded.dir.join(r)).filter(covered).collect()
    };
    let mut changed = None;
    let roots = if plan.changed {
        let narrowed = changed::plan(&sources, &changed_paths, &found, &roots, &plan.policy_dirs);
        changed = Some((narrowed.describe(|p| display_path(p, &plan.root)), narrowed.policy_dirs));
        found = narrowed.walk;
        narrowed.kustomize_roots
    } else {
        roots
    };
    let consumed: HashSet<PathBuf> =
        roots.iter().flat_map(|r| kustomize::consumed_files(&sources, r)).collect();
    let mut files: Vec<Input> = found
        .files
        .iter()
        .chain(&found.github)
        .filter(|p| {
            consumed.is_empty() || !consumed.contains(&p.canonicalize().unwrap_or_else(|_| p.to_path_buf()))
        })
        .map(|p| Input::Path(p.clone()))
        .collect();
    if plan.paths.iter().any(|p| p.as_os_str() == "-") {
        let mut bytes = Vec::new();
        std::io::stdin().read_to_end(&mut bytes).map_err(|e| format!("cannot read stdin: {e}"))?;
        files.push(Input::Stdin(opts.stdin_name.clone().unwrap_or_else(|| "stdin".into()), bytes));
    }
    let charts = helm::ChartIndex::from_dirs(&sources, &found.charts);
    let jobs = render_jobs(&found.charts, &roots, plan, &sources);
    Ok(Inputs { files, tf_dirs: found.tf_dirs, jobs, charts, sources, changed })
}

/// Every input read (and CRD files parsed), every chart variant and overlay rendered.
struct LoadedInputs {
    files: Vec<ReadFile>,
    tf_dirs: Vec<PathBuf>,
    units: Vec<Unit>,
    charts: helm::ChartIndex,
    sources: Sources,
    /// Findings of the load itself (CRDs that do not compile).
    findings: Vec<Finding>,
    /// Which plain-file documents the policies' cross-document pass needs whole.
    whole: WholeDocuments,
    /// The schemas, with the run's CRDs registered.
    schema: SchemaValidator,
    /// Charts and overlays that could not be rendered.
    not_checked: usize,
}

/// Phase 3: read every file and render every chart variant and overlay (in parallel); register
/// the CRDs of the run and of `--crd-dir` before any document is checked. Files holding CRDs are
/// parsed here, and their documents are kept for the check phase, so nothing is parsed twice.
fn load(plan: &mut Plan, mut schema: SchemaValidator, inputs: Inputs) -> Result<LoadedInputs, String> {
    let Inputs { files, tf_dirs, jobs, charts, sources, .. } = inputs;
    let root = &plan.root;
    let (mut files, units) = rayon::join(
        || files.into_par_iter().map(|input| read(input, root, plan.max_file_bytes)).collect::<Vec<_>>(),
        || jobs.into_par_iter().map(|job| render(job, &sources, plan.ci)).collect::<Vec<_>>(),
    );
    let mut findings = Vec::new();
    for dir in &plan.crd_dirs {
        findings.extend(schema.add_crd_dir(dir)?);
    }
    for f in &mut files {
        if let Ok(file) = &f.file
            && file.text.contains("CustomResourceDefinition")
        {
            let parsed = parse::kubernetes_documents(file);
            findings.extend(schema.add_crds(&parsed.documents));
            f.parsed = Some(parsed);
        }
    }
    // Gatekeeper objects among the scanned files are registered before any document is checked
    // (their files parsed here once, like CRD files); the join phase's policies say which
    // documents they need kept whole.
    files.par_iter_mut().for_each(|f| {
        if let Ok(file) = &f.file
            && f.parsed.is_none()
            && crate::rego::gatekeeper::mentions_gatekeeper(&file.text)
        {
            f.parsed = Some(parse::kubernetes_documents(file));
        }
    });
    findings.extend(plan.policies.load_findings().iter().cloned());
    let scanned = files.iter().filter_map(|f| f.parsed.as_ref()).flat_map(|p| &p.documents);
    findings.extend(plan.policies.add_scanned(scanned));
    plan.registry.add_infos(plan.policies.rule_infos());
    let whole = plan.policies.whole_documents();
    let not_checked = units.iter().filter(|u| u.rendering.is_err()).count();
    Ok(LoadedInputs { files, tf_dirs, units, charts, sources, findings, whole, schema, not_checked })
}

/// What the check phase produced, before the cross-document pass.
struct Checked {
    files: Vec<CheckedFile>,
    units: Vec<CheckedUnit>,
}

/// Phase 5: the cross-document rules over the plain files (one deployment unit), and the findings
/// of chart variants and overlays merged: a finding several variants produce is one finding
/// listing them.
fn join(plan: &Plan, checked: Checked) -> Joined {
    let mut out = Joined { files: checked.files.len(), renderings: checked.units.len(), ..Joined::default() };
    let mut plain_docs = Vec::with_capacity(checked.files.iter().map(|c| c.documents.len()).sum());
    for c in checked.files {
        out.paths.push(c.path);
        out.documents += c.documents.len() + c.rendered_documents;
        out.findings.extend(c.findings);
        out.comments.extend(c.comments);
        out.annotations.extend(c.annotations);
        plain_docs.extend(c.documents);
    }
    // Not with --changed: a few changed files are not the whole unit, so these stay silent.
    if !plan.changed {
        plan.registry.check_all(&plain_docs, &mut out.findings);
        plan.policies.check_all(&plain_docs, &mut out.findings);
    }
    drop(plain_docs);
    let mut groups: BTreeMap<String, Vec<(String, Finding)>> = BTreeMap::new();
    for u in checked.units {
        out.paths.push(u.path);
        out.documents += u.documents;
        out.annotations.extend(u.annotations);
        let variant = u.variant;
        groups.entry(u.group).or_default().extend(u.findings.into_iter().map(|f| (variant.clone(), f)));
    }
    for (_, group) in groups {
        out.findings.extend(rendered::merge_variants(group));
    }
    out
}

/// Phase 5b: Terraform root modules linted from their `.tf` sources; a finding a plan of the run
/// already reports (same rule, address and file, in `plan_findings`) comes from the plan only.
fn terraform_sources(plan: &Plan, tf_dirs: &[PathBuf], plan_findings: &[Finding]) -> Vec<Finding> {
    let var_files = plan.loaded.config.terraform.var_files(&plan.loaded.dir);
    crate::rules::terraform::lint_roots(tf_dirs, &plan.root, &var_files, &plan.registry, plan_findings)
}

/// Every finding of the run with what suppressions need, before they are applied.
#[derive(Default)]
struct Joined {
    findings: Vec<Finding>,
    comments: Vec<suppress::CommentIgnore>,
    annotations: Vec<suppress::AnnotationIgnore>,
    /// The inputs linted: plain files and rendered streams.
    paths: Vec<String>,
    documents: usize,
    /// Plain files linted, and renderings (chart variants, overlays).
    files: usize,
    renderings: usize,
}

/// Phase 6: suppressions, selection and severity overrides, deterministic order, the summary.
fn finish(plan: &Plan, joined: Joined, load_findings: Vec<Finding>, not_checked: usize) -> Report {
    let Joined {
        mut findings,
        mut comments,
        annotations,
        paths: mut paths_linted,
        documents,
        files,
        renderings,
    } = joined;
    findings.extend(load_findings);
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    SchemaValidator::finish(&mut findings);
    let registry = &plan.registry;
    if !plan.no_ignores {
        // Comments in the files findings were mapped to (templates, values, patches) count too.
        let mut scanned: HashSet<String> = paths_linted.iter().cloned().collect();
        for f in &findings {
            if scanned.insert(f.file.path.clone()) {
                comments.extend(suppress::scan_comments(&f.file));
            }
        }
        let cfg = &plan.loaded.config;
        let suppressor = Suppressor {
            comments,
            annotations,
            config: cfg.ignores.clone(),
            config_file: plan.loaded.file.clone(),
            today: suppress::today(),
        };
        let active = |id: &str| {
            registry.info(id).is_some_and(|i| registry.selection.enabled(&i.id, i.default_enabled))
        };
        suppressor.apply(&mut findings, active);
    }
    registry.finalize(&mut findings);
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    findings.dedup_by(|a, b| a.sort_key() == b.sort_key() && a.pointer == b.pointer);

    paths_linted.sort();
    let mut summary = Summary { files, renderings, documents, not_checked, ..Summary::default() };
    summary.count(&findings);
    Report {
        findings,
        errors: Vec::new(),
        rules: registry.infos.clone(),
        summary,
        root: plan.root.clone(),
        files: paths_linted,
        fail_on: plan.fail_on,
    }
}

enum Input {
    Path(PathBuf),
    Stdin(String, Vec<u8>),
}

/// An input file read and decoded, or the finding that says why it could not be.
struct ReadFile {
    path: String,
    file: Result<Arc<SourceFile>, Finding>,
    /// Its documents, when the load phase already parsed it (files holding CRDs).
    parsed: Option<parse::Parsed>,
}

fn read(input: Input, root: &Path, max_bytes: usize) -> ReadFile {
    let (path, bytes) = match input {
        Input::Path(p) => {
            let name = display_path(&p, root);
            match crate::source::read_file(&p) {
                Ok(b) => (name, b),
                Err(e) => {
                    let file = SourceFile::new(name.clone(), String::new());
                    let f = parse::parse_error(&file, Span::default(), format!("cannot read file: {e}"));
                    return ReadFile { path: name, file: Err(f), parsed: None };
                }
            }
        }
        Input::Stdin(name, bytes) => (name, bytes),
    };
    let file = parse::decode_within(path.clone(), bytes, max_bytes).map_err(|f| *f);
    ReadFile { path, file, parsed: None }
}

/// One rendering to do: a chart with one values variant, or a kustomize root.
enum RenderJob {
    Helm(HelmJob),
    Kustomize(PathBuf),
}

struct HelmJob {
    chart: PathBuf,
    /// The chart directory as reports show it.
    name: String,
    variant: String,
    release: String,
    namespace: String,
    values: Vec<PathBuf>,
    kube_version: String,
}

/// A chart variant per configured values set (one with the chart's defaults when none is
/// configured), and each kustomize root. Library charts are not rendered: they produce nothing.
fn render_jobs(charts: &[PathBuf], roots: &[PathBuf], plan: &Plan, sources: &Sources) -> Vec<RenderJob> {
    let loaded = &plan.loaded;
    let mut jobs = Vec::new();
    for chart in charts {
        let meta = sources.get(&chart.join("Chart.yaml"));
        let chart_value = meta.as_ref().and_then(|m| m.first()).map(|d| &d.value);
        if chart_value.and_then(|v| v.get("type")).and_then(Value::as_str) == Some("library") {
            continue;
        }
        let configured = loaded
            .config
            .helm
            .charts
            .iter()
            .find(|c| loaded.dir.join(&c.path).canonicalize().ok() == chart.canonicalize().ok());
        let name = display_path(chart, &plan.root);
        let chart_name = chart_value
            .and_then(|v| v.get("name"))
            .and_then(Value::as_str)
            .map_or_else(|| name.clone(), str::to_string);
        let release = configured.and_then(|c| c.release.clone()).unwrap_or(chart_name);
        let namespace = configured.and_then(|c| c.namespace.clone()).unwrap_or_else(|| "default".into());
        let variants: Vec<(String, Vec<PathBuf>)> = match configured {
            Some(c) if !c.values.is_empty() => c
                .values
                .iter()
                .map(|(v, files)| (v.clone(), files.iter().map(|f| chart.join(f)).collect()))
                .collect(),
            _ => vec![(String::new(), Vec::new())],
        };
        for (variant, values) in variants {
            jobs.push(RenderJob::Helm(HelmJob {
                chart: chart.clone(),
                name: name.clone(),
                variant,
                release: release.clone(),
                namespace: namespace.clone(),
                values,
                kube_version: plan.kube_version.clone(),
            }));
        }
    }
    jobs.extend(roots.iter().cloned().map(RenderJob::Kustomize));
    jobs
}

/// A rendered deployment unit (one chart variant or one overlay), or why it could not be rendered.
struct Unit {
    /// The rendered stream's name, e.g. `helm/normaldance (helm template, values: prod)`.
    path: String,
    /// Findings of one group (a chart's variants, or all overlays) are merged across variants.
    group: String,
    variant: String,
    /// The chart directory, for a chart variant.
    chart: Option<PathBuf>,
    rendering: Result<Rendering, Finding>,
}

enum Rendering {
    Helm { output: helm::HelmOutput, values: Vec<PathBuf> },
    Kustomize(kustomize::Rendered),
}

/// Renders one job with the real `helm` or `kustomize`/`kubectl` binary.
fn render(job: RenderJob, sources: &Sources, ci: bool) -> Unit {
    match job {
        RenderJob::Helm(job) => {
            let label =
                if job.variant.is_empty() { String::new() } else { format!(", values: {}", job.variant) };
            let path = format!("{} (helm template{label})", job.name);
            let rendering = helm::render_chart(
                sources,
                &job.chart,
                &job.release,
                &job.namespace,
                &job.values,
                Some(job.kube_version.as_str()),
            )
            .map(|text| {
                let file = SourceFile::new(path.clone(), text);
                let output =
                    helm::parse_output(&file, (!job.variant.is_empty()).then_some(job.variant.as_str()));
                Rendering::Helm { output, values: job.values }
            })
            .map_err(|e| render_failure(sources, &job.chart.join("Chart.yaml"), &HELM_RENDER, e, ci));
            Unit { path, group: job.name, variant: job.variant, chart: Some(job.chart), rendering }
        }
        RenderJob::Kustomize(dir) => {
            let name = display_path(&dir, &sources.repo_root);
            let rendering = kustomize::render(sources, &dir).map(Rendering::Kustomize).map_err(|e| {
                let file =
                    kustomize::kustomization_file(&dir).unwrap_or_else(|| dir.join("kustomization.yaml"));
                render_failure(sources, &file, &KUSTOMIZE_RENDER, e, ci)
            });
            Unit {
                path: format!("{name} (kustomize build)"),
                group: "kustomize".into(),
                variant: name,
                chart: None,
                rendering,
            }
        }
    }
}

/// A finding on the file a renderer could not process (at the entry the error is about, when
/// known). When the renderer is not installed the sources were not checked: a warning (`info`)
/// on a workstation, `medium` in CI so that the gate cannot pass by accident. A failed render is
/// the rule's severity.
fn render_failure(
    sources: &Sources,
    path: &Path,
    meta: &'static RuleMeta,
    error: RenderError,
    ci: bool,
) -> Finding {
    let missing = error.message.contains("not found on PATH");
    let (file, span) = match error.at {
        Some(at) => at,
        None => match sources.get(path) {
            Some(s) => (s.file.clone(), Span::default()),
            None => (SourceFile::new(display_path(path, &sources.repo_root), String::new()), Span::default()),
        },
    };
    let severity = match (missing, ci) {
        (false, _) => meta.severity,
        (true, true) => Severity::Medium,
        (true, false) => Severity::Info,
    };
    let message =
        if missing { format!("{}; these sources were not checked", error.message) } else { error.message };
    let mut f = Finding::new(meta.id, severity, message, file, span);
    f.help = Some(meta.help.into());
    f
}

/// What checking one plain file produced.
struct CheckedFile {
    path: String,
    findings: Vec<Finding>,
    /// Kept for the cross-document rules of the plain files.
    documents: Vec<Document>,
    /// Documents of `helm template` output given as a file: checked as their own unit.
    rendered_documents: usize,
    comments: Vec<suppress::CommentIgnore>,
    annotations: Vec<suppress::AnnotationIgnore>,
}

/// What checking one rendered unit produced, mapped back to the files a person edits.
struct CheckedUnit {
    path: String,
    group: String,
    variant: String,
    findings: Vec<Finding>,
    annotations: Vec<suppress::AnnotationIgnore>,
    documents: usize,
}

/// Phase 4: everything that checks documents, shared read-only by the workers.
struct Checker<'a> {
    registry: &'a Registry,
    schema: &'a SchemaValidator,
    policies: &'a Policies,
    /// The plain-file documents kept whole for the policies' cross-document pass; the others are
    /// kept as projections of what the cross-document rules read ([`objects::cross_fields`]).
    whole: &'a WholeDocuments,
    charts: &'a helm::ChartIndex,
    sources: &'a Sources,
    tf_root: Option<&'a Path>,
    no_ignores: bool,
    progress: Progress,
}

/// A `checked N/M files` line on stderr for runs long enough to wonder about (terminals only).
struct Progress {
    done: AtomicUsize,
    total: usize,
    enabled: bool,
}

impl Progress {
    fn new(total: usize, enabled: bool) -> Self {
        Progress { done: AtomicUsize::new(0), total, enabled }
    }

    /// Runs `work`, reporting progress every half second after the first second (when enabled),
    /// and clears the line afterwards.
    fn around<R: Send>(&self, work: impl FnOnce() -> R + Send) -> R {
        if !self.enabled {
            return work();
        }
        let finished = AtomicBool::new(false);
        std::thread::scope(|scope| {
            scope.spawn(|| {
                let mut waited = 0;
                let mut shown = false;
                while !finished.load(Ordering::Relaxed) {
                    std::thread::sleep(std::time::Duration::from_millis(100));
                    waited += 1;
                    if waited >= 10 && waited % 5 == 0 {
                        let done = self.done.load(Ordering::Relaxed);
                        eprint!("\rndlint: checked {done}/{} files and renderings", self.total);
                        shown = true;
                    }
                }
                if shown {
                    eprint!("\r\x1b[2K");
                }
            });
            let result = work();
            finished.store(true, Ordering::Relaxed);
            result
        })
    }
}

impl<'a> Checker<'a> {
    fn new(plan: &'a Plan, loaded: &'a LoadedInputs) -> Checker<'a> {
        Checker {
            registry: &plan.registry,
            schema: &loaded.schema,
            policies: &plan.policies,
            whole: &loaded.whole,
            charts: &loaded.charts,
            sources: &loaded.sources,
            tf_root: plan.tf_root.as_deref(),
            no_ignores: plan.no_ignores,
            progress: Progress::new(0, plan.progress),
        }
    }

    /// Checks every plain file and every rendering in parallel, each worker with its own Rego
    /// evaluator.
    fn check(mut self, files: Vec<ReadFile>, units: Vec<Unit>) -> Checked {
        self.progress.total = files.len() + units.len();
        let policies = self.policies;
        let (files, units) = self.progress.around(|| {
            rayon::join(
                || {
                    files
                        .into_par_iter()
                        .map_init(|| policies.evaluator(), |e, f| self.check_file(f, e))
                        .collect::<Vec<_>>()
                },
                || {
                    units
                        .into_par_iter()
                        .map_init(|| policies.evaluator(), |e, u| self.check_unit(u, e))
                        .collect::<Vec<_>>()
                },
            )
        });
        Checked { files, units }
    }

    /// Runs the per-document checks (built-in rules, schema, Rego) on each document.
    fn check_documents(&self, documents: &[Document], rego: &mut Evaluator, out: &mut Vec<Finding>) {
        for doc in documents {
            let start = out.len();
            self.registry.check(doc, out);
            self.schema.check(doc, out);
            rego.check(doc, out);
            for f in &mut out[start..] {
                f.document.get_or_insert_with(|| doc.doc_ref());
            }
        }
    }

    /// Per-document and cross-document checks of one deployment unit.
    fn check_all(&self, documents: &[Document], rego: &mut Evaluator, out: &mut Vec<Finding>) {
        self.check_documents(documents, rego, out);
        self.registry.check_all(documents, out);
        self.policies.check_all(documents, out);
    }

    /// A Terraform plan: the plan rules per resource change, Rego policies on the whole plan (one
    /// input per plan file, as conftest does); findings move to the `.tf` source, secrets scrubbed.
    fn check_plan(&self, file: &Arc<SourceFile>, rego: &mut Evaluator) -> Vec<Finding> {
        let plan = match tfplan::parse_plan(file) {
            Ok(plan) => plan,
            Err(f) => return vec![*f],
        };
        let sources = plan.load_sources(&self.sources.repo_root, self.tf_root);
        let mut findings = crate::rules::terraform::check_plan(&plan, &sources, self.registry);
        rego.check(&plan.input_document(), &mut findings);
        plan.finish(&sources, &mut findings);
        findings
    }

    fn annotations(&self, documents: &[Document]) -> Vec<suppress::AnnotationIgnore> {
        if self.no_ignores {
            Vec::new()
        } else {
            documents.iter().flat_map(suppress::annotation_ignores).collect()
        }
    }

    /// Parses and checks one file: manifests, `helm template` output (its own unit, mapped back to
    /// the chart's templates) or a Terraform plan. Manifests are kept, trimmed, for the
    /// cross-document rules.
    fn check_file(&self, f: ReadFile, rego: &mut Evaluator) -> CheckedFile {
        self.progress.done.fetch_add(1, Ordering::Relaxed);
        let ReadFile { path, file, parsed } = f;
        let mut out = CheckedFile {
            path,
            findings: Vec::new(),
            documents: Vec::new(),
            rendered_documents: 0,
            comments: Vec::new(),
            annotations: Vec::new(),
        };
        let file = match file {
            Ok(file) => file,
            Err(finding) => {
                out.findings.push(finding);
                return out;
            }
        };
        if !self.no_ignores {
            out.comments = suppress::scan_comments(&file);
        }
        if let Some(kind) = workflow::kind_of(&file.path) {
            out.findings = crate::rules::gha::check_file(&file, kind, self.registry);
        } else if tfplan::is_plan(&file.text) {
            out.findings = self.check_plan(&file, rego);
        } else if helm::is_helm_output(&file.text) {
            let output = helm::parse_output(&file, None);
            out.findings.extend(output.parsed.findings.iter().cloned());
            let mut own = Vec::new();
            self.check_all(&output.parsed.documents, rego, &mut own);
            let discovered;
            let charts = if self.charts.charts.is_empty() {
                discovered = helm::ChartIndex::discover(self.sources);
                &discovered
            } else {
                self.charts
            };
            let mapper = helm::HelmMapper::new(self.sources, charts, None, &[]);
            out.findings.extend(mapper.map_findings(&output, own));
            out.annotations = self.annotations(&output.parsed.documents);
            out.rendered_documents = output.parsed.documents.len();
        } else {
            let parsed = parsed.unwrap_or_else(|| parse::kubernetes_documents(&file));
            out.findings = parsed.findings;
            self.check_documents(&parsed.documents, rego, &mut out.findings);
            out.annotations = self.annotations(&parsed.documents);
            out.documents = parsed
                .documents
                .into_iter()
                .map(|d| match self.whole.keep(d.kind()) {
                    Keep::Whole => d,
                    Keep::Value => d.project(&[String::new()]), // "": the whole value
                    Keep::Fields => d.project(&objects::cross_fields(&d)),
                })
                .collect();
        }
        out
    }

    fn check_unit(&self, unit: Unit, rego: &mut Evaluator) -> CheckedUnit {
        self.progress.done.fetch_add(1, Ordering::Relaxed);
        let Unit { path, group, variant, chart, rendering } = unit;
        let mut out =
            CheckedUnit { path, group, variant, findings: Vec::new(), annotations: Vec::new(), documents: 0 };
        match rendering {
            Err(f) => out.findings.push(f),
            Ok(Rendering::Helm { output, values }) => {
                let mut findings = output.parsed.findings.clone();
                self.check_all(&output.parsed.documents, rego, &mut findings);
                let mapper = helm::HelmMapper::new(self.sources, self.charts, chart.as_deref(), &values);
                out.findings = mapper.map_findings(&output, findings);
                out.annotations = self.annotations(&output.parsed.documents);
                out.documents = output.parsed.documents.len();
            }
            Ok(Rendering::Kustomize(rendered)) => {
                let mut findings = Vec::new();
                self.check_all(&rendered.documents, rego, &mut findings);
                out.findings = rendered.map_findings(findings);
                out.annotations = self.annotations(&rendered.documents);
                out.documents = rendered.documents.len();
            }
        }
        out
    }
}

/// The repository root: the nearest ancestor holding `.git`.
pub fn repo_root(start: &Path) -> Option<PathBuf> {
    let start = start.canonicalize().ok()?;
    let dir = if start.is_file() { start.parent()?.to_path_buf() } else { start };
    dir.ancestors().find(|d| d.join(".git").exists()).map(Path::to_path_buf)
}

/// The root of a run outside any repository: the config's directory when the first path is in
/// it, else the first path's directory (so that reports name files relative to what was scanned).
fn scan_root(first: &Path, config_dir: &Path) -> PathBuf {
    let canon = |p: &Path| p.canonicalize().unwrap_or_else(|_| p.to_path_buf());
    let (first, config_dir) = (canon(first), canon(config_dir));
    if first.starts_with(&config_dir) {
        return config_dir;
    }
    if first.is_dir() { first } else { first.parent().map_or(config_dir, Path::to_path_buf) }
}

/// A path as reports show it: relative to the repository root, `/`-separated.
pub fn display_path(path: &Path, root: &Path) -> String {
    let canon = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    let rel = canon.strip_prefix(root).unwrap_or(&canon);
    rel.to_string_lossy().replace('\\', "/")
}
