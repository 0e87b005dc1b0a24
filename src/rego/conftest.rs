//! conftest conventions: which packages and rules are checked, how results become findings.

use std::collections::BTreeMap;
use std::sync::Arc;

use globset::{Glob, GlobMatcher};
use regorus::unstable::Module;
use serde_json::{Map, Value};

use super::metadata::{self, RuleMetadata};
use super::{Evaluator, LoadProblem, POLICY_ERROR, PolicyFile, RegoOptions, ast};
use crate::document::{Document, Lookup, pointer_push};
use crate::finding::{Finding, FindingSource, Severity, Suppression};
use crate::rules::RuleInfo;
use crate::source::{SourceFile, Span};

/// What a rule's results are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// `deny*` / `violation*`: failures.
    Failure,
    /// `warn*`: warnings.
    Warning,
}

/// The kind of a conftest rule name: `^(deny|violation)(_[a-zA-Z0-9]+)*$` or `^warn(_[a-zA-Z0-9]+)*$`.
pub fn rule_kind(name: &str) -> Option<Kind> {
    let (kind, rest) = if let Some(r) = name.strip_prefix("deny") {
        (Kind::Failure, r)
    } else if let Some(r) = name.strip_prefix("violation") {
        (Kind::Failure, r)
    } else if let Some(r) = name.strip_prefix("warn") {
        (Kind::Warning, r)
    } else {
        return None;
    };
    if rest.is_empty() {
        return Some(kind);
    }
    let rest = rest.strip_prefix('_')?;
    rest.split('_').all(|s| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric())).then_some(kind)
}

/// The name an `exception` entry uses for a rule: `deny_latest_tag` → `latest_tag`, `deny` → ``.
pub fn exception_name(rule: &str) -> &str {
    for p in ["deny", "violation", "warn"] {
        if let Some(r) = rule.strip_prefix(p) {
            return r.strip_prefix('_').unwrap_or(r);
        }
    }
    rule
}

/// One checked rule of a package.
#[derive(Clone, Debug)]
pub struct RuleEntry {
    pub name: String,
    pub kind: Kind,
    pub id: Arc<str>,
    pub severity: Severity,
    pub help: Option<String>,
    /// Index into the policy files and 1-based line of the rule's first definition.
    pub file: usize,
    pub line: u32,
    pub info: RuleInfo,
}

/// One checked package.
#[derive(Clone, Debug)]
pub struct Package {
    /// Dotted package name (`main`, `k8s.labels`).
    pub name: String,
    /// `data.<package>`.
    pub query: String,
    pub rules: Vec<RuleEntry>,
    pub has_exception: bool,
    /// Reads `data.inventory`: evaluated in the cross-document pass.
    pub inventory: bool,
    /// The kinds the package takes as input (other documents are not evaluated) and reads from
    /// `data.inventory`, when its package `# METADATA` says so (`custom.input-kinds`,
    /// `custom.inventory-kinds`, like Gatekeeper's match kinds and sync list); `None`: every kind.
    pub input_kinds: Option<Vec<String>>,
    pub inventory_kinds: Option<Vec<String>>,
    /// File and line of the package (for errors not tied to one rule).
    pub file: usize,
    pub line: u32,
}

impl Package {
    /// Whether `doc` is an input of the package: its kind (`TerraformPlan` for a plan) is one of
    /// the declared input kinds, or the package declares none.
    pub fn takes(&self, doc: &Document) -> bool {
        let kind = match doc.kind() {
            "" if doc.value.get("terraform_version").is_some() => "TerraformPlan",
            kind => kind,
        };
        self.input_kinds.as_ref().is_none_or(|kinds| kinds.iter().any(|k| k == kind))
    }
}

fn namespace_matchers(opts: &RegoOptions) -> Result<Vec<GlobMatcher>, Vec<LoadProblem>> {
    opts.namespaces
        .iter()
        .map(|n| {
            Glob::new(n).map(|g| g.compile_matcher()).map_err(|e| {
                vec![LoadProblem {
                    file: "--namespace".into(),
                    line: 0,
                    column: 0,
                    message: format!("`{n}`: {e}"),
                }]
            })
        })
        .collect()
}

