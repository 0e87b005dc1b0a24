//! The parallel walker: finds the files to lint under the given paths, honouring `.gitignore`,
//! `.ndlintignore` and `exclude` globs, notes Helm charts (of whose files only `crds/` are
//! manifests) and kustomizations, and tells GitHub workflows, actions and Dependabot configs apart
//! from manifests.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::parse::kustomize::KUSTOMIZATION_NAMES;
use globset::{Glob, GlobSet, GlobSetBuilder};
use ignore::{DirEntry, ParallelVisitor, ParallelVisitorBuilder, WalkBuilder, WalkState};

/// What the walk found.
#[derive(Debug, Default)]
pub struct Walk {
    /// YAML and JSON files, sorted.
    pub files: Vec<PathBuf>,
    /// Directories holding a `Chart.yaml`, sorted.
    pub charts: Vec<PathBuf>,
    /// Directories holding a kustomization file, sorted (their kustomization files are not in `files`).
    pub kustomizations: Vec<PathBuf>,
    /// Directories holding `.tf` files, sorted (candidate Terraform root modules).
    pub tf_dirs: Vec<PathBuf>,
    /// GitHub workflows, action metadata and Dependabot configs, sorted (not in `files`).
    pub github: Vec<PathBuf>,
    /// Paths given on the command line that do not exist.
    pub missing: Vec<PathBuf>,
}

pub fn is_manifest_name(path: &Path) -> bool {
    matches!(path.extension().and_then(|e| e.to_str()), Some("yaml" | "yml" | "json"))
        || path.file_name().is_some_and(|n| n == "Kustomization")
}

/// The chart directory when `path` lies in a Helm chart's `templates/` (Go templates, not YAML).
pub fn chart_of_template(path: &Path) -> Option<PathBuf> {
    path.ancestors()
        .skip(1)
        .filter(|d| d.file_name().is_some_and(|n| n == "templates"))
        .filter_map(Path::parent)
        .find(|chart| chart.join("Chart.yaml").is_file())
        .map(Path::to_path_buf)
}

/// Builds the `exclude` matcher; patterns are relative to `base`.
pub fn exclude_set(patterns: &[String]) -> Result<GlobSet, String> {
    let mut b = GlobSetBuilder::new();
    for p in patterns {
        let glob = Glob::new(p.trim_end_matches('/')).map_err(|e| format!("bad exclude glob `{p}`: {e}"))?;
        b.add(glob);
        if !p.contains("**") {
            // `dir` or `dir/` also excludes what is below it.
            let below = format!("{}/**", p.trim_end_matches('/'));
            b.add(Glob::new(&below).map_err(|e| format!("bad exclude glob `{p}`: {e}"))?);
        }
    }
    b.build().map_err(|e| e.to_string())
}

