//! Gatekeeper ConstraintTemplates and Constraints, evaluated offline like `gator test`, and
//! `gator verify` suites.
//!
//! Templates (`templates.gatekeeper.sh/v1`, `v1beta1`; legacy `rego` + `libs` or `code[]` with
//! engine `Rego`) and Constraints (`constraints.gatekeeper.sh/*`) come from the policy dirs and
//! from the scanned documents. Each object a Constraint matches (kinds, scope, namespaces,
//! excludedNamespaces, labelSelector, namespaceSelector, name) is evaluated with
//! `input.review` shaped like an admission request and `input.parameters`; `data.inventory` holds
//! every object of the run. `enforcementAction` deny / warn / dryrun map to high / medium / info;
//! a `scoped` action uses the strongest action enforced at `gator.gatekeeper.sh` (or `*`). The
//! finding id is `<ConstraintKind>/<constraint-name>`.

use crate::document::Lookup;
use std::collections::{BTreeMap, HashMap};
use std::io::Write;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, bail};
use regorus::Engine;
use serde_json::{Value, json};

use super::{LoadProblem, add_module, ast, error_message, new_engine};
use crate::document::Document;
use crate::finding::{Finding, FindingSource, Severity};
use crate::rules::RuleInfo;
use crate::source::SourceFile;

/// A compiled ConstraintTemplate.
#[derive(Clone)]
pub struct Template {
    pub kind: String,
    /// `data.<package>.violation`.
    query: String,
    engine: Engine,
    pub description: String,
    /// Whether its Rego (or a lib) reads `data.inventory`: only then is the inventory built.
    reads_inventory: bool,
}

/// A Constraint: an instance of a template with match criteria and parameters.
#[derive(Clone, Debug)]
pub struct Constraint {
    pub kind: String,
    pub name: String,
    pub matcher: Value,
    pub parameters: Value,
    /// None when the constraint is not enforced by gator (a scoped action elsewhere).
    pub severity: Option<Severity>,
    pub action: String,
}

impl Constraint {
    pub fn id(&self) -> String {
        format!("{}/{}", self.kind, self.name)
    }
}

/// Templates and constraints.
#[derive(Clone, Default)]
pub struct Gatekeeper {
    pub templates: BTreeMap<String, Template>,
    pub constraints: Vec<Constraint>,
}

/// Whether a document is a ConstraintTemplate or a Constraint (not a workload to check).
pub fn is_gatekeeper_object(v: &Value) -> bool {
    let api = v.get("apiVersion").and_then(Value::as_str).unwrap_or_default();
    api.starts_with("templates.gatekeeper.sh/") || api.starts_with("constraints.gatekeeper.sh/")
}