/// `data.a.b`, quoting components that are not identifiers.
pub fn data_ref(components: &[String]) -> String {
    let mut s = String::from("data");
    for c in components {
        let ident = c.chars().next().is_some_and(|ch| ch.is_ascii_alphabetic() || ch == '_')
            && c.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '_');
        if ident {
            s.push('.');
            s.push_str(c);
        } else {
            s.push_str(&format!("[{}]", Value::String(c.clone())));
        }
    }
    s
}

/// Packages evaluated together by one query on their common parent package (e.g. every
/// `ndlint.platform.*` package of the embedded pack in one `data.ndlint.platform` query): regorus
/// then shares one evaluation's caches and parses one query instead of one per package.
#[derive(Clone, Debug)]
pub struct Batch {
    /// `data.<parent>` when the packages are queried together.
    pub query: Option<String>,
    /// Indexes into the plan's packages; each with its path below the parent.
    pub members: Vec<(usize, Vec<String>)>,
}

/// Groups the per-document packages into batches. Packages sharing a parent are batched when
/// every loaded package under that parent is checked on every document (so the shared query
/// evaluates nothing that is not needed); packages that declare their input kinds run alone, on
/// those kinds only.
pub(crate) fn batches(modules: &[&Module], packages: &[Package]) -> Vec<Batch> {
    let loaded: Vec<Vec<String>> = modules.iter().map(|m| ast::package_path(m)).collect();
    let mut by_parent: BTreeMap<Vec<String>, Vec<usize>> = BTreeMap::new();
    let mut out = Vec::new();
    for (i, p) in packages.iter().enumerate() {
        if p.inventory {
            continue;
        }
        if p.input_kinds.is_some() {
            out.push(Batch { query: None, members: vec![(i, Vec::new())] });
            continue;
        }
        let comps: Vec<String> = p.name.split('.').map(str::to_string).collect();
        match comps.split_last() {
            Some((_, parent)) if !parent.is_empty() => by_parent.entry(parent.to_vec()).or_default().push(i),
            _ => out.push(Batch { query: None, members: vec![(i, Vec::new())] }),
        }
    }
    for (parent, members) in by_parent {
        let all_checked = loaded.iter().filter(|l| l.starts_with(&parent)).all(|l| {
            let name = l.join(".");
            packages.iter().any(|p| p.name == name && !p.inventory && p.input_kinds.is_none())
        });
        if members.len() > 1 && all_checked {
            let members = members
                .into_iter()
                .map(|i| {
                    let rest = packages[i].name.split('.').skip(parent.len()).map(str::to_string).collect();
                    (i, rest)
                })
                .collect();
            out.push(Batch { query: Some(data_ref(&parent)), members });
        } else {
            out.extend(members.into_iter().map(|i| Batch { query: None, members: vec![(i, Vec::new())] }));
        }
    }
    out
}

/// Evaluates a batch of packages on the evaluator's current input.
pub(crate) fn eval_batch(ev: &mut Evaluator, batch: &Batch, doc: &Document, out: &mut Vec<Finding>) {
    let shared = ev.shared.clone();
    if let Some(q) = &batch.query {
        let suffix = if shared.with_file { file_suffix(doc) } else { String::new() };
        if let Ok(v) = ev.query_raw(&format!("{q}{suffix}"), doc) {
            for (i, rest) in &batch.members {
                let Some(pkg) = shared.packages.get(*i) else { continue };
                let mut node = v.as_ref();
                for c in rest {
                    node = node.map(|n| &n[c.as_str()]);
                }
                let values = node.map(|n| pick(pkg, n)).unwrap_or_default();
                report(ev, pkg, &values, doc, out);
            }
            return;
        }
    }
    for (i, _) in &batch.members {
        if let Some(pkg) = shared.packages.get(*i).filter(|p| p.takes(doc)) {
            eval_package(ev, pkg, doc, out);
        }
    }
}

