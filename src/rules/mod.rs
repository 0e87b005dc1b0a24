//! The rule framework: rule metadata, the `Rule` trait, the sink rules report into, and the registry.

pub mod gha;
pub mod gitops;
pub mod k8s;
pub mod table;
pub mod terraform;

use crate::document::Document;
use crate::finding::{Finding, FindingSource, Severity};
use std::collections::HashMap;

/// Static description of a built-in rule; its docs live next to its code.
#[derive(Debug)]
pub struct RuleMeta {
    /// Stable kebab-case id, never renamed.
    pub id: &'static str,
    /// One line: what the rule finds.
    pub summary: &'static str,
    pub severity: Severity,
    /// One line: how to fix it (the human format's help line).
    pub help: &'static str,
    /// Markdown: what, why, how to fix.
    pub docs: &'static str,
    /// Benchmark controls, e.g. `PSS baseline: Privileged Containers`, `CIS Kubernetes 5.2.1`.
    pub references: &'static [&'static str],
    pub tags: &'static [&'static str],
    /// Off-by-default rules run only when selected.
    pub default_enabled: bool,
}

/// A built-in check. Per-document rules implement `check`; rules that compare objects implement
/// `check_all`, which runs once over every document of the run.
pub trait Rule: Send + Sync {
    fn meta(&self) -> &'static RuleMeta;

    fn check(&self, _doc: &Document, _sink: &mut Sink<'_>) {}

    fn check_all(&self, _docs: &[Document], _out: &mut Vec<Finding>) {}
}

/// A Kubernetes minor version (`1.33`), the target of API deprecation checks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct KubeVersion {
    pub major: u32,
    pub minor: u32,
}

impl KubeVersion {
    /// The version rules assume when none is configured: the newest one ndlint knows.
    pub const NEWEST: KubeVersion = KubeVersion { major: 1, minor: 33 };

    pub const fn new(major: u32, minor: u32) -> KubeVersion {
        KubeVersion { major, minor }
    }

    /// Parses `1.29`, `v1.29` or `1.29.3` (the patch is ignored).
    pub fn parse(text: &str) -> Option<KubeVersion> {
        let text = text.trim().trim_start_matches('v');
        let mut parts = text.split('.');
        let major = parts.next()?.parse().ok()?;
        let minor = parts.next()?.parse().ok()?;
        if parts.next().is_some_and(|p| p.parse::<u32>().is_err()) {
            return None;
        }
        Some(KubeVersion { major, minor })
    }
}

impl std::fmt::Display for KubeVersion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}", self.major, self.minor)
    }
}

/// Settings of a run that rules may read (through [`Sink::context`]).
#[derive(Clone, Debug)]
pub struct RuleContext {
    /// The Kubernetes version manifests are checked against (`--kube-version`, config `kube-version`).
    pub kube_version: KubeVersion,
    /// Branches an Argo CD Application may track (config `argocd.allowed-target-revisions`).
    pub allowed_target_revisions: Vec<String>,
}

impl RuleContext {
    pub const DEFAULT: RuleContext =
        RuleContext { kube_version: KubeVersion::NEWEST, allowed_target_revisions: Vec::new() };
}

impl Default for RuleContext {
    fn default() -> Self {
        RuleContext::DEFAULT
    }
}

static DEFAULT_CONTEXT: RuleContext = RuleContext::DEFAULT;

/// Collects the findings of one rule on one document and locates them.
pub struct Sink<'a> {
    pub doc: &'a Document,
    meta: &'static RuleMeta,
    out: &'a mut Vec<Finding>,
    context: &'a RuleContext,
}

impl<'a> Sink<'a> {
    pub fn new(doc: &'a Document, meta: &'static RuleMeta, out: &'a mut Vec<Finding>) -> Self {
        Sink { doc, meta, out, context: &DEFAULT_CONTEXT }
    }