impl Gatekeeper {
    /// Adds templates and constraints from documents; problems are returned with the document's
    /// file and line.
    pub fn add_documents<'a>(
        &mut self,
        docs: impl IntoIterator<Item = &'a Document>,
        time_limit: Duration,
    ) -> Vec<LoadProblem> {
        let mut problems = Vec::new();
        let docs: Vec<&Document> = docs.into_iter().collect();
        for d in &docs {
            let api = d.value.get("apiVersion").and_then(Value::as_str).unwrap_or_default();
            if api.starts_with("templates.gatekeeper.sh/") && d.kind() == "ConstraintTemplate" {
                match Template::from_value(&d.value, &d.file.path, time_limit) {
                    Ok(t) => {
                        self.templates.insert(t.kind.clone(), t);
                    }
                    Err(message) => {
                        let lc = d.file.line_col(d.head_span().start);
                        problems.push(LoadProblem {
                            file: d.file.path.clone(),
                            line: lc.line as u32,
                            column: lc.column as u32,
                            message,
                        });
                    }
                }
            }
        }
        for d in &docs {
            let api = d.value.get("apiVersion").and_then(Value::as_str).unwrap_or_default();
            if api.starts_with("constraints.gatekeeper.sh/") {
                self.constraints.push(Constraint::from_value(&d.value));
            }
        }
        problems
    }

    /// Rule descriptions of the constraints.
    pub fn rule_infos(&self) -> Vec<RuleInfo> {
        self.constraints
            .iter()
            .map(|c| {
                let desc = self.templates.get(&c.kind).map(|t| t.description.clone()).unwrap_or_default();
                RuleInfo {
                    id: c.id(),
                    summary: format!("Gatekeeper constraint {} ({})", c.name, c.kind),
                    severity: c.severity.unwrap_or(Severity::Info),
                    help: String::new(),
                    docs: if desc.is_empty() {
                        format!("Gatekeeper constraint of template {}.", c.kind)
                    } else {
                        desc
                    },
                    references: Vec::new(),
                    tags: vec!["gatekeeper".into()],
                    source: FindingSource::Gatekeeper,
                    default_enabled: true,
                }
            })
            .collect()
    }

    /// Evaluates every constraint on every matching document (gatekeeper objects excluded), with
    /// `data.inventory` built from `docs` (or from `inventory` when given).
    pub fn check(&self, docs: &[Document], inventory: Option<&[Document]>, out: &mut Vec<Finding>) {
        if self.constraints.is_empty() {
            return;
        }
        let inv_docs = inventory.unwrap_or(docs);
        // The inventory (every object of the run) is large: build it once, and only when a template
        // of a constraint reads it.
        let needs_inventory =
            self.constraints.iter().any(|c| self.templates.get(&c.kind).is_some_and(|t| t.reads_inventory));
        let inv = if needs_inventory { super::conftest::inventory(inv_docs) } else { regorus::Value::Null };
        let with_inventory = |t: &Template| {
            let mut e = t.engine.clone();
            if t.reads_inventory {
                let _ = e.add_data(inv.clone());
            }
            e
        };
        let namespaces: HashMap<String, &Value> = docs
            .iter()
            .chain(inv_docs)
            .filter(|d| d.kind() == "Namespace")
            .filter_map(|d| Some((d.object.as_ref()?.name.clone()?, &d.value)))
            .collect();
        let mut engines: HashMap<String, Engine> = HashMap::new();
        for c in &self.constraints {
            let Some(severity) = c.severity else { continue };
            let Some(t) = self.templates.get(&c.kind) else {
                continue;
            };
            let engine = engines.entry(c.kind.clone()).or_insert_with(|| with_inventory(t));
            for d in docs {
                if is_gatekeeper_object(&d.value) || !matches(&c.matcher, &d.value, &namespaces) {
                    continue;
                }
                let input = json!({"review": review(&d.value), "parameters": c.parameters});
                engine.set_input(regorus::Value::from(input));
                let r = super::contained(|| engine.eval_query(t.query.clone(), false));
                let _ = engine.take_prints();
                let results: Vec<Value> = match r {
                    Ok(Ok(res)) => res
                        .result
                        .first()
                        .and_then(|r| r.expressions.first())
                        .and_then(|e| serde_json::to_value(&e.value).ok())
                        .and_then(|v| v.as_array().cloned())
                        .unwrap_or_default(),
                    Ok(Err(e)) => vec![json!({"msg": error_message(&format!("{e}")), "error": true})],
                    Err(_) => {
                        *engine = with_inventory(t);
                        vec![json!({"msg": "the Rego engine crashed (regorus panic)", "error": true})]
                    }
                };
                for r in results {
                    let msg =
                        r.get("msg").and_then(Value::as_str).unwrap_or("violation without msg").to_string();
                    let is_error = r.get("error").is_some();
                    let mut f = Finding::new(
                        if is_error { Arc::from(super::POLICY_ERROR.id) } else { Arc::from(c.id()) },
                        if is_error { Severity::High } else { severity },
                        if is_error { format!("{} failed: {msg}", c.id()) } else { msg },
                        d.file.clone(),
                        d.head_span(),
                    );
                    f.approximate = true;
                    f.source = FindingSource::Gatekeeper;
                    f.object = d.object.clone();
                    f.origin = d.origin.as_ref().map(|o| o.description.clone());
                    out.push(f);
                }
            }
        }
    }
}

