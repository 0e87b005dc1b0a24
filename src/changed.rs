//! Changed files → what to lint (the pre-commit hook's `ndlint check --changed FILE…`): each changed
//! file is linted through what it belongs to — a chart's file (values, template, `Chart.yaml`) through
//! every values variant of its chart, a base or patch through the Kustomize roots consuming it, a
//! Rego policy through its directory's policy tests — and a plain manifest as it is.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::parse::kustomize;
use crate::parse::sources::Sources;
use crate::walk::Walk;

/// What a run over changed files lints.
#[derive(Debug, Default)]
pub struct Plan {
    /// The repository walk narrowed to the changed plain files and the charts they touch.
    pub walk: Walk,
    /// Kustomize roots consuming a changed file.
    pub kustomize_roots: Vec<PathBuf>,
    /// Policy directories holding a changed `.rego` file: their tests run.
    pub policy_dirs: Vec<PathBuf>,
    /// Changed files that nothing lints (not YAML/JSON/Rego, excluded, or outside the run).
    pub unmatched: Vec<PathBuf>,
    pub changed: usize,
}

fn canonical(p: &Path) -> PathBuf {
    p.canonicalize().unwrap_or_else(|_| p.to_path_buf())
}

/// Plans a run over `changed` files, given the walk of the whole repository, its Kustomize render
/// roots and the configured policy directories.
pub fn plan(
    sources: &Sources,
    changed: &[PathBuf],
    repo: &Walk,
    roots: &[PathBuf],
    policy_dirs: &[PathBuf],
) -> Plan {
    let files: BTreeSet<PathBuf> = repo.files.iter().map(|f| canonical(f)).collect();
    let consumers: Vec<(PathBuf, BTreeSet<PathBuf>)> = roots
        .iter()
        .map(|r| (r.clone(), kustomize::consumed_files(sources, r).iter().map(|f| canonical(f)).collect()))
        .collect();
    let charts: Vec<PathBuf> = repo.charts.iter().map(|c| canonical(c)).collect();
    let policy_dirs: Vec<PathBuf> = policy_dirs.iter().map(|d| canonical(d)).collect();

    let mut plan = Plan { changed: changed.len(), ..Plan::default() };
    let mut chosen_charts = BTreeSet::new();
    let mut chosen_roots = BTreeSet::new();
    let mut chosen_policies = BTreeSet::new();
    for path in changed {
        let path = canonical(path);
        let mut matched = false;
        // The outermost chart holding the file (a subchart's file renders through its parent).
        if let Some(chart) =
            charts.iter().filter(|c| path.starts_with(c)).min_by_key(|c| c.components().count())
        {
            chosen_charts.insert(chart.clone());
            matched = true;
        }
        for (root, consumed) in &consumers {
            if consumed.contains(&path) || path.parent().is_some_and(|d| d == canonical(root)) {
                chosen_roots.insert(root.clone());
                matched = true;
            }
        }
        if path.extension().is_some_and(|e| e == "rego") {
            let dir = policy_dirs
                .iter()
                .find(|d| path.starts_with(d))
                .cloned()
                .or_else(|| path.parent().map(Path::to_path_buf));
            chosen_policies.extend(dir);
            matched = true;
        }
        if !matched && files.contains(&path) {
            plan.walk.files.push(path.clone());
            matched = true;
        }
        if !matched {
            plan.unmatched.push(path);
        }
    }
    plan.walk.charts =
        repo.charts.iter().filter(|c| chosen_charts.contains(&canonical(c))).cloned().collect();
    plan.walk.kustomizations = repo.kustomizations.clone();
    plan.kustomize_roots = roots.iter().filter(|r| chosen_roots.contains(*r)).cloned().collect();
    plan.policy_dirs = chosen_policies.into_iter().collect();
    plan
}

impl Plan {
    /// One line for the summary: what the changed files were linted through.
    pub fn describe(&self, show: impl Fn(&Path) -> String) -> String {
        let list = |paths: &[PathBuf]| paths.iter().map(|p| show(p)).collect::<Vec<_>>().join(", ");
        let mut parts = vec![format!("{} plain", self.walk.files.len())];
        if !self.walk.charts.is_empty() {
            parts.push(format!("charts {} (every values variant)", list(&self.walk.charts)));
        }
        if !self.kustomize_roots.is_empty() {
            parts.push(format!("overlays {}", list(&self.kustomize_roots)));
        }
        if !self.policy_dirs.is_empty() {
            parts.push(format!("policy tests of {}", list(&self.policy_dirs)));
        }
        let mut line = format!("changed files: {} → linted {}", self.changed, parts.join("; "));
        if !self.unmatched.is_empty() {
            line.push_str(&format!("; {} not lintable", self.unmatched.len()));
        }
        if !self.walk.files.is_empty() {
            line.push_str(
                "; cross-document rules on plain manifests did not run (they need the whole \
                 repository: `ndlint check .`)",
            );
        }
        line
    }
}