    /// A sink whose rules see the run's settings.
    pub fn with_context(
        doc: &'a Document,
        meta: &'static RuleMeta,
        out: &'a mut Vec<Finding>,
        context: &'a RuleContext,
    ) -> Self {
        Sink { doc, meta, out, context }
    }

    /// The run's settings (Kubernetes version, …).
    pub fn context(&self) -> &RuleContext {
        self.context
    }

    /// Reports at the value of `pointer`; when it does not exist (a missing field), at the key of
    /// its nearest existing ancestor (e.g. the container's `- name:` item).
    pub fn report(&mut self, pointer: &str, message: impl Into<String>) -> &mut Finding {
        let located = self.doc.locate(pointer);
        let span = if located.exact { located.node.value_span() } else { located.node.key_span() };
        self.push(pointer, span, message.into())
    }

    /// Reports at the key of `pointer` (a field that must not be there at all).
    pub fn report_key(&mut self, pointer: &str, message: impl Into<String>) -> &mut Finding {
        let span = self.doc.locate(pointer).node.key_span();
        self.push(pointer, span, message.into())
    }

    /// Reports at the object's `apiVersion:`/`kind:` line.
    pub fn report_object(&mut self, message: impl Into<String>) -> &mut Finding {
        let span = self.doc.head_span();
        self.push("", span, message.into())
    }

    fn push(&mut self, pointer: &str, span: crate::source::Span, message: String) -> &mut Finding {
        let mut f = Finding::new(self.meta.id, self.meta.severity, message, self.doc.file.clone(), span);
        f.help = Some(self.meta.help.to_string());
        f.pointer = Some(pointer.to_string());
        f.object = self.doc.object.clone();
        f.origin = self.doc.origin.as_ref().map(|o| o.description.clone());
        f.document = Some(self.doc.doc_ref());
        self.out.push(f);
        self.out.last_mut().expect("just pushed")
    }
}

/// Owned description of any rule (built-in, Rego, Gatekeeper, schema) for listings and reports.
#[derive(Clone, Debug, serde::Serialize)]
pub struct RuleInfo {
    pub id: String,
    pub summary: String,
    pub severity: Severity,
    pub help: String,
    pub docs: String,
    pub references: Vec<String>,
    pub tags: Vec<String>,
    pub source: FindingSource,
    pub default_enabled: bool,
}

impl From<&'static RuleMeta> for RuleInfo {
    fn from(m: &'static RuleMeta) -> Self {
        RuleInfo {
            id: m.id.into(),
            summary: m.summary.into(),
            severity: m.severity,
            help: m.help.into(),
            docs: m.docs.into(),
            references: m.references.iter().map(|s| s.to_string()).collect(),
            tags: m.tags.iter().map(|s| s.to_string()).collect(),
            source: FindingSource::Builtin,
            default_enabled: m.default_enabled,
        }
    }
}

/// Rules that ndlint itself reports about the run rather than about the infrastructure.
pub mod internal {
    use super::RuleMeta;
    use crate::finding::Severity;

    pub static PARSE_ERROR: RuleMeta = RuleMeta {
        id: "parse-error",
        summary: "A file could not be read or parsed",
        severity: Severity::High,
        help: "fix the syntax error; the rest of the file was not checked",
        docs: "A file that is not valid YAML or JSON, is not UTF-8, has duplicate keys, nests deeper than \
ndlint's limit or expands aliases beyond its limit cannot be checked. Kubernetes rejects such files \
too (duplicate keys fail strict decoding). The finding points at the first problem; documents before it \
in the same file were still checked.",
        references: &[],
        tags: &["correctness"],
        default_enabled: true,
    };

    pub static UNUSED_IGNORE: RuleMeta = RuleMeta {
        id: "ndlint-unused-ignore",
        summary: "A suppression matched no finding",
        severity: Severity::Info,
        help: "remove the suppression, or fix its rule id",
        docs: "An `# ndlint: ignore[...]` comment, an `ignore.ndlint.io/<rule>` annotation or a config \
`ignores` entry that suppressed nothing in this run is stale: the finding was fixed, or the rule id is \
misspelt. Stale suppressions hide future regressions, so ndlint reports them.",
        references: &[],
        tags: &["maintainability"],
        default_enabled: true,
    };