impl Template {
    pub fn from_value(v: &Value, path: &str, time_limit: Duration) -> Result<Template, String> {
        let kind = v
            .at("/spec/crd/spec/names/kind")
            .and_then(Value::as_str)
            .ok_or("ConstraintTemplate has no spec.crd.spec.names.kind")?
            .to_string();
        let targets = v
            .at("/spec/targets")
            .and_then(Value::as_array)
            .ok_or("ConstraintTemplate has no spec.targets")?;
        let target = targets
            .iter()
            .find(|t| t.get("target").and_then(Value::as_str) == Some("admission.k8s.gatekeeper.sh"))
            .ok_or("ConstraintTemplate has no admission.k8s.gatekeeper.sh target")?;
        let (rego, libs) = match target.get("rego").and_then(Value::as_str) {
            Some(r) => (r.to_string(), target.get("libs").cloned()),
            None => {
                let code = target
                    .get("code")
                    .and_then(Value::as_array)
                    .and_then(|c| c.iter().find(|c| c.get("engine").and_then(Value::as_str) == Some("Rego")))
                    .ok_or("ConstraintTemplate has no Rego source (only Rego templates are supported)")?;
                let r =
                    code.at("/source/rego").and_then(Value::as_str).ok_or("code[Rego] has no source.rego")?;
                (r.to_string(), code.at("/source/libs").cloned())
            }
        };
        let reads_inventory = rego.contains("data.inventory")
            || libs.as_ref().and_then(Value::as_array).is_some_and(|l| {
                l.iter().any(|lib| lib.as_str().is_some_and(|t| t.contains("data.inventory")))
            });
        let mut engine = new_engine(time_limit);
        let main_path = format!("{path}#{kind}");
        add_module(&mut engine, &main_path, &rego).map_err(|p| format!("template {kind}: {}", p.message))?;
        if let Some(Value::Array(libs)) = libs {
            for (i, lib) in libs.iter().enumerate() {
                let text = lib.as_str().unwrap_or_default();
                add_module(&mut engine, &format!("{main_path}/lib{i}"), text)
                    .map_err(|p| format!("template {kind} lib {i}: {}", p.message))?;
            }
        }
        let modules = engine.get_modules().to_vec();
        let refs: Vec<_> = modules.iter().map(|m| m.as_ref()).collect();
        if let Some(call) = ast::missing_calls(&refs, &[]).first() {
            return Err(format!(
                "template {kind}: line {} of its Rego calls `{}`, which regorus does not provide",
                call.line, call.name
            ));
        }
        let pkg = modules.first().map(|m| ast::package_path(m)).unwrap_or_default();
        let query = format!("{}.violation", super::conftest::data_ref(&pkg));
        engine.set_input(regorus::Value::new_object());
        let _ = super::contained(|| engine.eval_query("true".into(), false));
        let description =
            v.at("/metadata/annotations/description").and_then(Value::as_str).unwrap_or_default().to_string();
        Ok(Template { kind, query, engine, description, reads_inventory })
    }
}

impl Constraint {
    pub fn from_value(v: &Value) -> Constraint {
        let kind = v.get("kind").and_then(Value::as_str).unwrap_or_default().to_string();
        let name = v.at("/metadata/name").and_then(Value::as_str).unwrap_or_default().to_string();
        let spec = v.get("spec").cloned().unwrap_or(Value::Null);
        let action = spec.get("enforcementAction").and_then(Value::as_str).unwrap_or("deny").to_string();
        let severity = match action.as_str() {
            "scoped" => {
                let mut best: Option<Severity> = None;
                for s in spec.get("scopedEnforcementActions").and_then(Value::as_array).into_iter().flatten()
                {
                    let applies =
                        s.get("enforcementPoints").and_then(Value::as_array).into_iter().flatten().any(|p| {
                            matches!(p.get("name").and_then(Value::as_str), Some("gator.gatekeeper.sh" | "*"))
                        });
                    if applies {
                        let sev =
                            action_severity(s.get("action").and_then(Value::as_str).unwrap_or_default());
                        best = best.max(sev);
                    }
                }
                best
            }
            a => action_severity(a),
        };
        Constraint {
            kind,
            name,
            matcher: spec.get("match").cloned().unwrap_or(Value::Null),
            parameters: spec.get("parameters").cloned().unwrap_or_else(|| json!({})),
            severity,
            action,
        }
    }
}

