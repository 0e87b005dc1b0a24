//! Gatekeeper ConstraintTemplates and Constraints, evaluated offline like `gator test`, and
//! `gator verify` suites.
//!
//! Templates (`templates.gatekeeper.sh/v1`, `v1beta1`; legacy `rego` + `libs` or `code[]` with
//! engine `Rego`) and Constraints (`constraints.gatekeeper.sh/*`) come from the policy dirs and
//! from the scanned documents (registered before any document is checked). Each object a
//! Constraint matches (kinds, scope, namespaces, excludedNamespaces, labelSelector,
//! namespaceSelector, name) is evaluated with `input.review` shaped like an admission request (an
//! `AdmissionReview` case uses its own request: operation, `oldObject`, `userInfo`) and
//! `input.parameters`.
//!
//! # Where constraints run
//!
//! Constraints run per document in the worker threads ([`Gatekeeper::check_document`] with
//! [`Which::PerDocument`]); the Namespace objects of the run (for `namespaceSelector`) are
//! registered with the templates before any document is checked. A constraint is *deferred* to
//! the join phase when its template reads `data.inventory`; the run keeps whole only the
//! documents such constraints can match, and for the
//! inventory only the kinds their templates read (`data.inventory.cluster[_]["Kind"]`,
//! `data.inventory.namespace[_][_]["Kind"]`; any other use of `data.inventory` reads every kind),
//! as values without source maps. A Gatekeeper `Config` (`config.gatekeeper.sh`) with
//! `spec.sync.syncOnly` narrows the inventory to those kinds, as in the cluster; without one every
//! object of the run is in it.
//!
//! # Severities
//!
//! `enforcementAction` deny (the default) / warn / dryrun map to high / medium / info; a `scoped`
//! action uses the strongest action enforced at `gator.gatekeeper.sh` (or `*`), and a constraint
//! enforced elsewhere only is not run. The finding id is `<ConstraintKind>/<constraint-name>`; a
//! result's `details` are kept as the finding's metadata.
//!
//! # Parameters
//!
//! A constraint's `spec.parameters` are validated against the template's
//! `spec.crd.spec.validation.openAPIV3Schema`; a constraint that does not match is not run (the
//! API server would reject it) and is reported as a `policy-error` at its line.

use crate::document::Lookup;
use std::collections::{BTreeMap, BTreeSet, HashMap};
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
use crate::source::{SourceFile, Span};

/// A set of kinds: some, or any.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Kinds {
    Any,
    Only(BTreeSet<String>),
}

impl Default for Kinds {
    fn default() -> Self {
        Kinds::Only(BTreeSet::new())
    }
}

impl Kinds {
    pub fn contains(&self, kind: &str) -> bool {
        match self {
            Kinds::Any => true,
            Kinds::Only(k) => k.contains(kind),
        }
    }

    pub fn extend(&mut self, other: &Kinds) {
        match (&mut *self, other) {
            (Kinds::Any, _) => {}
            (_, Kinds::Any) => *self = Kinds::Any,
            (Kinds::Only(a), Kinds::Only(b)) => a.extend(b.iter().cloned()),
        }
    }

    pub fn insert(&mut self, kind: &str) {
        if let Kinds::Only(k) = self {
            k.insert(kind.to_string());
        }
    }
}

/// A compiled ConstraintTemplate.
#[derive(Clone)]
pub struct Template {
    pub kind: String,
    /// `data.<package>.violation`.
    query: String,
    engine: Engine,
    pub description: String,
    /// The kinds its Rego (or a lib) reads from `data.inventory`; `None` when it reads none.
    inventory: Option<Kinds>,
    /// The constraint parameters' schema.
    parameters: Option<Arc<jsonschema::Validator>>,
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

/// Which constraints an evaluation runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Which {
    /// Those that need nothing but the document (the worker threads' part).
    PerDocument,
    /// Those that read `data.inventory` (the join phase's part).
    Deferred,
    All,
}

/// Templates, constraints, and the `Config` sync list.
#[derive(Clone, Default)]
pub struct Gatekeeper {
    pub templates: BTreeMap<String, Template>,
    pub constraints: Vec<Constraint>,
    /// `spec.sync.syncOnly` of a `Config`: `(group, version, kind)`, empty parts matching any.
    pub sync: Option<Vec<(String, String, String)>>,
    /// The Namespace objects of the run, by name, registered before any document is checked, for
    /// `namespaceSelector`.
    pub namespaces: HashMap<String, Value>,
}

