//! One lint run from options to report: config, registry, walk, parallel parse and check,
//! cross-document rules, suppressions, deterministic order.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::{self, Loaded};
use crate::document::Document;
use crate::finding::{Finding, Severity};
use crate::parse;
use crate::report::{Report, RunError, Summary};
use crate::rules::internal::HELM_CHART_SKIPPED;
use crate::rules::{Registry, Selection};
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
    let registry = Registry::new(selection);

    let exclude = walk::exclude_set(&cfg.exclude)?;
    let threads = opts.threads.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let fs_paths: Vec<PathBuf> = paths.iter().filter(|p| p.as_os_str() != "-").map(|p| abs(p)).collect();
    let found = walk::walk(&fs_paths, &loaded.dir, &exclude, threads);

    let mut errors: Vec<RunError> = found
        .missing
        .iter()
        .map(|p| RunError { message: format!("{}: no such file or directory", p.display()), file: None })
        .collect();
    if !found.missing.is_empty() {
        return Err(errors.remove(0).message);
    }

    let mut inputs: Vec<Input> = found.files.iter().map(|p| Input::Path(p.clone())).collect();
    if paths.iter().any(|p| p.as_os_str() == "-") {
        let mut bytes = Vec::new();
        std::io::stdin().read_to_end(&mut bytes).map_err(|e| format!("cannot read stdin: {e}"))?;
        inputs.push(Input::Stdin(opts.stdin_name.clone().unwrap_or_else(|| "stdin".into()), bytes));
    }

    let pool =
        rayon::ThreadPoolBuilder::new().num_threads(threads.max(1)).build().map_err(|e| e.to_string())?;
    let results: Vec<FileResult> = pool.install(|| {
        inputs.into_par_iter().map(|input| lint_input(input, &root, &registry, opts.no_ignores)).collect()
    });

    let mut findings = Vec::new();
    let mut documents = Vec::new();
    let mut comments = Vec::new();
    let mut annotations = Vec::new();
    let mut files = Vec::with_capacity(results.len());
    for r in results {
        files.push(r.path);
        findings.extend(r.findings);
        documents.extend(r.documents);
        comments.extend(r.comments);
        annotations.extend(r.annotations);
    }
    registry.check_all(&documents, &mut findings);

    for chart in &found.charts {
        let path = chart.join("Chart.yaml");
        let file =
            SourceFile::new(display_path(&path, &root), std::fs::read_to_string(&path).unwrap_or_default());
        let mut f = Finding::new(
            HELM_CHART_SKIPPED.id,
            HELM_CHART_SKIPPED.severity,
            format!("Helm chart `{}` was not rendered; its templates were not checked", file.path),
            file,
            Span::default(),
        );
        f.help = Some(HELM_CHART_SKIPPED.help.into());
        findings.push(f);
    }

    if !opts.no_ignores {
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
    let mut summary = Summary { files: files.len(), documents: documents.len(), ..Summary::default() };
    summary.count(&findings);
    errors.sort_by(|a, b| a.message.cmp(&b.message));
    let report = Report { findings, errors, rules: registry.infos.clone(), summary, root, files };
    Ok(Outcome { report, fail_on })
}

enum Input {
    Path(PathBuf),
    Stdin(String, Vec<u8>),
}

fn lint_input(input: Input, root: &Path, registry: &Registry, no_ignores: bool) -> FileResult {
    let (name, bytes) = match input {
        Input::Path(p) => {
            let name = display_path(&p, root);
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
    lint_source(&file, registry, no_ignores)
}

fn lint_source(file: &Arc<SourceFile>, registry: &Registry, no_ignores: bool) -> FileResult {
    let (documents, findings) = crate::check::lint_file(file, registry);
    let (comments, annotations) = if no_ignores {
        (Vec::new(), Vec::new())
    } else {
        (suppress::scan_comments(file), documents.iter().flat_map(suppress::annotation_ignores).collect())
    };
    FileResult { path: file.path.clone(), findings, documents, comments, annotations }
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