/// Decides the checked packages and rules, with their METADATA.
pub(crate) fn plan(
    modules: &[&Module],
    files: &[PolicyFile],
    opts: &RegoOptions,
) -> Result<Vec<Package>, Vec<LoadProblem>> {
    let globs = namespace_matchers(opts)?;
    let mut problems = Vec::new();
    let mut packages: BTreeMap<Vec<String>, Package> = BTreeMap::new();
    for module in modules {
        let path = module.package.span.source.get_path();
        let Some(fi) = files.iter().position(|f| &f.source.path == path) else { continue };
        let file = &files[fi];
        let comps = ast::package_path(module);
        let name = comps.join(".");
        let selected = file.embedded || opts.all_namespaces || globs.iter().any(|g| g.is_match(&name));
        if !selected {
            continue;
        }
        let annotations = match metadata::parse(&file.source.text) {
            Ok(a) => a,
            Err(e) => {
                problems.push(LoadProblem {
                    file: path.clone(),
                    line: e.line,
                    column: 1,
                    message: e.message,
                });
                continue;
            }
        };
        let pkg = packages.entry(comps.clone()).or_insert_with(|| Package {
            name: name.clone(),
            query: data_ref(&comps),
            rules: Vec::new(),
            has_exception: false,
            inventory: false,
            input_kinds: None,
            inventory_kinds: None,
            file: fi,
            line: module.package.span.line,
        });
        pkg.inventory |= file.source.text.contains("data.inventory");
        let package_annotation = annotations.iter().find(|a| {
            a.target_line == module.package.span.line
                && matches!(a.scope.as_str(), "" | "package" | "subpackages")
        });
        let kinds = |key: &str| {
            let list = package_annotation?.value.at(&format!("/custom/{key}"))?.as_array()?;
            Some(list.iter().filter_map(Value::as_str).map(str::to_string).collect::<Vec<_>>())
        };
        pkg.input_kinds = kinds("input-kinds");
        pkg.inventory_kinds = kinds("inventory-kinds");
        let package_meta = package_annotation.map(|a| RuleMetadata::from_value(&a.value));
        let defs = ast::rule_defs(module);
        for def in &defs {
            let Some(rule) = def.path.first() else { continue };
            if def.is_function {
                continue;
            }
            if rule == "exception" {
                pkg.has_exception = true;
                continue;
            }
            let Some(kind) = rule_kind(rule) else { continue };
            let mut meta = RuleMetadata::default();
            for a in &annotations {
                let on_this = a.target_line == def.line && a.scope != "package" && a.scope != "subpackages";
                let on_document = a.scope == "document"
                    && defs.iter().any(|d| d.line == a.target_line && d.path.first() == Some(rule));
                if on_this || on_document {
                    meta.merge(RuleMetadata::from_value(&a.value));
                }
            }
            if let Some(existing) = pkg.rules.iter_mut().find(|r| &r.name == rule) {
                if existing.info.docs.is_empty() && meta.description.is_some() {
                    existing.info.docs = meta.docs();
                }
                continue;
            }
            if meta.id.is_none()
                && let Some(pm) = &package_meta
            {
                // A package-level id applies when the package has a single checked rule name.
                meta.severity = meta.severity.or(pm.severity);
            }
            let id: Arc<str> = meta.id.clone().unwrap_or_else(|| format!("{name}/{rule}")).into();
            let default_sev = match kind {
                Kind::Failure => Severity::High,
                Kind::Warning => Severity::Medium,
            };
            let severity = meta.severity.unwrap_or(default_sev);
            let mut docs = meta.docs();
            if docs.is_empty() {
                docs = format!("Rego rule `{rule}` of package `{name}`.");
            }
            docs.push_str(&format!("\n\nDefined in `{}` line {}.", path, def.line));
            let info = RuleInfo {
                id: id.to_string(),
                summary: meta.title.clone().unwrap_or_else(|| format!("Rego rule {name}.{rule}")),
                severity,
                help: meta.recommended_actions.clone().unwrap_or_default(),
                docs,
                references: meta.references.clone(),
                tags: vec!["rego".into()],
                source: FindingSource::Rego,
                default_enabled: true,
            };
            pkg.rules.push(RuleEntry {
                name: rule.clone(),
                kind,
                id,
                severity,
                help: meta.recommended_actions.clone(),
                file: fi,
                line: def.line,
                info,
            });
        }
    }
    if problems.is_empty() { Ok(packages.into_values().collect()) } else { Err(problems) }
}