/// Whether a document is a ConstraintTemplate, a Constraint or a Gatekeeper Config (not a workload
/// to check).
pub fn is_gatekeeper_object(v: &Value) -> bool {
    let api = v.get("apiVersion").and_then(Value::as_str).unwrap_or_default();
    api.starts_with("templates.gatekeeper.sh/")
        || api.starts_with("constraints.gatekeeper.sh/")
        || api.starts_with("config.gatekeeper.sh/")
}

/// Whether a file's text may hold Gatekeeper objects, or Namespace objects (whose labels
/// `namespaceSelector` reads): such files are read before any document is checked.
pub fn mentions_gatekeeper(text: &str) -> bool {
    text.contains("kind: Namespace")
        || text.contains("\"Namespace\"")
        || text.contains("templates.gatekeeper.sh/")
        || text.contains("constraints.gatekeeper.sh/")
        || text.contains("config.gatekeeper.sh/")
}

/// Per-thread template engines, cloned on first use.
pub type Engines = HashMap<String, Engine>;

impl Gatekeeper {
    /// Adds templates, constraints and the sync list from documents. Templates that do not load
    /// are problems (file and line of the document); constraints whose parameters do not match
    /// their template's schema are findings, and are left out.
    pub fn add_documents<'a>(
        &mut self,
        docs: impl IntoIterator<Item = &'a Document>,
        time_limit: Duration,
    ) -> (Vec<LoadProblem>, Vec<Finding>) {
        let mut problems = Vec::new();
        let mut findings = Vec::new();
        let docs: Vec<&Document> = docs.into_iter().collect();
        let api =
            |d: &Document| d.value.get("apiVersion").and_then(Value::as_str).unwrap_or_default().to_string();
        for d in docs
            .iter()
            .filter(|d| api(d).starts_with("templates.gatekeeper.sh/") && d.kind() == "ConstraintTemplate")
        {
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
        for d in &docs {
            if api(d).starts_with("config.gatekeeper.sh/") && d.kind() == "Config" {
                let only = d.value.at("/spec/sync/syncOnly").and_then(Value::as_array);
                let list = self.sync.get_or_insert_with(Vec::new);
                for e in only.into_iter().flatten() {
                    let part = |k: &str| e.get(k).and_then(Value::as_str).unwrap_or_default().to_string();
                    list.push((part("group"), part("version"), part("kind")));
                }
            }
        }
        for d in &docs {
            if !api(d).starts_with("constraints.gatekeeper.sh/") {
                continue;
            }
            let c = Constraint::from_value(&d.value);
            match self.invalid_parameters(&c) {
                Some((at, e)) => {
                    let loc = d.locate(&format!("/spec/parameters{at}"));
                    let span = (!std::ptr::eq(loc.node, &d.map)).then(|| loc.node.key_span());
                    findings.push(gatekeeper_error(
                        format!(
                            "constraint {} is invalid (Gatekeeper would reject it): parameters{at}: {e}",
                            c.id()
                        ),
                        d,
                        span,
                    ))
                }
                None => self.constraints.push(c),
            }
        }
        (problems, findings)
    }

    /// Where (a pointer under `parameters`) and why a constraint's parameters do not match its
    /// template's schema, if they do not.
    pub fn invalid_parameters(&self, c: &Constraint) -> Option<(String, String)> {
        let schema = self.templates.get(&c.kind)?.parameters.as_ref()?;
        let e = schema.iter_errors(&c.parameters).next()?;
        Some((e.instance_path().as_str().to_string(), e.to_string()))
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

    /// Whether a constraint runs in the join phase: its template reads `data.inventory`.
    pub fn deferred(&self, c: &Constraint) -> bool {
        self.templates.get(&c.kind).is_some_and(|t| t.inventory.is_some())
    }

    fn runs(&self, c: &Constraint, which: Which) -> bool {
        match which {
            Which::All => true,
            Which::PerDocument => !self.deferred(c),
            Which::Deferred => self.deferred(c),
        }
    }

    pub fn has(&self, which: Which) -> bool {
        self.constraints.iter().any(|c| c.severity.is_some() && self.runs(c, which))
    }

    /// The kinds the deferred constraints can match (kept whole by the run) and the kinds the
    /// inventory needs (kept as values).
    pub fn deferred_kinds(&self) -> (Kinds, Kinds) {
        let (mut input, mut inventory) = (Kinds::default(), Kinds::default());
        for c in self.constraints.iter().filter(|c| c.severity.is_some() && self.deferred(c)) {
            input.extend(&matched_kinds(&c.matcher));
            if let Some(k) = self.templates.get(&c.kind).and_then(|t| t.inventory.as_ref()) {
                inventory.extend(k);
            }
        }
        (input, inventory)
    }

    /// Whether an object belongs in `data.inventory`: a kind some deferred template reads, synced
    /// by the `Config` when there is one.
    fn in_inventory(&self, read: &Kinds, d: &Document) -> bool {
        let Some(o) = &d.object else { return false };
        if !read.contains(&o.kind) || is_gatekeeper_object(&d.value) {
            return false;
        }
        let (group, version) = o.api_version.rsplit_once('/').unwrap_or(("", &o.api_version));
        self.sync.as_ref().is_none_or(|list| {
            list.iter().any(|(g, v, k)| {
                (g == group || g == "*")
                    && (v.is_empty() || v == version || v == "*")
                    && (k == &o.kind || k == "*")
            })
        })
    }

    /// Template engines for the join phase: those reading `data.inventory` get it, built from
    /// `inventory` (the kinds the templates read, as synced).
    pub fn inventory_engines(&self, inventory: &[Document]) -> HashMap<String, Engine> {
        let mut read = Kinds::default();
        for t in self.templates.values() {
            if let Some(k) = &t.inventory {
                read.extend(k);
            }
        }
        if read == Kinds::default() {
            return HashMap::new();
        }
        let inv = super::conftest::inventory(inventory.iter().filter(|d| self.in_inventory(&read, d)));
        let mut out = HashMap::new();
        for t in self.templates.values().filter(|t| t.inventory.is_some()) {
            let mut e = t.engine.clone();
            let _ = e.add_data(inv.clone());
            // Prepare once, so that the workers' clones share the prepared state.
            let _ = super::contained(|| e.eval_query("true".into(), false));
            out.insert(t.kind.clone(), e);
        }
        out
    }

    /// Evaluates `which` constraints on one document (gatekeeper objects are skipped). `request`
    /// is the admission request of an `AdmissionReview` case; otherwise gator's offline request is
    /// built. `bases` are engines with the inventory (the join phase's); `engines` the caller's.
    #[allow(clippy::too_many_arguments)]
    pub fn check_document(
        &self,
        engines: &mut Engines,
        bases: &HashMap<String, Engine>,
        doc: &Document,
        request: Option<&Value>,
        namespaces: &HashMap<String, &Value>,
        which: Which,
        out: &mut Vec<Finding>,
    ) {
        if is_gatekeeper_object(&doc.value) {
            return;
        }
        let lookup = |ns: &str| namespaces.get(ns).copied().or_else(|| self.namespaces.get(ns));
        let mut review: Option<regorus::Value> = None;
        for c in &self.constraints {
            let Some(severity) = c.severity else { continue };
            if !self.runs(c, which) {
                continue;
            }
            let Some(t) = self.templates.get(&c.kind) else { continue };
            let old = request.and_then(|r| r.get("oldObject")).filter(|o| o.is_object());
            if !matches(&c.matcher, &doc.value, &lookup)
                && !old.is_some_and(|o| matches(&c.matcher, o, &lookup))
            {
                continue;
            }
            let fresh = || bases.get(&t.kind).unwrap_or(&t.engine).clone();
            let engine = engines.entry(c.kind.clone()).or_insert_with(fresh);
            let review = review
                .get_or_insert_with(|| {
                    regorus::Value::from(request.cloned().unwrap_or_else(|| self::review(&doc.value)))
                })
                .clone();
            let input: BTreeMap<regorus::Value, regorus::Value> = [
                (regorus::Value::from("review"), review),
                (regorus::Value::from("parameters"), regorus::Value::from(c.parameters.clone())),
            ]
            .into();
            engine.set_input(regorus::Value::from(input));
            let r = super::contained(|| engine.eval_rule(t.query.clone()));
            let _ = engine.take_prints();
            let results: Vec<Value> = match r {
                Ok(Ok(v)) => {
                    serde_json::to_value(&v).ok().and_then(|v| v.as_array().cloned()).unwrap_or_default()
                }
                Ok(Err(e)) => vec![json!({"msg": error_message(&format!("{e}")), "error": true})],
                Err(_) => {
                    *engine = fresh();
                    vec![json!({"msg": "the Rego engine crashed (regorus panic)", "error": true})]
                }
            };
            for r in results {
                let msg = r.get("msg").and_then(Value::as_str).unwrap_or("violation without msg").to_string();
                let is_error = r.get("error").is_some();
                let mut f = Finding::new(
                    if is_error { Arc::from(super::POLICY_ERROR.id) } else { Arc::from(c.id()) },
                    if is_error { Severity::High } else { severity },
                    if is_error { format!("{} failed: {msg}", c.id()) } else { msg },
                    doc.file.clone(),
                    doc.head_span(),
                );
                f.approximate = true;
                if let Some(d) = r.get("details").filter(|d| d.as_object().is_none_or(|o| !o.is_empty())) {
                    f.metadata = Some(Box::new(serde_json::Map::from_iter([("details".into(), d.clone())])));
                }
                f.source = FindingSource::Gatekeeper;
                f.object = doc.object.clone();
                f.origin = doc.origin.as_ref().map(|o| o.description.clone());
                out.push(f);
            }
        }
    }

    /// Evaluates every constraint on `docs` (a suite case: objects with their admission requests)
    /// with `data.inventory` built from `inventory`.
    pub fn check(&self, docs: &[(Document, Option<Value>)], inventory: &[Document], out: &mut Vec<Finding>) {
        let bases = self.inventory_engines(inventory);
        let namespaces = namespaces(docs.iter().map(|(d, _)| d).chain(inventory));
        let mut engines = Engines::new();
        for (d, request) in docs {
            self.check_document(&mut engines, &bases, d, request.as_ref(), &namespaces, Which::All, out);
        }
    }
}

/// The Namespace objects among documents, by name.
pub fn namespaces<'a>(docs: impl IntoIterator<Item = &'a Document>) -> HashMap<String, &'a Value> {
    docs.into_iter()
        .filter(|d| d.kind() == "Namespace")
        .filter_map(|d| Some((d.object.as_ref()?.name.clone()?, &d.value)))
        .collect()
}

