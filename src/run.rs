//! One lint run from options to report: config, registry, walk; then in parallel parse the files
//! and render the charts and overlays; register CRDs; check every document (built-in rules,
//! schemas) per deployment unit; map rendered findings back; suppress; sort.

use std::collections::{BTreeMap, HashSet};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use rayon::prelude::*;

use crate::config::{self, Loaded};
use crate::document::Document;
use crate::finding::{Finding, Severity};
use crate::parse::{self, helm, kustomize, rendered, tfplan};
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
        include_embedded: !opts.no_builtin_policies && cfg.policies.builtin.unwrap_or(true),
        ..RegoOptions::default()
    };
    let policies = Policies::load(&rego).map_err(|e| format!("policies do not load:\n{e}"))?;
    registry.add_infos(policies.rule_infos());

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
        // Configured roots render only when the run covers them.
        let covered = |r: &PathBuf| {
            let r = r.canonicalize().unwrap_or_else(|_| r.clone());
            fs_paths
                .iter()
                .any(|p| p.is_dir() && r.starts_with(p.canonicalize().unwrap_or_else(|_| p.clone())))
        };
        cfg.kustomize.roots.iter().map(|r| loaded.dir.join(r)).filter(covered).collect()
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
    let jobs = render_jobs(&found.charts, &roots, &loaded, &root, &kube_version);

    let pool =
        rayon::ThreadPoolBuilder::new().num_threads(threads.max(1)).build().map_err(|e| e.to_string())?;
    // Read every file and render every chart and overlay.
    let (files, units) = pool.install(|| {
        rayon::join(
            || inputs.into_par_iter().map(|input| read(input, &root)).collect::<Vec<_>>(),
            || jobs.into_par_iter().map(|job| render(job, &root)).collect::<Vec<_>>(),
        )
    });

    // Custom resources are validated against the CRDs of the run and of `--crd-dir`, so those are
    // registered before any document is checked.
    let mut findings = Vec::new();
    for dir in opts.crd_dirs.iter().map(|d| abs(d)).chain(cfg.crd_dirs.iter().map(|d| loaded.dir.join(d))) {
        findings.extend(schema.add_crd_dir(&dir)?);
    }
    for file in files.iter().filter_map(|f| f.file.as_ref().ok()) {
        if file.text.contains("CustomResourceDefinition") {
            findings.extend(schema.add_crds(&parse::kubernetes_documents(file).documents));
        }
    }
    // Gatekeeper constraints and `data.inventory` policies see whole objects: the documents they
    // need are kept whole for the cross-document pass, the others only with the fields its rules read.
    let mut whole = policies.whole_documents();
    if files.iter().filter_map(|f| f.file.as_ref().ok()).any(|f| f.text.contains("gatekeeper.sh/")) {
        whole = WholeDocuments::All;
    }

    let tf_root =
        opts.tf_root.as_deref().map(abs).or_else(|| cfg.terraform.root.as_ref().map(|r| loaded.dir.join(r)));
    let checker = Checker {
        registry: &registry,
        schema: &schema,
        policies: &policies,
        whole: &whole,
        charts: &charts,
        tf_root: tf_root.as_deref(),
        no_ignores: opts.no_ignores,
        progress: Progress::new(files.len() + units.len(), opts.progress),
    };
    let (checked, units) = checker.progress.around(|| {
        pool.install(|| {
            rayon::join(
                || {
                    files
                        .into_par_iter()
                        .map_init(|| policies.evaluator(), |e, f| checker.check_file(f, e))
                        .collect::<Vec<_>>()
                },
                || {
                    units
                        .into_par_iter()
                        .map_init(|| policies.evaluator(), |e, u| checker.check_unit(u, e))
                        .collect::<Vec<_>>()
                },
            )
        })
    });

    let mut comments = Vec::new();
    let mut annotations = Vec::new();
    let mut paths_linted = Vec::with_capacity(checked.len() + units.len());
    let mut documents = 0;
    let mut plain_docs = Vec::with_capacity(checked.iter().map(|c| c.documents.len()).sum());
    for c in checked {
        paths_linted.push(c.path);
        documents += c.documents.len() + c.rendered_documents;
        findings.extend(c.findings);
        comments.extend(c.comments);
        annotations.extend(c.annotations);
        plain_docs.extend(c.documents);
    }
    // Plain files are one deployment unit: cross-document rules compare all their objects.
    pool.install(|| registry.check_all(&plain_docs, &mut findings));
    policies.check_all(&plain_docs, &mut findings);
    drop(plain_docs);
    // A finding that several values variants of a chart, or several overlays, produce at one source
    // position is one finding listing them.
    let mut groups: BTreeMap<String, Vec<(String, Finding)>> = BTreeMap::new();
    for u in units {
        paths_linted.push(u.path);
        documents += u.documents;
        annotations.extend(u.annotations);
        let variant = u.variant;
        groups.entry(u.group).or_default().extend(u.findings.into_iter().map(|f| (variant.clone(), f)));
    }
    for (_, group) in groups {
        findings.extend(rendered::merge_variants(group));
    }
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    SchemaValidator::finish(&mut findings);

    if !opts.no_ignores {
        // Comments in the files findings were mapped to (templates, values, patches) count too.
        let mut scanned: HashSet<String> = paths_linted.iter().cloned().collect();
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
        let active = |id: &str| {
            registry.info(id).is_some_and(|i| registry.selection.enabled(&i.id, i.default_enabled))
        };
        suppressor.apply(&mut findings, active);
    }
    registry.finalize(&mut findings);
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    findings.dedup_by(|a, b| a.sort_key() == b.sort_key());

    paths_linted.sort();
    let mut summary = Summary { files: paths_linted.len(), documents, ..Summary::default() };
    summary.count(&findings);
    let report = Report {
        findings,
        errors: Vec::new(),
        rules: registry.infos.clone(),
        summary,
        root,
        files: paths_linted,
    };
    Ok(Outcome { report, fail_on })
}