/// The checked rules (and `exception`) of a package's value, as JSON; helper rules are not converted.
fn pick(pkg: &Package, v: &regorus::Value) -> Map<String, Value> {
    let mut m = Map::new();
    let names = pkg.rules.iter().map(|r| r.name.as_str()).chain(pkg.has_exception.then_some("exception"));
    for name in names {
        let x = &v[name];
        if *x != regorus::Value::Undefined
            && let Ok(j) = serde_json::to_value(x)
        {
            m.insert(name.to_string(), j);
        }
    }
    m
}

/// The `with data.conftest.file as {…}` suffix for a document.
fn file_suffix(doc: &Document) -> String {
    let path = std::path::Path::new(&doc.file.path);
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let dir = path
        .parent()
        .map(|p| std::path::absolute(if p.as_os_str().is_empty() { std::path::Path::new(".") } else { p }))
        .and_then(Result::ok)
        .map(|p| p.to_string_lossy().into_owned())
        .unwrap_or_default();
    let v = serde_json::json!({"name": name, "dir": dir});
    format!(" with data.conftest.file as {v}")
}

/// Evaluates one package on the evaluator's current input and reports its results.
pub(crate) fn eval_package(ev: &mut Evaluator, pkg: &Package, doc: &Document, out: &mut Vec<Finding>) {
    let suffix = if ev.shared.with_file { file_suffix(doc) } else { String::new() };
    // With a `with` modifier the package is queried at once; without one its rules are evaluated
    // one by one (regorus' `eval_rule` skips parsing a query).
    let whole = (!suffix.is_empty()).then(|| ev.query_raw(&format!("{}{suffix}", pkg.query), doc));
    let values: Map<String, Value> = match whole {
        Some(Ok(Some(v))) => pick(pkg, &v),
        Some(Ok(None)) => Map::new(),
        None | Some(Err(_)) => {
            // Rule by rule, also to isolate a broken rule, which fails a whole-package query.
            let mut m = Map::new();
            let mut names: Vec<(&str, usize, u32)> =
                pkg.rules.iter().map(|r| (r.name.as_str(), r.file, r.line)).collect();
            if pkg.has_exception {
                names.push(("exception", pkg.file, pkg.line));
            }
            for (name, file, line) in names {
                let q = format!("{}.{name}{suffix}", pkg.query);
                match ev.query(&q, doc) {
                    Ok(Some(v)) => {
                        m.insert(name.to_string(), v);
                    }
                    Ok(None) => {}
                    Err(e) => {
                        out.push(policy_error(ev, file, line, &format!("{}.{name}", pkg.query), doc, &e))
                    }
                }
            }
            m
        }
    };
    report(ev, pkg, &values, doc, out);
}

/// A `policy-error` finding at a policy file's line.
pub(crate) fn policy_error(
    ev: &Evaluator,
    file: usize,
    line: u32,
    rule: &str,
    doc: &Document,
    error: &str,
) -> Finding {
    let (source, span) = match ev.shared.files.get(file) {
        Some(f) => (f.source.clone(), line_span(&f.source, line)),
        None => (SourceFile::new("<policy>", ""), Span::default()),
    };
    let at = doc.file.line_col(doc.head_span().start);
    let what = doc.object.as_ref().map(|o| format!(" ({})", o.display())).unwrap_or_default();
    let msg = format!("{rule} failed on {}:{}{what}: {error}", doc.file.path, at.line);
    let mut f = Finding::new(POLICY_ERROR.id, POLICY_ERROR.severity, msg, source, span);
    f.help = Some(POLICY_ERROR.help.into());
    f.source = FindingSource::Rego;
    f
}

