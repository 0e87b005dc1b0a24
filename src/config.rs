//! `.ndlint.yaml`: discovery, parsing with line-accurate errors for unknown keys, and the typed config.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;
use serde_json::Value;

use crate::document::{Children, SpanNode};
use crate::parse::yaml;
use crate::source::SourceFile;

pub const FILE_NAMES: [&str; 2] = [".ndlint.yaml", ".ndlint.yml"];

/// The typed configuration. Every path in it is relative to the config file's directory.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Config {
    pub fail_on: Option<String>,
    pub kube_version: Option<String>,
    /// Files larger than this many MiB are reported, not parsed (default 256).
    pub max_file_mib: Option<usize>,
    #[serde(default)]
    pub select: Vec<String>,
    #[serde(default)]
    pub ignore: Vec<String>,
    /// Per-rule severity overrides.
    #[serde(default)]
    pub severity: std::collections::BTreeMap<String, String>,
    /// Glob patterns (relative to the config directory) never linted.
    #[serde(default)]
    pub exclude: Vec<String>,
    #[serde(default)]
    pub policies: Policies,
    #[serde(default)]
    pub data: Vec<String>,
    #[serde(default)]
    pub helm: Helm,
    #[serde(default)]
    pub kustomize: Kustomize,
    #[serde(default)]
    pub terraform: Terraform,
    #[serde(default)]
    pub argocd: ArgoCd,
    #[serde(default)]
    pub crd_dirs: Vec<String>,
    /// Custom resources without a schema anywhere are not reported (`schema-unknown-kind`).
    #[serde(default)]
    pub ignore_missing_schemas: bool,
    #[serde(default)]
    pub ignores: Vec<IgnoreEntry>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Policies {
    #[serde(default)]
    pub dirs: Vec<String>,
    #[serde(default)]
    pub namespaces: Vec<String>,
    #[serde(default)]
    pub all_namespaces: bool,
    /// Whether the embedded NORMAL DANCE policy pack runs (default false: it is that platform's own).
    pub builtin: Option<bool>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Helm {
    #[serde(default)]
    pub charts: Vec<HelmChart>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct HelmChart {
    pub path: String,
    pub release: Option<String>,
    pub namespace: Option<String>,
    /// Variant name → values files (relative to the chart directory).
    #[serde(default)]
    pub values: std::collections::BTreeMap<String, Vec<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Kustomize {
    /// Render roots; when empty, every kustomization no other kustomization includes.
    #[serde(default)]
    pub roots: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct ArgoCd {
    /// Branches Applications may track without `argocd-mutable-target-revision` (e.g. `main`).
    #[serde(default)]
    pub allowed_target_revisions: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Terraform {
    /// Directory of the Terraform configuration that plans were made from.
    pub root: Option<String>,
    /// `.tfvars` files applied (in order, after `*.auto.tfvars`) when linting `.tf` sources, like
    /// `-var-file`; relative to the config file's directory.
    #[serde(default)]
    pub var_files: Vec<String>,
}

impl Terraform {
    /// The configured var files, resolved against the config's directory.
    pub fn var_files(&self, dir: &std::path::Path) -> Vec<std::path::PathBuf> {
        self.var_files.iter().map(|f| dir.join(f)).collect()
    }
}

/// A config suppression: a rule (id or prefix) for files matching a glob and/or one object.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct IgnoreEntry {
    pub rule: String,
    pub path: Option<String>,
    /// `Kind/name` or `Kind/namespace/name`.
    pub object: Option<String>,
    pub reason: String,
    /// `YYYY-MM-DD`: the entry stops suppressing after this day.
    pub expires: Option<String>,
    /// Where the entry is in the config file (filled in after parsing).
    #[serde(skip)]
    pub line_span: Option<crate::source::Span>,
}

/// A loaded config with where it came from.
#[derive(Debug, Default)]
pub struct Loaded {
    pub config: Config,
    /// The config file (for locating findings about it), if any.
    pub file: Option<Arc<SourceFile>>,
    /// Directory that config paths are relative to.
    pub dir: PathBuf,
}

/// Finds `.ndlint.yaml` in `start` or its ancestors.
pub fn discover(start: &Path) -> Option<PathBuf> {
    start.ancestors().flat_map(|d| FILE_NAMES.iter().map(move |n| d.join(n))).find(|p| p.is_file())
}

/// Reads and validates a config file. Errors say file:line:column and what is wrong.
pub fn load(path: &Path, display: String) -> Result<Loaded, String> {
    let text =
        std::fs::read_to_string(path).map_err(|e| format!("cannot read config {}: {e}", path.display()))?;
    let file = SourceFile::new(display, text);
    let config = parse(&file)?;
    let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
    Ok(Loaded { config, file: Some(file), dir })
}

/// Parses config text; unknown keys are rejected with their line.
pub fn parse(file: &Arc<SourceFile>) -> Result<Config, String> {
    let stream = yaml::parse_stream(file);
    let at = |span: crate::source::Span| {
        let lc = file.line_col(span.start);
        format!("{}:{}:{}", file.path, lc.line, lc.column)
    };
    if let Some(e) = stream.errors.first() {
        return Err(format!("{}: {}", at(e.span), e.message));
    }
    let Some(doc) = stream.documents.into_iter().next() else { return Ok(Config::default()) };
    if doc.value.is_null() {
        return Ok(Config::default());
    }
    check_keys(&doc.value, &doc.map, &SCHEMA, "").map_err(|(span, msg)| format!("{}: {msg}", at(span)))?;
    let mut config: Config = serde_json::from_value(doc.value).map_err(|e| format!("{}: {e}", file.path))?;
    if let Some(Children::Seq(items)) = doc.map.child("ignores").map(|n| &n.children) {
        for (entry, node) in config.ignores.iter_mut().zip(items) {
            entry.line_span = Some(node.value);
        }
    }
    Ok(config)
}

/// Allowed keys per section: `(key, nested schema)`; `ANY` means free-form (maps of user names).
struct Keys(&'static [(&'static str, Option<&'static Keys>)]);
static ANY: Keys = Keys(&[]);
static CHART: Keys = Keys(&[("path", None), ("release", None), ("namespace", None), ("values", Some(&ANY))]);
static IGNORE: Keys =
    Keys(&[("rule", None), ("path", None), ("object", None), ("reason", None), ("expires", None)]);
static SCHEMA: Keys = Keys(&[
    ("fail-on", None),
    ("kube-version", None),
    ("max-file-mib", None),
    ("select", None),
    ("ignore", None),
    ("severity", Some(&ANY)),
    ("exclude", None),
    (
        "policies",
        Some(&Keys(&[("dirs", None), ("namespaces", None), ("all-namespaces", None), ("builtin", None)])),
    ),
    ("data", None),
    ("helm", Some(&Keys(&[("charts", Some(&CHART))]))),
    ("kustomize", Some(&Keys(&[("roots", None)]))),
    ("terraform", Some(&Keys(&[("root", None), ("var-files", None)]))),
    ("argocd", Some(&Keys(&[("allowed-target-revisions", None)]))),
    ("crd-dirs", None),
    ("ignore-missing-schemas", None),
    ("ignores", Some(&IGNORE)),
]);

fn check_keys(
    value: &Value,
    node: &SpanNode,
    keys: &Keys,
    section: &str,
) -> Result<(), (crate::source::Span, String)> {
    if std::ptr::eq(keys, &ANY) {
        return Ok(());
    }
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                let child = node.child(k);
                let span = child.map_or(node.value, SpanNode::key_span);
                let Some((_, nested)) = keys.0.iter().find(|(name, _)| name == k) else {
                    let known: Vec<_> = keys.0.iter().map(|(n, _)| *n).collect();
                    let place = if section.is_empty() { String::new() } else { format!(" in `{section}`") };
                    return Err((
                        span,
                        format!("unknown key `{k}`{place} (known keys: {})", known.join(", ")),
                    ));
                };
                if let (Some(nested), Some(child)) = (nested, child) {
                    let section = if section.is_empty() { k.clone() } else { format!("{section}.{k}") };
                    check_keys(v, child, nested, &section)?;
                }
            }
            Ok(())
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                if let Some(child) = node.child(&i.to_string()) {
                    check_keys(item, child, keys, section)?;
                }
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_keys_are_reported_with_their_line() {
        let f =
            SourceFile::new(".ndlint.yaml", "fail-on: high\nhelm:\n  charts:\n  - path: x\n    valuez: {}\n");
        let e = parse(&f).unwrap_err();
        assert_eq!(
            e,
            ".ndlint.yaml:5:5: unknown key `valuez` in `helm.charts` (known keys: path, release, namespace, values)"
        );
    }

    #[test]
    fn full_config_parses() {
        let f = SourceFile::new(
            ".ndlint.yaml",
            "fail-on: medium\nselect: [k8s-]\nseverity: {k8s-host-port: critical}\nignores:\n- rule: k8s-host-port\n  path: 'a/*.yaml'\n  reason: legacy\n  expires: 2030-01-01\n",
        );
        let c = parse(&f).unwrap();
        assert_eq!(c.fail_on.as_deref(), Some("medium"));
        assert_eq!(c.ignores[0].expires.as_deref(), Some("2030-01-01"));
        assert!(c.ignores[0].line_span.is_some());
    }
}
