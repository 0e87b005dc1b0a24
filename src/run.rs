//! One lint run from options to report: config, registry, walk, parallel parse and check,
//! cross-document rules, suppressions, deterministic order.

use std::collections::{BTreeMap, HashSet};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::{self, Loaded};
use crate::document::Document;
use crate::finding::{Finding, Severity};
use crate::parse;
use crate::parse::{helm, kustomize, rendered};
use crate::report::{Report, Summary};
use crate::rules::internal::{HELM_RENDER, KUSTOMIZE_RENDER};
use crate::rules::{KubeVersion, Registry, RuleMeta, Selection, table};
use crate::source::{SourceFile, Span};
use crate::suppress::{self, AnnotationIgnore, CommentIgnore, Suppressor};
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
    /// Working directory (config discovery, relative paths); the process's when `None`.
    pub cwd: Option<PathBuf>,
}

/// What a run produced, and the threshold its exit code is computed with.
pub struct Outcome {
    pub report: Report,
    /// `None`: never fail on findings.
    pub fail_on: Option<Severity>,
}

impl Outcome {
    /// 0: nothing at or above the threshold; 1: findings at or above it.
    pub fn exit_code(&self) -> i32 {
        let failing = self
            .fail_on
            .is_some_and(|t| self.report.findings.iter().any(|f| f.suppressed.is_none() && f.severity >= t));
        i32::from(failing)
    }
}

/// Parses a `--fail-on` value: a severity or `never`.
pub fn parse_fail_on(s: &str) -> Result<Option<Severity>, String> {
    if s.eq_ignore_ascii_case("never") { Ok(None) } else { s.parse().map(Some) }
}

/// What linting one file produced.
#[derive(Default)]
struct FileResult {
    /// The file's path as reports show it.
    path: String,
    findings: Vec<Finding>,
    documents: Vec<Document>,
    comments: Vec<CommentIgnore>,
    annotations: Vec<AnnotationIgnore>,
    /// Documents of a rendered stream (helm output given as a file), counted but not kept.
    rendered_documents: usize,
}