/// The kinds a `match` can select (`Any` without a `kinds` criterion or with `*`).
fn matched_kinds(m: &Value) -> Kinds {
    let Some(kinds) = m.get("kinds").and_then(Value::as_array) else { return Kinds::Any };
    let mut out = Kinds::default();
    for k in kinds {
        let ks = strings(k.get("kinds"));
        if ks.is_empty() || ks.contains(&"*") {
            return Kinds::Any;
        }
        ks.iter().for_each(|x| out.insert(x));
    }
    out
}

/// The kinds a template's Rego reads from `data.inventory`: the kind level of
/// `data.inventory.cluster[v][KIND]` and `data.inventory.namespace[ns][v][KIND]` when it is a
/// string literal; any other use reads every kind. `None`: it does not read the inventory.
fn inventory_kinds(sources: &[&str]) -> Option<Kinds> {
    static CLUSTER: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r#"^data\.inventory\.cluster\[[^\[\]]*\]\[\s*"([^"]+)"\s*\]"#).expect("valid regex")
    });
    static NAMESPACE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r#"^data\.inventory\.namespace\[[^\[\]]*\]\[[^\[\]]*\]\[\s*"([^"]+)"\s*\]"#)
            .expect("valid regex")
    });
    let mut found: Option<Kinds> = None;
    for src in sources {
        for (at, _) in src.match_indices("data.inventory") {
            let rest = &src[at..];
            let kinds = found.get_or_insert_with(Kinds::default);
            match CLUSTER.captures(rest).or_else(|| NAMESPACE.captures(rest)) {
                Some(c) => kinds.insert(&c[1]),
                None => *kinds = Kinds::Any,
            }
        }
    }
    found
}