    pub static EXPIRED_IGNORE: RuleMeta = RuleMeta {
        id: "ndlint-expired-ignore",
        summary: "A config suppression has expired",
        severity: Severity::Low,
        help: "fix the finding, or extend `expires` with a new reason",
        docs: "A config `ignores` entry with an `expires` date in the past no longer suppresses anything; \
the findings it covered are reported again, and this finding says which entry expired.",
        references: &[],
        tags: &["maintainability"],
        default_enabled: true,
    };

    pub static HELM_RENDER: RuleMeta = RuleMeta {
        id: "helm-render",
        summary: "A Helm chart could not be rendered",
        severity: Severity::High,
        help: "install `helm` (no network is needed), vendor the chart's dependencies, or fix the error shown",
        docs: "ndlint lints a chart as it deploys: it runs `helm template` with the chart's values and each configured environment's values files. When `helm` is not on PATH, a dependency is not vendored under `charts/` (ndlint never runs `helm dependency update`, which needs the network), or the chart fails to render (a `required` value, a template error), the chart was not checked, and this finding says why instead of skipping it silently.",
        references: &[],
        tags: &["coverage"],
        default_enabled: true,
    };

    pub static KUSTOMIZE_RENDER: RuleMeta = RuleMeta {
        id: "kustomize-render",
        summary: "A Kustomize overlay could not be rendered",
        severity: Severity::High,
        help: "install `kustomize` or `kubectl`, or fix the build error shown",
        docs: "ndlint lints each Kustomize render root as it deploys, with `kustomize build` or `kubectl kustomize` (plugins, exec functions, Helm inflation and network access stay disabled). When neither binary is on PATH, a remote base needs the network, or the build fails, the overlay was not checked, and this finding says why instead of skipping it silently.",
        references: &[],
        tags: &["coverage"],
        default_enabled: true,
    };

    pub static TF_NEEDS_INPUT: RuleMeta = RuleMeta {
        id: "tf-needs-input",
        summary: "A Terraform rule could not decide: a value needs input",
        severity: Severity::Info,
        help: "give the variable a value (a `.tfvars` file or `var-files` in the config), or lint the plan",
        docs: "Linting `.tf` sources without a plan, ndlint evaluates what Terraform would. A value that depends on something it cannot know offline (a variable without default or tfvars value, a data source, a module whose source is not available locally, a function ndlint does not evaluate) is unknown. A rule whose decision reads such a value neither passes silently nor fails: it reports this finding, naming the rule and what is unknown, at the attribute. It is `info`, so the default `--fail-on` does not fail on it.",
        references: &[],
        tags: &["coverage", "terraform"],
        default_enabled: true,
    };

    pub static ALL: [&RuleMeta; 6] =
        [&PARSE_ERROR, &UNUSED_IGNORE, &EXPIRED_IGNORE, &HELM_RENDER, &KUSTOMIZE_RENDER, &TF_NEEDS_INPUT];
}

/// Which rules run, and at what severity.
#[derive(Clone, Debug, Default)]
pub struct Selection {
    /// Ids or id prefixes to run; empty means every default-enabled rule.
    pub select: Vec<String>,
    /// Ids or id prefixes never to run.
    pub ignore: Vec<String>,
    pub severity: HashMap<String, Severity>,
}

fn matches_any(id: &str, patterns: &[String]) -> bool {
    patterns.iter().any(|p| {
        let p = p.trim_end_matches('*');
        id == p
            || (id.starts_with(p) && (p.ends_with('-') || p.ends_with('/') || id[p.len()..].starts_with('-')))
    })
}