fn action_severity(action: &str) -> Option<Severity> {
    match action {
        "deny" => Some(Severity::High),
        "warn" => Some(Severity::Medium),
        "dryrun" => Some(Severity::Info),
        _ => None,
    }
}

/// The admission request gator builds for an object.
pub fn review(obj: &Value) -> Value {
    let api = obj.get("apiVersion").and_then(Value::as_str).unwrap_or_default();
    let (group, version) = api.rsplit_once('/').unwrap_or(("", api));
    let kind = obj.get("kind").and_then(Value::as_str).unwrap_or_default();
    let mut r = json!({
        "uid": "",
        "kind": {"group": group, "version": version, "kind": kind},
        "resource": {"group": "", "version": "", "resource": ""},
        "name": obj.at("/metadata/name").cloned().unwrap_or(Value::String(String::new())),
        "operation": "",
        "userInfo": {},
        "object": obj,
        "oldObject": null,
        "options": null,
    });
    if let (Some(ns), Some(m)) = (obj.at("/metadata/namespace"), r.as_object_mut()) {
        m.insert("namespace".into(), ns.clone());
    }
    r
}

/// Gatekeeper's wildcard: a `*` prefix or suffix.
fn wildcard(pattern: &str, s: &str) -> bool {
    if let Some(p) = pattern.strip_suffix('*') {
        s.starts_with(p)
    } else if let Some(p) = pattern.strip_prefix('*') {
        s.ends_with(p)
    } else {
        pattern == s
    }
}

fn strings(v: Option<&Value>) -> Vec<&str> {
    v.and_then(Value::as_array).map(|a| a.iter().filter_map(Value::as_str).collect()).unwrap_or_default()
}

/// Whether `labels` satisfy a Kubernetes label selector.
pub fn selector_matches(selector: &Value, labels: &Value) -> bool {
    let get = |k: &str| labels.get(k).and_then(Value::as_str);
    if let Some(Value::Object(ml)) = selector.get("matchLabels")
        && !ml.iter().all(|(k, v)| get(k) == v.as_str())
    {
        return false;
    }
    for e in selector.get("matchExpressions").and_then(Value::as_array).into_iter().flatten() {
        let key = e.get("key").and_then(Value::as_str).unwrap_or_default();
        let values = strings(e.get("values"));
        let ok = match e.get("operator").and_then(Value::as_str).unwrap_or_default() {
            "In" => get(key).is_some_and(|v| values.contains(&v)),
            "NotIn" => get(key).is_none_or(|v| !values.contains(&v)),
            "Exists" => get(key).is_some(),
            "DoesNotExist" => get(key).is_none(),
            _ => false,
        };
        if !ok {
            return false;
        }
    }
    true
}