/// A `policy-error` finding on a Gatekeeper document.
fn gatekeeper_error(message: String, d: &Document, span: Option<Span>) -> Finding {
    let mut f = Finding::new(
        super::POLICY_ERROR.id,
        super::POLICY_ERROR.severity,
        message,
        d.file.clone(),
        span.unwrap_or_else(|| d.head_span()),
    );
    f.source = FindingSource::Gatekeeper;
    f.object = d.object.clone();
    f
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
        let lib_texts: Vec<&str> =
            libs.as_ref().and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str).collect();
        let mut sources = vec![rego.as_str()];
        sources.extend(&lib_texts);
        let inventory = inventory_kinds(&sources);
        let mut engine = new_engine(time_limit);
        let main_path = format!("{path}#{kind}");
        add_module(&mut engine, &main_path, &rego).map_err(|p| format!("template {kind}: {}", p.message))?;
        for (i, text) in lib_texts.iter().enumerate() {
            add_module(&mut engine, &format!("{main_path}/lib{i}"), text)
                .map_err(|p| format!("template {kind} lib {i}: {}", p.message))?;
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
        let parameters = match v.at("/spec/crd/spec/validation/openAPIV3Schema") {
            Some(s) if s.is_object() => Some(Arc::new(
                jsonschema::options()
                    .with_draft(jsonschema::Draft::Draft4)
                    .should_validate_formats(false)
                    .build(&crate::schema::crd::convert(s, false, "", &mut Vec::new()))
                    .map_err(|e| format!("template {kind}: its parameters schema does not compile: {e}"))?,
            )),
            _ => None,
        };
        Ok(Template { kind, query, engine, description, inventory, parameters })
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
pub fn matches<'a>(m: &Value, obj: &Value, namespace: &dyn Fn(&str) -> Option<&'a Value>) -> bool {
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
                Some(ns) => match namespace(ns) {
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

/// Kubernetes documents of a YAML file, each with its admission request when the file holds an
/// `AdmissionReview` (the document is then the request's object, or `oldObject` for a DELETE).
fn read_documents(path: &Path) -> anyhow::Result<Vec<(Document, Option<Value>)>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let file = SourceFile::new(super::display_path(path), text);
    let parsed = crate::parse::kubernetes_documents(&file);
    if let Some(f) = parsed.findings.first() {
        let lc = f.file.line_col(f.span.start);
        bail!("{}:{}:{}: {}", f.file.path, lc.line, lc.column, f.message);
    }
    let mut out = Vec::new();
    for mut d in parsed.documents {
        if d.kind() != "AdmissionReview" {
            out.push((d, None));
            continue;
        }
        let request = d.value.get("request").cloned().unwrap_or(Value::Null);
        let deleting = request.get("operation").and_then(Value::as_str) == Some("DELETE");
        let obj = if deleting { request.get("oldObject") } else { request.get("object") };
        d.value = obj.cloned().unwrap_or(Value::Null);
        d.object = crate::document::ObjectRef::from_value(&d.value);
        out.push((d, Some(request)));
    }
    Ok(out)
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
        let (problems, rejected) = gk.add_documents(docs.iter().map(|(d, _)| d), Duration::from_secs(5));
        if let Some(p) = problems.first() {
            bail!("{p}");
        }
        if test.get("invalid").and_then(Value::as_bool) == Some(true) {
            // The constraint must be rejected by its template's schema.
            if rejected.is_empty() {
                counts.failed += 1;
                writeln!(out, "FAIL {} {tname}: the constraint was expected to be invalid", file.path)?;
            } else {
                counts.passed += 1;
                writeln!(out, "PASS {} {tname} (invalid constraint)", file.path)?;
            }
            continue;
        }
        if let Some(f) = rejected.first() {
            bail!("{}: {}", f.file.path, f.message);
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
                inventory.extend(read_documents(&base.join(p))?.into_iter().map(|(d, _)| d));
            }
            let mut findings = Vec::new();
            gk.check(&object, &inventory, &mut findings);
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

/// Templates and constraints from the YAML files of policy dirs, and the findings on constraints
/// that are left out (invalid parameters).
pub(crate) fn load_dirs(
    dirs: &[std::path::PathBuf],
    time_limit: Duration,
) -> Result<(Gatekeeper, Vec<Finding>), Vec<LoadProblem>> {
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
                if !mentions_gatekeeper(&text) {
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
    let (mut more, rejected) = gk.add_documents(&docs, time_limit);
    problems.append(&mut more);
    if problems.is_empty() { Ok((gk, rejected)) } else { Err(problems) }
}