/// Runs a lint. `Err` is a failure of the run itself (exit code 2).
pub fn run(opts: &Options) -> Result<Outcome, String> {
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
    let root = repo_root(&first).unwrap_or_else(|| loaded.dir.clone());
    let root = root.canonicalize().unwrap_or(root);

    let fail_on = parse_fail_on(opts.fail_on.as_deref().or(cfg.fail_on.as_deref()).unwrap_or("low"))
        .map_err(|e| format!("--fail-on: {e}"))?;
    let mut selection = Selection {
        select: if opts.select.is_empty() { cfg.select.clone() } else { opts.select.clone() },
        ignore: cfg.ignore.iter().chain(&opts.ignore).cloned().collect(),
        ..Selection::default()
    };
    for (rule, sev) in &cfg.severity {
        selection
            .severity
            .insert(rule.clone(), sev.parse().map_err(|e| format!("config severity.{rule}: {e}"))?);
    }
    if let Some(name) = &opts.benchmark {
        let ids = table::benchmark_rules(name)
            .ok_or_else(|| format!("unknown benchmark `{name}` (known: {})", table::BENCHMARKS.join(", ")))?;
        selection.select = ids.into_iter().map(str::to_string).collect();
    }
    let kube_version = opts.kube_version.clone().or_else(|| cfg.kube_version.clone());
    let mut registry = Registry::new(selection);
    if let Some(v) = &kube_version {
        registry.set_kube_version(
            KubeVersion::parse(v)
                .ok_or_else(|| format!("invalid Kubernetes version `{v}` (expected X.Y, e.g. 1.33)"))?,
        );
    }

    let exclude = walk::exclude_set(&cfg.exclude)?;
    let threads = opts.threads.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let fs_paths: Vec<PathBuf> = paths.iter().filter(|p| p.as_os_str() != "-").map(|p| abs(p)).collect();
    let found = walk::walk(&fs_paths, &loaded.dir, &exclude, threads);
    if let Some(missing) = found.missing.first() {
        return Err(format!("{}: no such file or directory", missing.display()));
    }

    // Kustomize render roots, and the files they consume (linted through the render, not as is).
    let roots: Vec<PathBuf> = if cfg.kustomize.roots.is_empty() {
        kustomize::roots_among(&found.kustomizations)
    } else {
        cfg.kustomize.roots.iter().map(|r| loaded.dir.join(r)).collect()
    };
    let consumed: HashSet<PathBuf> = roots.iter().flat_map(|r| kustomize::consumed_files(r)).collect();
    let mut inputs: Vec<Input> = found
        .files
        .iter()
        .filter(|p| {
            consumed.is_empty() || !consumed.contains(&p.canonicalize().unwrap_or_else(|_| p.to_path_buf()))
        })
        .map(|p| Input::Path(p.clone()))
        .collect();
    if paths.iter().any(|p| p.as_os_str() == "-") {
        let mut bytes = Vec::new();
        std::io::stdin().read_to_end(&mut bytes).map_err(|e| format!("cannot read stdin: {e}"))?;
        inputs.push(Input::Stdin(opts.stdin_name.clone().unwrap_or_else(|| "stdin".into()), bytes));
    }
    let charts = helm::ChartIndex::from_dirs(&root, &found.charts);
    let jobs = render_jobs(&found.charts, &roots, &loaded, &root, kube_version.as_deref());
    let ctx = Context { root: &root, registry: &registry, charts: &charts, no_ignores: opts.no_ignores };

    let pool =
        rayon::ThreadPoolBuilder::new().num_threads(threads.max(1)).build().map_err(|e| e.to_string())?;
    let (plain_results, rendered) = pool.install(|| {
        rayon::join(
            || inputs.into_par_iter().map(|input| lint_input(input, &ctx)).collect::<Vec<_>>(),
            || jobs.into_par_iter().map(|job| render_and_lint(job, &ctx)).collect::<Vec<_>>(),
        )
    });

    let mut findings = Vec::new();
    let mut comments = Vec::new();
    let mut annotations = Vec::new();
    let mut files = Vec::with_capacity(plain_results.len() + rendered.len());
    let mut documents = 0;
    let mut plain_docs = Vec::new();
    for r in plain_results {
        files.push(r.path);
        documents += r.documents.len() + r.rendered_documents;
        findings.extend(r.findings);
        comments.extend(r.comments);
        annotations.extend(r.annotations);
        plain_docs.extend(r.documents);
    }
    registry.check_all(&plain_docs, &mut findings);
    drop(plain_docs);
    // A finding that several values variants of a chart, or several overlays, produce at one source
    // position is one finding listing them.
    let mut groups: BTreeMap<String, Vec<(String, Finding)>> = BTreeMap::new();
    for r in rendered {
        files.push(r.path);
        documents += r.documents;
        annotations.extend(r.annotations);
        let variant = r.variant;
        groups.entry(r.group).or_default().extend(r.findings.into_iter().map(|f| (variant.clone(), f)));
    }
    for (_, group) in groups {
        findings.extend(rendered::merge_variants(group));
    }

    if !opts.no_ignores {
        // Comments in the files findings were mapped to (templates, values, patches) count too.
        let mut scanned: HashSet<String> = files.iter().cloned().collect();
        for f in &findings {
            if scanned.insert(f.file.path.clone()) {
                comments.extend(suppress::scan_comments(&f.file));
            }
        }
        let suppressor = Suppressor {
            comments,
            annotations,
            config: cfg.ignores.clone(),
            config_file: loaded.file.clone(),
            today: suppress::today(),
        };
        let known = |id: &str| {
            registry.info(id).is_some_and(|i| registry.selection.enabled(&i.id, i.default_enabled))
        };
        suppressor.apply(&mut findings, known);
    }
    registry.finalize(&mut findings);
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    findings.dedup_by(|a, b| a.sort_key() == b.sort_key());

    files.sort();
    let mut summary = Summary { files: files.len(), documents, ..Summary::default() };
    summary.count(&findings);
    let report = Report { findings, errors: Vec::new(), rules: registry.infos.clone(), summary, root, files };
    Ok(Outcome { report, fail_on })
}