impl Selection {
    pub fn enabled(&self, id: &str, default_enabled: bool) -> bool {
        if matches_any(id, &self.ignore) {
            return false;
        }
        if self.select.is_empty() { default_enabled } else { matches_any(id, &self.select) }
    }

    pub fn severity_of(&self, id: &str, default: Severity) -> Severity {
        self.severity.get(id).copied().unwrap_or(default)
    }
}

/// Every built-in rule, in a stable order.
pub fn builtin() -> Vec<&'static dyn Rule> {
    k8s::ALL.iter().chain(k8s::PACK).chain(gitops::ALL).copied().collect()
}

/// The rules of a run: the enabled built-in rules plus descriptions of every known rule.
pub struct Registry {
    pub rules: Vec<&'static dyn Rule>,
    pub infos: Vec<RuleInfo>,
    index: HashMap<String, usize>,
    pub selection: Selection,
    /// Settings rules read, such as the target Kubernetes version.
    pub context: RuleContext,
}

impl Registry {
    pub fn new(selection: Selection) -> Registry {
        let all = builtin();
        let mut infos: Vec<RuleInfo> = internal::ALL
            .iter()
            .copied()
            .map(RuleInfo::from)
            .chain(all.iter().map(|r| r.meta().into()))
            .collect();
        infos.extend(terraform::metas().map(RuleInfo::from));
        infos.extend(gha::metas().map(RuleInfo::from));
        infos.extend(crate::schema::rule_infos());
        let index = infos.iter().enumerate().map(|(i, info)| (info.id.clone(), i)).collect();
        let rules =
            all.into_iter().filter(|r| selection.enabled(r.meta().id, r.meta().default_enabled)).collect();
        Registry { rules, infos, index, selection, context: RuleContext::default() }
    }

    /// Sets the Kubernetes version that API deprecation rules check against.
    pub fn set_kube_version(&mut self, version: KubeVersion) {
        self.context.kube_version = version;
    }

    /// Adds descriptions of dynamic rules (Rego, Gatekeeper, schema).
    pub fn add_infos(&mut self, infos: impl IntoIterator<Item = RuleInfo>) {
        for info in infos {
            if !self.index.contains_key(&info.id) {
                self.index.insert(info.id.clone(), self.infos.len());
                self.infos.push(info);
            }
        }
    }

    pub fn info(&self, id: &str) -> Option<&RuleInfo> {
        self.index.get(id).map(|&i| &self.infos[i])
    }

    /// Runs every per-document rule on one document.
    pub fn check(&self, doc: &Document, out: &mut Vec<Finding>) {
        for rule in &self.rules {
            rule.check(doc, &mut Sink::with_context(doc, rule.meta(), out, &self.context));
        }
    }

    /// Runs every cross-document rule over all documents of the run, the rules in parallel (on
    /// the current rayon pool); findings come out in rule order.
    pub fn check_all(&self, docs: &[Document], out: &mut Vec<Finding>) {
        use rayon::prelude::*;
        let found: Vec<Vec<Finding>> = self
            .rules
            .par_iter()
            .map(|rule| {
                let mut found = Vec::new();
                rule.check_all(docs, &mut found);
                found
            })
            .collect();
        out.extend(found.into_iter().flatten());
    }

    /// Applies selection and severity overrides to findings from any source; drops deselected ones.
    pub fn finalize(&self, findings: &mut Vec<Finding>) {
        findings.retain(|f| {
            // ndlint's own findings (parse errors, stale suppressions) survive `--select`.
            if internal::ALL.iter().any(|m| *m.id == *f.rule) {
                return !matches_any(&f.rule, &self.selection.ignore);
            }
            let default_enabled = self.info(&f.rule).is_none_or(|i| i.default_enabled);
            self.selection.enabled(&f.rule, default_enabled)
        });
        for f in findings.iter_mut() {
            f.severity = self.selection.severity_of(&f.rule, f.severity);
        }
    }
}