enum Input {
    Path(PathBuf),
    Stdin(String, Vec<u8>),
}

/// An input file read and decoded, or the finding that says why it could not be.
struct ReadFile {
    path: String,
    file: Result<Arc<SourceFile>, Finding>,
}

fn read(input: Input, root: &Path) -> ReadFile {
    let (path, bytes) = match input {
        Input::Path(p) => {
            let name = display_path(&p, root);
            match std::fs::read(&p) {
                Ok(b) => (name, b),
                Err(e) => {
                    let file = SourceFile::new(name.clone(), String::new());
                    let f = parse::parse_error(&file, Span::default(), format!("cannot read file: {e}"));
                    return ReadFile { path: name, file: Err(f) };
                }
            }
        }
        Input::Stdin(name, bytes) => (name, bytes),
    };
    let file = parse::decode(path.clone(), bytes).map_err(|f| *f);
    ReadFile { path, file }
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

fn render_jobs(
    charts: &[PathBuf],
    roots: &[PathBuf],
    loaded: &Loaded,
    root: &Path,
    kube_version: &str,
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
                kube_version: kube_version.to_string(),
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
    rendering: Result<Rendering, Finding>,
}

enum Rendering {
    Helm { output: helm::HelmOutput, values: Vec<PathBuf> },
    Kustomize(kustomize::Rendered),
}

/// Renders one job with the real `helm` or `kustomize`/`kubectl` binary.
fn render(job: RenderJob, root: &Path) -> Unit {
    match job {
        RenderJob::Helm(job) => {
            let label =
                if job.variant.is_empty() { String::new() } else { format!(", values: {}", job.variant) };
            let path = format!("{} (helm template{label})", job.name);
            let rendering = match helm::render_chart(
                &job.chart,
                &job.release,
                &job.namespace,
                &job.values,
                Some(&job.kube_version),
            ) {
                Ok(text) => {
                    let file = SourceFile::new(path.clone(), text);
                    let output =
                        helm::parse_output(&file, (!job.variant.is_empty()).then_some(job.variant.as_str()));
                    Ok(Rendering::Helm { output, values: job.values })
                }
                Err(e) => Err(render_failure(&job.chart.join("Chart.yaml"), root, &HELM_RENDER, e)),
            };
            Unit { path, group: job.name, variant: job.variant, rendering }
        }
        RenderJob::Kustomize(dir) => {
            let name = display_path(&dir, root);
            let rendering = kustomize::render(&dir, root).map(Rendering::Kustomize).map_err(|e| {
                let file =
                    kustomize::kustomization_file(&dir).unwrap_or_else(|| dir.join("kustomization.yaml"));
                render_failure(&file, root, &KUSTOMIZE_RENDER, e)
            });
            Unit {
                path: format!("{name} (kustomize build)"),
                group: "kustomize".into(),
                variant: name,
                rendering,
            }
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

/// Everything that checks documents, shared read-only by the workers.
struct Checker<'a> {
    registry: &'a Registry,
    schema: &'a SchemaValidator,
    policies: &'a Policies,
    /// The plain-file documents kept whole for the policies' cross-document pass; the others are
    /// kept as projections of what the cross-document rules read ([`objects::cross_fields`]).
    whole: &'a WholeDocuments,
    charts: &'a helm::ChartIndex,
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

impl Checker<'_> {
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
        let sources = plan.load_sources(&self.charts.repo_root, self.tf_root);
        let mut findings = crate::rules::terraform::check_plan(&plan, &sources, self.registry);
        if let Some(raw) = parse::yaml::parse_stream(file).documents.into_iter().next() {
            rego.check(&raw.into_document(file), &mut findings);
        }
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
        let ReadFile { path, file } = f;
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
        if tfplan::is_plan(&file.text) {
            out.findings = self.check_plan(&file, rego);
        } else if helm::is_helm_output(&file.text) {
            let output = helm::parse_output(&file, None);
            out.findings.extend(output.parsed.findings.iter().cloned());
            let mut own = Vec::new();
            self.check_all(&output.parsed.documents, rego, &mut own);
            let discovered;
            let charts = if self.charts.charts.is_empty() {
                discovered = helm::ChartIndex::discover(&self.charts.repo_root);
                &discovered
            } else {
                self.charts
            };
            out.findings.extend(helm::HelmMapper::new(charts, &[]).map_findings(&output, own));
            out.annotations = self.annotations(&output.parsed.documents);
            out.rendered_documents = output.parsed.documents.len();
        } else {
            let parsed = parse::kubernetes_documents(&file);
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
        let Unit { path, group, variant, rendering } = unit;
        let mut out =
            CheckedUnit { path, group, variant, findings: Vec::new(), annotations: Vec::new(), documents: 0 };
        match rendering {
            Err(f) => out.findings.push(f),
            Ok(Rendering::Helm { output, values }) => {
                let mut findings = output.parsed.findings.clone();
                self.check_all(&output.parsed.documents, rego, &mut findings);
                out.findings = helm::HelmMapper::new(self.charts, &values).map_findings(&output, findings);
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

/// A path as reports show it: relative to the repository root, `/`-separated.
pub fn display_path(path: &Path, root: &Path) -> String {
    let canon = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    let rel = canon.strip_prefix(root).unwrap_or(&canon);
    rel.to_string_lossy().replace('\\', "/")
}
