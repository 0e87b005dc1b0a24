//! `ndlint init`: a commented starter `.ndlint.yaml` for the tree in the working directory — its
//! Helm charts with their values files per environment, Kustomize render roots, Terraform root
//! modules and Rego policy directories.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::parse::kustomize::{self, KUSTOMIZATION_NAMES};

/// What `init` found in a tree; every path relative to it, `/`-separated, sorted.
#[derive(Debug, Default, PartialEq)]
pub struct Layout {
    /// Chart directory → environment → values files (relative to the chart).
    pub charts: BTreeMap<String, BTreeMap<String, Vec<String>>>,
    pub kustomize_roots: Vec<String>,
    pub terraform_roots: Vec<String>,
    pub policy_dirs: Vec<String>,
}

/// `ndlint init [--stdout] [--force]`.
pub fn run(stdout: bool, force: bool) -> Result<i32, String> {
    let cwd = std::env::current_dir().map_err(|e| format!("cannot read the working directory: {e}"))?;
    let text = starter_config(&scan(&cwd));
    if stdout {
        print!("{text}");
        return Ok(0);
    }
    let path = cwd.join(crate::config::FILE_NAMES[0]);
    if path.exists() && !force {
        return Err(format!("{} exists; use --force to overwrite it or --stdout to print", path.display()));
    }
    std::fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    eprintln!("wrote {}", crate::config::FILE_NAMES[0]);
    Ok(0)
}

/// Walks `root` (honouring `.gitignore`, skipping hidden directories) for what a config names.
pub fn scan(root: &Path) -> Layout {
    let mut chart_dirs = Vec::new();
    let mut kustomizations = Vec::new();
    let mut tf_dirs = Vec::new();
    let mut rego_dirs = Vec::new();
    let walker = ignore::WalkBuilder::new(root).hidden(true).require_git(false).build();
    for entry in walker.flatten() {
        if !entry.file_type().is_some_and(|t| t.is_file()) {
            continue;
        }
        let path = entry.path();
        let Some(dir) = path.parent().map(Path::to_path_buf) else { continue };
        let name = entry.file_name().to_string_lossy();
        let in_chart = |dirs: &[PathBuf]| dirs.iter().any(|c| dir.starts_with(c) && dir != *c);
        if name == "Chart.yaml" && !in_chart(&chart_dirs) {
            chart_dirs.push(dir);
        } else if KUSTOMIZATION_NAMES.iter().any(|k| name == *k) {
            kustomizations.push(dir);
        } else if name.ends_with(".tf") {
            tf_dirs.push(dir);
        } else if name.ends_with(".rego") {
            rego_dirs.push(dir);
        }
    }
    let rel = |p: &Path| {
        let r = p.strip_prefix(root).unwrap_or(p).to_string_lossy().replace('\\', "/");
        if r.is_empty() { ".".to_string() } else { r }
    };
    let mut layout = Layout::default();
    for chart in &chart_dirs {
        layout.charts.insert(rel(chart), values_per_environment(chart));
    }
    kustomizations.sort();
    kustomizations.dedup();
    // Charts' own subcharts and bases included by another kustomization are not roots.
    let sources = crate::parse::sources::Sources::new(root);
    layout.kustomize_roots =
        kustomize::roots_among(&sources, &kustomizations).iter().map(|d| rel(d)).collect();
    layout.terraform_roots = topmost(tf_dirs, |d| !is_module_dir(d)).iter().map(|d| rel(d)).collect();
    layout.policy_dirs = topmost(rego_dirs, |_| true).iter().map(|d| rel(d)).collect();
    layout
}

/// `values-<env>.yaml` / `values.<env>.yaml` (also `.yml`) beside a chart's `Chart.yaml`.
fn values_per_environment(chart: &Path) -> BTreeMap<String, Vec<String>> {
    let mut out = BTreeMap::new();
    let Ok(entries) = std::fs::read_dir(chart) else { return out };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().to_string();
        let stem = name.strip_suffix(".yaml").or_else(|| name.strip_suffix(".yml"));
        let env = stem.and_then(|s| s.strip_prefix("values-").or_else(|| s.strip_prefix("values.")));
        if let Some(env) = env.filter(|e| !e.is_empty()) {
            out.insert(env.to_string(), vec![name.clone()]);
        }
    }
    out
}

/// A directory of reusable Terraform modules (`modules/…`), not a root that is planned.
fn is_module_dir(dir: &Path) -> bool {
    dir.components().any(|c| c.as_os_str() == "modules")
}