/// The span of a 1-based line's text (without indentation).
pub fn line_span(file: &SourceFile, line: u32) -> Span {
    if line == 0 || line as usize > file.line_count() {
        return Span::default();
    }
    let start = file.line_start(line as usize);
    let text = file.line_text(line as usize);
    let indent = text.len() - text.trim_start().len();
    Span::new(start + indent, start + text.trim_end().len())
}

fn report(
    ev: &Evaluator,
    pkg: &Package,
    values: &Map<String, Value>,
    doc: &Document,
    out: &mut Vec<Finding>,
) {
    let exceptions: Vec<&Value> = match values.get("exception") {
        Some(Value::Array(items)) => items.iter().collect(),
        _ => Vec::new(),
    };
    for rule in &pkg.rules {
        let Some(v) = values.get(&rule.name) else { continue };
        let items = match v {
            Value::Array(items) => items,
            other => {
                let e = format!("rule must be a set or array of messages, got {}", type_name(other));
                out.push(policy_error(
                    ev,
                    rule.file,
                    rule.line,
                    &format!("{}.{}", pkg.query, rule.name),
                    doc,
                    &e,
                ));
                continue;
            }
        };
        let suffix = exception_name(&rule.name);
        let excepted = exceptions.iter().any(|e| match e {
            Value::Array(names) => names.iter().any(|n| n.as_str() == Some(suffix)),
            _ => false,
        });
        for item in items {
            match finding(pkg, rule, item, doc) {
                Ok(mut f) => {
                    if excepted {
                        f.suppressed = Some(Suppression {
                            kind: "exception",
                            reason: format!("data.{}.exception[_][_] == \"{suffix}\"", pkg.name),
                        });
                    }
                    out.push(f);
                }
                Err(e) => out.push(policy_error(
                    ev,
                    rule.file,
                    rule.line,
                    &format!("{}.{}", pkg.query, rule.name),
                    doc,
                    &e,
                )),
            }
        }
    }
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// One result item → a finding at the right place.
fn finding(_pkg: &Package, rule: &RuleEntry, item: &Value, doc: &Document) -> Result<Finding, String> {
    let (msg, obj) = match item {
        Value::String(s) => (s.clone(), None),
        Value::Object(o) => match o.get("msg") {
            Some(Value::String(s)) => (s.clone(), Some(o)),
            _ => return Err("\"msg\" field must be present and a string".into()),
        },
        other => {
            return Err(format!(
                "a message must be a string or an object with `msg`, got {}",
                type_name(other)
            ));
        }
    };
    let mut f = Finding::new(rule.id.clone(), rule.severity, msg, doc.file.clone(), doc.head_span());
    f.approximate = true;
    f.help = rule.help.clone();
    f.source = FindingSource::Rego;
    f.object = doc.object.clone();
    f.origin = doc.origin.as_ref().map(|o| o.description.clone());
    if let Some(o) = obj {
        let extra: Map<String, Value> = o
            .iter()
            .filter(|(k, _)| !matches!(k.as_str(), "msg" | "path" | "_loc"))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        if !extra.is_empty() {
            f.metadata = Some(Box::new(extra));
        }
        if let Some(pointer) = o.get("path").and_then(path_pointer) {
            let loc = doc.locate(&pointer);
            if loc.exact {
                f.span = loc.node.value_span();
                f.approximate = false;
            } else if !std::ptr::eq(loc.node, &doc.map) {
                f.span = loc.node.key_span();
            }
            f.pointer = Some(pointer);
        } else if let Some(line) = o.get("_loc").and_then(|l| l.get("line")).and_then(Value::as_u64) {
            let span = line_span(&doc.file, line as u32);
            if line >= 1 && (line as usize) <= doc.file.line_count() {
                f.span = span;
            }
        }
    }
    Ok(f)
}

/// A result's `path`: a JSON pointer, a dotted path (`spec.containers[0].image`), or an array.
pub fn path_pointer(v: &Value) -> Option<String> {
    match v {
        Value::String(s) if s.is_empty() || s.starts_with('/') => Some(s.clone()),
        Value::String(s) => {
            let mut p = String::new();
            for part in s.split('.') {
                let mut rest = part;
                if let Some(i) = rest.find('[') {
                    if i > 0 {
                        pointer_push(&mut p, &rest[..i]);
                    }
                    rest = &rest[i..];
                    while let Some(r) = rest.strip_prefix('[') {
                        let end = r.find(']')?;
                        pointer_push(&mut p, r[..end].trim_matches('"'));
                        rest = &r[end + 1..];
                    }
                } else if !rest.is_empty() {
                    pointer_push(&mut p, rest);
                }
            }
            Some(p)
        }
        Value::Array(parts) => {
            let mut p = String::new();
            for part in parts {
                match part {
                    Value::String(s) => pointer_push(&mut p, s),
                    Value::Number(n) => pointer_push(&mut p, &n.to_string()),
                    _ => return None,
                }
            }
            Some(p)
        }
        _ => None,
    }
}

/// `data.inventory` in Gatekeeper's layout, from the given Kubernetes objects of the run: built
/// straight into regorus values, since it can hold thousands of objects.
pub fn inventory<'a>(docs: impl IntoIterator<Item = &'a Document>) -> regorus::Value {
    /// apiVersion → kind → name → object.
    type Kinds = BTreeMap<String, BTreeMap<String, BTreeMap<String, regorus::Value>>>;
    fn object(entries: impl IntoIterator<Item = (String, regorus::Value)>) -> regorus::Value {
        let map: BTreeMap<regorus::Value, regorus::Value> =
            entries.into_iter().map(|(k, v)| (regorus::Value::from(k), v)).collect();
        regorus::Value::from(map)
    }
    fn kinds(by_version: Kinds) -> regorus::Value {
        object(by_version.into_iter().map(|(version, kinds)| {
            (version, object(kinds.into_iter().map(|(kind, names)| (kind, object(names)))))
        }))
    }
    let mut cluster = Kinds::new();
    let mut namespaced: BTreeMap<String, Kinds> = BTreeMap::new();
    for d in docs {
        let Some(o) = &d.object else { continue };
        let Some(name) = &o.name else { continue };
        let slot = match &o.namespace {
            Some(ns) => namespaced.entry(ns.clone()).or_default(),
            None => &mut cluster,
        };
        let by_kind = slot.entry(o.api_version.clone()).or_default().entry(o.kind.clone()).or_default();
        by_kind.insert(name.clone(), regorus::Value::from(d.value.clone()));
    }
    let namespaced = object(namespaced.into_iter().map(|(ns, by_version)| (ns, kinds(by_version))));
    let inventory = object([("cluster".to_string(), kinds(cluster)), ("namespace".to_string(), namespaced)]);
    object([("inventory".to_string(), inventory)])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_names_and_exceptions() {
        assert_eq!(rule_kind("deny"), Some(Kind::Failure));
        assert_eq!(rule_kind("violation_x_1"), Some(Kind::Failure));
        assert_eq!(rule_kind("warn_missing_team"), Some(Kind::Warning));
        assert_eq!(rule_kind("denyx"), None);
        assert_eq!(rule_kind("deny_"), None);
        assert_eq!(exception_name("deny_latest_tag"), "latest_tag");
        assert_eq!(exception_name("warn"), "");
    }

    #[test]
    fn paths_become_pointers() {
        assert_eq!(path_pointer(&serde_json::json!("/spec/replicas")).unwrap(), "/spec/replicas");
        assert_eq!(
            path_pointer(&serde_json::json!("spec.containers[0].image")).unwrap(),
            "/spec/containers/0/image"
        );
        assert_eq!(
            path_pointer(&serde_json::json!(["metadata", "labels", "a/b", 0])).unwrap(),
            "/metadata/labels/a~1b/0"
        );
    }
}