/// Gatekeeper's match semantics (all criteria ANDed; an absent criterion matches).
pub fn matches(m: &Value, obj: &Value, namespaces: &HashMap<String, &Value>) -> bool {
    let api = obj.get("apiVersion").and_then(Value::as_str).unwrap_or_default();
    let group = api.rsplit_once('/').map_or("", |(g, _)| g);
    let kind = obj.get("kind").and_then(Value::as_str).unwrap_or_default();
    let name = obj.at("/metadata/name").and_then(Value::as_str);
    let is_namespace = kind == "Namespace" && group.is_empty();
    let ns = if is_namespace { name } else { obj.at("/metadata/namespace").and_then(Value::as_str) };
    if let Some(kinds) = m.get("kinds").and_then(Value::as_array) {
        let ok = kinds.iter().any(|k| {
            let groups = strings(k.get("apiGroups"));
            let ks = strings(k.get("kinds"));
            (groups.is_empty() || groups.iter().any(|g| *g == "*" || *g == group))
                && (ks.is_empty() || ks.iter().any(|x| *x == "*" || *x == kind))
        });
        if !ok {
            return false;
        }
    }
    let namespaced = obj.at("/metadata/namespace").is_some();
    match m.get("scope").and_then(Value::as_str) {
        Some("Cluster") if namespaced => return false,
        Some("Namespaced") if !namespaced => return false,
        _ => {}
    }
    if let Some(ns) = ns {
        let list = strings(m.get("namespaces"));
        if m.get("namespaces").is_some() && !list.iter().any(|p| wildcard(p, ns)) {
            return false;
        }
        if strings(m.get("excludedNamespaces")).iter().any(|p| wildcard(p, ns)) {
            return false;
        }
    }
    if let Some(sel) = m.get("labelSelector") {
        let labels = obj.at("/metadata/labels").cloned().unwrap_or_else(|| json!({}));
        if !selector_matches(sel, &labels) {
            return false;
        }
    }
    if let Some(sel) = m.get("namespaceSelector") {
        let ns_labels = if is_namespace {
            obj.at("/metadata/labels").cloned()
        } else {
            match ns {
                Some(ns) => match namespaces.get(ns) {
                    Some(n) => n.at("/metadata/labels").cloned(),
                    None => return false,
                },
                None => None,
            }
        };
        if (is_namespace || ns.is_some()) && !selector_matches(sel, &ns_labels.unwrap_or_else(|| json!({}))) {
            return false;
        }
    }
    if let Some(pattern) = m.get("name").and_then(Value::as_str) {
        let generate = obj.at("/metadata/generateName").and_then(Value::as_str);
        if !name.or(generate).is_some_and(|n| wildcard(pattern, n)) {
            return false;
        }
    }
    true
}

/// Kubernetes documents of a YAML file (an `AdmissionReview` yields its request's object).
fn read_documents(path: &Path) -> anyhow::Result<Vec<Document>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let file = SourceFile::new(super::display_path(path), text);
    let parsed = crate::parse::kubernetes_documents(&file);
    if let Some(f) = parsed.findings.first() {
        let lc = f.file.line_col(f.span.start);
        bail!("{}:{}:{}: {}", f.file.path, lc.line, lc.column, f.message);
    }
    let mut docs = parsed.documents;
    for d in &mut docs {
        if d.kind() == "AdmissionReview" {
            let req = d.value.get("request").cloned().unwrap_or(Value::Null);
            let deleting = req.get("operation").and_then(Value::as_str) == Some("DELETE");
            let obj = if deleting { req.get("oldObject") } else { req.get("object") };
            d.value = obj.cloned().unwrap_or(Value::Null);
            d.object = crate::document::ObjectRef::from_value(&d.value);
        }
    }
    Ok(docs)
}

/// Case counts of a suite run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SuiteCounts {
    pub passed: usize,
    pub failed: usize,
    pub skipped: usize,
}