/// The directories that pass `keep`, without those inside another one kept.
fn topmost(mut dirs: Vec<PathBuf>, keep: impl Fn(&Path) -> bool) -> Vec<PathBuf> {
    dirs.retain(|d| keep(d));
    dirs.sort();
    dirs.dedup();
    let all = dirs.clone();
    dirs.retain(|d| !all.iter().any(|o| o != d && d.starts_with(o)));
    dirs
}

/// The starter config: every key present (or shown commented out) with a comment saying what it does.
pub fn starter_config(layout: &Layout) -> String {
    let mut s = String::from(
        "# ndlint configuration (https://github.com/normaldance/ndlint), written by `ndlint init`.\n\
         # Paths are relative to this file. `ndlint check` finds it in the working directory or above.\n\n\
         # Kubernetes version for rendering, schema validation and deprecated APIs (1.28 or newer).\n",
    );
    let _ = writeln!(s, "kube-version: \"{}\"", crate::schema::SchemaValidator::default_version());
    s.push_str(
        "\n# Exit 1 on findings of this severity or higher: critical, high, medium, low, info or never.\n\
         fail-on: low\n\n\
         # Run only these rules (ids or prefixes such as `k8s-`); empty runs every default rule.\n\
         select: []\n\
         # Never run these rules (ids or prefixes).\n\
         ignore: []\n\n\
         # Rego policies (conftest conventions) and Gatekeeper templates and constraints.\n\
         policies:\n  # Policy directories; `ndlint test` runs their `*_test.rego` files.\n",
    );
    list(&mut s, "  dirs:", &layout.policy_dirs, "    ");
    s.push_str(
        "  # conftest namespaces (globs) to evaluate.\n  namespaces: [main]\n\
         \x20 # The embedded NORMAL DANCE platform pack (`k8s-platform-*`): only for that platform.\n\
         \x20 builtin: false\n\n\
         # Helm charts, rendered with the real `helm template` once per environment's values files\n\
         # (relative to the chart; the chart's own values.yaml always applies).\n\
         helm:\n",
    );
    if layout.charts.is_empty() {
        s.push_str("  charts: []\n  # - path: charts/app\n  #   release: app\n  #   namespace: app\n  #   values:\n  #     prod: [values-prod.yaml]\n");
    } else {
        s.push_str("  charts:\n");
        for (path, envs) in &layout.charts {
            let _ = writeln!(s, "    - path: {}", yaml_string(path));
            s.push_str("      # release: NAME        # default: the chart's name\n");
            s.push_str("      # namespace: NAME      # default: default\n");
            if envs.is_empty() {
                s.push_str("      values: {}\n");
            } else {
                s.push_str("      values:\n");
                for (env, files) in envs {
                    let files: Vec<String> = files.iter().map(|f| yaml_string(f)).collect();
                    let _ = writeln!(s, "        {}: [{}]", yaml_string(env), files.join(", "));
                }
            }
        }
    }
    s.push_str(
        "\n# Kustomize render roots (`kubectl kustomize`); the bases and patches they use are linted\n\
         # through them. Empty: every kustomization no other one includes.\n\
         kustomize:\n",
    );
    list(&mut s, "  roots:", &layout.kustomize_roots, "    ");
    s.push_str("\n# Directory of the Terraform configuration that plans (`terraform show -json`) were made from.\nterraform:\n");
    match layout.terraform_roots.split_first() {
        Some((first, rest)) => {
            let _ = writeln!(s, "  root: {}", yaml_string(first));
            for other in rest {
                let _ = writeln!(s, "  # root: {}", yaml_string(other));
            }
        }
        None => s.push_str("  # root: terraform\n"),
    }
    s.push_str(
        "\n# Paths (globs) never linted, e.g. deliberately broken test inputs.\nexclude: []\n\n\
         # Suppressions by rule and path glob or object, each with a reason and an optional expiry.\n\
         ignores: []\n\
         # - rule: k8s-host-port\n#   path: legacy/**\n#   reason: migrated in Q3\n#   expires: 2027-01-01\n",
    );
    s
}

fn list(s: &mut String, key: &str, items: &[String], indent: &str) {
    if items.is_empty() {
        let _ = writeln!(s, "{key} []");
    } else {
        let _ = writeln!(s, "{key}");
        for item in items {
            let _ = writeln!(s, "{indent}- {}", yaml_string(item));
        }
    }
}

/// A plain YAML scalar when safe, else a double-quoted one.
fn yaml_string(s: &str) -> String {
    let plain = !s.is_empty()
        && s.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/'))
        && !matches!(s, "true" | "false" | "null" | "yes" | "no" | "on" | "off" | "~")
        && !s.starts_with(['-', '.']);
    if plain { s.to_string() } else { serde_json::Value::String(s.to_string()).to_string() }
}