/// What every worker needs, shared read-only.
struct Context<'a> {
    root: &'a Path,
    registry: &'a Registry,
    charts: &'a helm::ChartIndex,
    no_ignores: bool,
}

enum Input {
    Path(PathBuf),
    Stdin(String, Vec<u8>),
}

fn lint_input(input: Input, ctx: &Context<'_>) -> FileResult {
    let (name, bytes) = match input {
        Input::Path(p) => {
            let name = display_path(&p, ctx.root);
            match std::fs::read(&p) {
                Ok(b) => (name, b),
                Err(e) => {
                    let file = SourceFile::new(name.clone(), String::new());
                    let f = parse::parse_error(&file, Span::default(), format!("cannot read file: {e}"));
                    return FileResult { path: name, findings: vec![f], ..FileResult::default() };
                }
            }
        }
        Input::Stdin(name, bytes) => (name, bytes),
    };
    let file = match parse::decode(name.clone(), bytes) {
        Ok(f) => f,
        Err(finding) => return FileResult { path: name, findings: vec![*finding], ..FileResult::default() },
    };
    if helm::is_helm_output(&file.text) {
        return lint_helm_output(&file, ctx);
    }
    let (documents, findings) = crate::check::lint_file(&file, ctx.registry);
    let mut r = FileResult { path: file.path.clone(), findings, ..FileResult::default() };
    if !ctx.no_ignores {
        r.comments = suppress::scan_comments(&file);
        r.annotations = documents.iter().flat_map(suppress::annotation_ignores).collect();
    }
    r.documents = documents;
    r
}

/// Runs every rule over the documents of one rendered stream (one deployment unit).
fn lint_documents(documents: &[Document], registry: &Registry, findings: &mut Vec<Finding>) {
    for doc in documents {
        registry.check(doc, findings);
    }
    registry.check_all(documents, findings);
}

/// `helm template` output given as a file or on stdin: findings move to the chart's templates.
fn lint_helm_output(file: &Arc<SourceFile>, ctx: &Context<'_>) -> FileResult {
    let discovered;
    let charts = if ctx.charts.charts.is_empty() {
        discovered = helm::ChartIndex::discover(ctx.root);
        &discovered
    } else {
        ctx.charts
    };
    let output = helm::parse_output(file, None);
    let mut findings = output.parsed.findings.clone();
    lint_documents(&output.parsed.documents, ctx.registry, &mut findings);
    let findings = helm::HelmMapper::new(charts, &[]).map_findings(&output, findings);
    let mut r = FileResult { path: file.path.clone(), findings, ..FileResult::default() };
    if !ctx.no_ignores {
        r.comments = suppress::scan_comments(file);
        r.annotations = output.parsed.documents.iter().flat_map(suppress::annotation_ignores).collect();
    }
    r.rendered_documents = output.parsed.documents.len();
    r
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
    kube_version: Option<String>,
}

/// What a rendering produced, mapped back to the files a person edits.
struct RenderResult {
    /// The rendered stream's name, e.g. `helm/normaldance (helm template, values: prod)`.
    path: String,
    /// Findings of one group (a chart's variants, or all overlays) are merged across variants.
    group: String,
    variant: String,
    findings: Vec<Finding>,
    annotations: Vec<AnnotationIgnore>,
    documents: usize,
}

impl RenderResult {
    fn new(path: String, group: String, variant: String) -> Self {
        RenderResult { path, group, variant, findings: Vec::new(), annotations: Vec::new(), documents: 0 }
    }

    fn add(&mut self, documents: &[Document], findings: Vec<Finding>, no_ignores: bool) {
        self.findings = findings;
        self.documents = documents.len();
        if !no_ignores {
            self.annotations = documents.iter().flat_map(suppress::annotation_ignores).collect();
        }
    }
}