/// Walks `paths` in parallel with `threads` threads. `exclude` is matched against paths relative to
/// `base`. Files given explicitly are always included; directories are walked.
pub fn walk(paths: &[PathBuf], base: &Path, exclude: &GlobSet, threads: usize) -> Walk {
    let mut out = Walk::default();
    let mut dirs = Vec::new();
    for p in paths {
        if p.is_file() {
            match chart_of_template(p) {
                Some(chart) => out.charts.push(chart),
                None if is_github_file(p) => out.github.push(p.clone()),
                None => out.files.push(p.clone()),
            }
        } else if p.is_dir() {
            dirs.push(p.clone());
        } else {
            out.missing.push(p.clone());
        }
    }
    if let Some((first, rest)) = dirs.split_first() {
        let mut builder = WalkBuilder::new(first);
        for d in rest {
            builder.add(d);
        }
        let base_owned = base.to_path_buf();
        // A directory named on the command line is linted even when `exclude` covers it.
        let named_excluded = dirs.iter().any(|d| exclude.is_match(d.strip_prefix(base).unwrap_or(d)));
        let exclude_owned = if named_excluded { GlobSet::empty() } else { exclude.clone() };
        builder
            .hidden(false)
            .require_git(false)
            .follow_links(false)
            .add_custom_ignore_filename(".ndlintignore")
            .threads(threads.max(1))
            .filter_entry(move |entry| {
                let name = entry.file_name().to_string_lossy();
                let is_dir = entry.file_type().is_some_and(|t| t.is_dir());
                if entry.depth() > 0 && name.starts_with('.') && name != ".github" {
                    return false;
                }
                // Inside a chart only `crds/` holds manifests: templates, vendored subcharts,
                // `files/` and values are read by helm (and by the mapping), not as manifests.
                if entry.depth() > 0
                    && name != "Chart.yaml"
                    && !(is_dir && name == "crds")
                    && entry.path().parent().is_some_and(|p| p.join("Chart.yaml").is_file())
                {
                    return false;
                }
                let rel = entry.path().strip_prefix(&base_owned).unwrap_or(entry.path());
                exclude_owned.is_empty() || !exclude_owned.is_match(rel)
            });
        let found = Mutex::new(Walk::default());
        builder.build_parallel().visit(&mut CollectorBuilder { found: &found });
        let found = found.into_inner().unwrap_or_else(|e| e.into_inner());
        out.files.extend(found.files);
        out.charts.extend(found.charts);
        out.kustomizations.extend(found.kustomizations);
        out.tf_dirs.extend(found.tf_dirs);
        out.github.extend(found.github);
    }
    out.files.sort();
    out.files.dedup();
    out.charts.sort();
    out.charts.dedup();
    out.kustomizations.sort();
    out.tf_dirs.sort();
    out.tf_dirs.dedup();
    out.github.sort();
    out.github.dedup();
    out
}

/// A GitHub workflow (`.github/workflows/*.yml`), an action's `action.yml` or `.github/dependabot.yml`.
pub fn is_github_file(path: &Path) -> bool {
    crate::parse::workflow::kind_of(&path.to_string_lossy()).is_some()
}

type Found = Mutex<Walk>;

struct CollectorBuilder<'a> {
    found: &'a Found,
}

impl<'s> ParallelVisitorBuilder<'s> for CollectorBuilder<'s> {
    fn build(&mut self) -> Box<dyn ParallelVisitor + 's> {
        Box::new(Collector { found: self.found, local: Walk::default() })
    }
}

/// One walker thread's findings, merged into the shared list when the thread finishes.
struct Collector<'a> {
    found: &'a Found,
    local: Walk,
}

impl ParallelVisitor for Collector<'_> {
    fn visit(&mut self, entry: Result<DirEntry, ignore::Error>) -> WalkState {
        if let Ok(entry) = &entry
            && entry.file_type().is_some_and(|t| t.is_file())
            && entry.path().extension().is_some_and(|e| e == "tf")
            && let Some(dir) = entry.path().parent()
        {
            self.local.tf_dirs.push(dir.to_path_buf());
        }
        if let Ok(entry) = entry
            && entry.file_type().is_some_and(|t| t.is_file())
            && is_manifest_name(entry.path())
        {
            let parent = || entry.path().parent().map(Path::to_path_buf).unwrap_or_default();
            let name = entry.file_name();
            if name == "Chart.yaml" {
                self.local.charts.push(parent());
            } else if KUSTOMIZATION_NAMES.iter().any(|k| name == *k) {
                self.local.kustomizations.push(parent());
            } else if is_github_file(entry.path()) {
                self.local.github.push(entry.into_path());
            } else {
                self.local.files.push(entry.into_path());
            }
        }
        WalkState::Continue
    }
}

impl Drop for Collector<'_> {
    fn drop(&mut self) {
        let mut g = self.found.lock().unwrap_or_else(|e| e.into_inner());
        g.files.append(&mut self.local.files);
        g.charts.append(&mut self.local.charts);
        g.kustomizations.append(&mut self.local.kustomizations);
        g.tf_dirs.append(&mut self.local.tf_dirs);
        g.github.append(&mut self.local.github);
    }
}