/// Runs one `gator verify` suite; prints one line per case (`PASS|FAIL|SKIP <suite> <test>/<case>`).
/// Skipped cases (`skip: true`) do not fail the suite, as with gator.
pub fn verify_suite(path: &Path, out: &mut dyn Write) -> anyhow::Result<SuiteCounts> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let file = SourceFile::new(super::display_path(path), text);
    let stream = crate::parse::yaml::parse_stream(&file);
    if let Some(e) = stream.errors.first() {
        let lc = file.line_col(e.span.start);
        bail!("{}:{}:{}: {}", file.path, lc.line, lc.column, e.message);
    }
    let suite = stream.documents.into_iter().next().map(|d| d.value).unwrap_or(Value::Null);
    let mut counts = SuiteCounts::default();
    if suite.get("kind").and_then(Value::as_str) != Some("Suite") {
        return Ok(counts);
    }
    let base = path.parent().unwrap_or(Path::new("."));
    for test in suite.get("tests").and_then(Value::as_array).into_iter().flatten() {
        let tname = test.get("name").and_then(Value::as_str).unwrap_or("<unnamed>");
        let mut gk = Gatekeeper::default();
        let mut docs = Vec::new();
        for key in ["template", "constraint"] {
            if let Some(p) = test.get(key).and_then(Value::as_str) {
                docs.extend(read_documents(&base.join(p))?);
            }
        }
        let problems = gk.add_documents(&docs, Duration::from_secs(5));
        if let Some(p) = problems.first() {
            bail!("{p}");
        }
        if test.get("invalid").and_then(Value::as_bool) == Some(true) {
            writeln!(
                out,
                "SKIP {} {tname}: `invalid` constraints (schema validation) are not supported",
                file.path
            )?;
            counts.skipped += 1;
            continue;
        }
        for case in test.get("cases").and_then(Value::as_array).into_iter().flatten() {
            let cname = case.get("name").and_then(Value::as_str).unwrap_or("<unnamed>");
            if case.get("skip").and_then(Value::as_bool) == Some(true) {
                writeln!(out, "SKIP {} {tname}/{cname}", file.path)?;
                counts.skipped += 1;
                continue;
            }
            let object = match case.get("object").and_then(Value::as_str) {
                Some(p) => read_documents(&base.join(p))?,
                None => Vec::new(),
            };
            let mut inventory = Vec::new();
            for p in strings(case.get("inventory")) {
                inventory.extend(read_documents(&base.join(p))?);
            }
            let mut findings = Vec::new();
            gk.check(&object, Some(&inventory), &mut findings);
            let msgs: Vec<&str> = findings.iter().map(|f| f.message.as_str()).collect();
            let mut failures = Vec::new();
            let assertions = case.get("assertions").and_then(Value::as_array).cloned().unwrap_or_default();
            if assertions.is_empty() {
                failures.push("no assertions".to_string());
            }
            for a in &assertions {
                let matching: Vec<&&str> = match a.get("message").and_then(Value::as_str) {
                    Some(re) => {
                        let re = regex::Regex::new(re)
                            .with_context(|| format!("{}: bad message regex", file.path))?;
                        msgs.iter().filter(|m| re.is_match(m)).collect()
                    }
                    None => msgs.iter().collect(),
                };
                let n = matching.len();
                let ok = match a.get("violations") {
                    None | Some(Value::Bool(true)) => n >= 1,
                    Some(Value::String(s)) if s == "yes" => n >= 1,
                    Some(Value::Bool(false)) => n == 0,
                    Some(Value::String(s)) if s == "no" => n == 0,
                    Some(Value::Number(x)) => x.as_u64() == Some(n as u64),
                    Some(other) => bail!("{}: {tname}/{cname}: bad `violations` value {other}", file.path),
                };
                if !ok {
                    failures.push(format!(
                        "expected violations {} got {n} {msgs:?}",
                        a.get("violations").unwrap_or(&json!("yes"))
                    ));
                }
            }
            if failures.is_empty() {
                writeln!(out, "PASS {} {tname}/{cname}", file.path)?;
                counts.passed += 1;
            } else {
                counts.failed += 1;
                writeln!(out, "FAIL {} {tname}/{cname}: {}", file.path, failures.join("; "))?;
            }
        }
    }
    Ok(counts)
}

/// Templates and constraints from the YAML files of policy dirs.
pub(crate) fn load_dirs(
    dirs: &[std::path::PathBuf],
    time_limit: Duration,
) -> Result<Gatekeeper, Vec<LoadProblem>> {
    let mut gk = Gatekeeper::default();
    let mut docs = Vec::new();
    let mut problems = Vec::new();
    for dir in dirs {
        let mut files = Vec::new();
        let _ = super::collect_files(
            dir,
            &mut |p| matches!(p.extension().and_then(|e| e.to_str()), Some("yaml" | "yml")),
            &mut files,
        );
        for f in files {
            if f.is_file() && matches!(f.extension().and_then(|e| e.to_str()), Some("yaml" | "yml")) {
                let Ok(text) = std::fs::read_to_string(&f) else { continue };
                if !text.contains("gatekeeper.sh/") {
                    continue;
                }
                let file = SourceFile::new(super::display_path(&f), text);
                docs.extend(
                    crate::parse::kubernetes_documents(&file)
                        .documents
                        .into_iter()
                        .filter(|d| is_gatekeeper_object(&d.value)),
                );
            }
        }
    }
    problems.extend(gk.add_documents(&docs, time_limit));
    if problems.is_empty() { Ok(gk) } else { Err(problems) }
}