fn render_jobs(
    charts: &[PathBuf],
    roots: &[PathBuf],
    loaded: &Loaded,
    root: &Path,
    kube_version: Option<&str>,
) -> Vec<RenderJob> {
    let mut jobs = Vec::new();
    for chart in charts {
        let configured = loaded
            .config
            .helm
            .charts
            .iter()
            .find(|c| loaded.dir.join(&c.path).canonicalize().ok() == chart.canonicalize().ok());
        let name = display_path(chart, root);
        let chart_name = helm::chart_name(chart).unwrap_or_else(|| name.clone());
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
                kube_version: kube_version.map(str::to_string),
            }));
        }
    }
    jobs.extend(roots.iter().cloned().map(RenderJob::Kustomize));
    jobs
}

/// Renders one job with the real binary, lints the output and maps findings back to sources.
fn render_and_lint(job: RenderJob, ctx: &Context<'_>) -> RenderResult {
    match job {
        RenderJob::Helm(job) => {
            let label =
                if job.variant.is_empty() { String::new() } else { format!(", values: {}", job.variant) };
            let path = format!("{} (helm template{label})", job.name);
            let mut result = RenderResult::new(path.clone(), job.name.clone(), job.variant.clone());
            match helm::render_chart(
                &job.chart,
                &job.release,
                &job.namespace,
                &job.values,
                job.kube_version.as_deref(),
            ) {
                Ok(text) => {
                    let file = SourceFile::new(path, text);
                    let output =
                        helm::parse_output(&file, (!job.variant.is_empty()).then_some(job.variant.as_str()));
                    let mut findings = output.parsed.findings.clone();
                    lint_documents(&output.parsed.documents, ctx.registry, &mut findings);
                    let findings =
                        helm::HelmMapper::new(ctx.charts, &job.values).map_findings(&output, findings);
                    result.add(&output.parsed.documents, findings, ctx.no_ignores);
                }
                Err(e) => result.findings.push(render_failure(
                    &job.chart.join("Chart.yaml"),
                    ctx.root,
                    &HELM_RENDER,
                    e,
                )),
            }
            result
        }
        RenderJob::Kustomize(root) => {
            let name = display_path(&root, ctx.root);
            let mut result = RenderResult::new(format!("{name} (kustomize build)"), "kustomize".into(), name);
            match kustomize::render(&root, ctx.root) {
                Ok(rendered) => {
                    let mut findings = Vec::new();
                    lint_documents(&rendered.documents, ctx.registry, &mut findings);
                    let findings = rendered.map_findings(findings);
                    result.add(&rendered.documents, findings, ctx.no_ignores);
                }
                Err(e) => {
                    let file = kustomize::kustomization_file(&root)
                        .unwrap_or_else(|| root.join("kustomization.yaml"));
                    result.findings.push(render_failure(&file, ctx.root, &KUSTOMIZE_RENDER, e));
                }
            }
            result
        }
    }
}

/// A finding on the file a renderer could not process: info when the renderer is not installed
/// (the sources were not checked, and the run says so), the rule's severity when rendering failed.
fn render_failure(path: &Path, root: &Path, meta: &'static RuleMeta, error: String) -> Finding {
    let file = SourceFile::new(display_path(path, root), std::fs::read_to_string(path).unwrap_or_default());
    let missing = error.contains("not found on PATH");
    let severity = if missing { Severity::Info } else { meta.severity };
    let message = if missing { format!("{error}; these sources were not checked") } else { error };
    let mut f = Finding::new(meta.id, severity, message, file, Span::default());
    f.help = Some(meta.help.into());
    f
}

/// The repository root: the nearest ancestor holding `.git`.
pub fn repo_root(start: &Path) -> Option<PathBuf> {
    let start = start.canonicalize().ok()?;
    let dir = if start.is_file() { start.parent()?.to_path_buf() } else { start };
    dir.ancestors().find(|d| d.join(".git").exists()).map(Path::to_path_buf)
}

/// A path as reports show it: relative to the repository root, `/`-separated.
pub fn display_path(path: &Path, root: &Path) -> String {
    let canon = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    let rel = canon.strip_prefix(root).unwrap_or(&canon);
    rel.to_string_lossy().replace('\\', "/")
}
