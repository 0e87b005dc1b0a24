//! Terraform plan JSON (`terraform show -json`): detection, one document per resource change,
//! sensitive-value scrubbing, and mapping findings back to the `.tf` source.
//!
//! Entry points for the walker:
//! - [`is_plan`]: a cheap content sniff (a JSON object with `format_version` and `resource_changes`
//!   or `planned_values`);
//! - [`crate::rules::terraform::lint_plan`]: parse, run the built-in Terraform rules, map every finding to the `.tf` line it
//!   came from (or, with no source, to the resource in the plan file, `approximate = true`) and
//!   scrub sensitive values from every message.
//!
//! For Rego: [`parse_plan`] gives the [`Plan`] documents (one per resource change, `object: None`,
//! the value is the resource change with `address`, `type`, `change.after`, ...); run the policies on
//! them, then call [`Plan::finish`] on their findings to relocate and scrub them the same way.

use crate::document::Lookup;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_json::{Map, Value};

use crate::document::{Children, Document, Origin, SpanNode, pointer_segments};
use crate::finding::Finding;
use crate::parse::hcl::{Location, TfSources};
use crate::parse::parse_error;
use crate::source::{SourceFile, Span};

/// True when `text` looks like `terraform show -json` output. Cheap: no parsing.
pub fn is_plan(text: &str) -> bool {
    let t = text.trim_start_matches('\u{feff}').trim_start();
    t.starts_with('{')
        && t.contains("\"format_version\"")
        && (t.contains("\"resource_changes\"") || t.contains("\"planned_values\""))
}

/// A parsed plan: its resource-change documents and what is needed to finish findings on them.
#[derive(Debug)]
pub struct Plan {
    pub file: Arc<SourceFile>,
    pub format_version: String,
    pub terraform_version: Option<String>,
    /// One document per `resource_changes[]` entry, in plan order.
    pub documents: Vec<Document>,
    /// Every sensitive value of the plan, to remove from messages.
    pub scrubber: Scrubber,
    /// `configuration` (module calls, resource expressions with references), `Null` when absent.
    pub configuration: Value,
    /// Root module input variables (`{name: {value}}`), sensitive ones included: never print them.
    pub variables: Map<String, Value>,
    /// `prior_state` resources by address, when the plan has one.
    pub prior: HashMap<String, Value>,
    /// For a model evaluated from `.tf` sources: per address, the attributes (pointers below
    /// `after`) that need input ndlint does not have, and what that input is. Empty for plans.
    pub inputs: HashMap<String, Vec<(String, String)>>,
    /// The other top-level members (`planned_values`, `prior_state`, ...), for the Rego input.
    rest: Map<String, Value>,
    has_changes: bool,
    /// Spans of the whole plan; the `resource_changes` items are in the documents.
    map: SpanNode,
}

/// Parses plan JSON. An invalid document or an unknown `format_version` major is a `parse-error`
/// finding on the plan file.
pub fn parse_plan(file: &Arc<SourceFile>) -> Result<Plan, Box<Finding>> {
    crate::source::trace("parse-json", &file.path);
    let mut root: Value = serde_json::from_str(&file.text).map_err(|e| {
        let at = file.line_start(e.line()) + e.column().saturating_sub(1);
        Box::new(parse_error(file, Span::new(at, at), format!("invalid Terraform plan JSON: {e}")))
    })?;
    let Some(obj) = root.as_object_mut() else {
        return Err(Box::new(parse_error(
            file,
            Span::default(),
            "a Terraform plan must be a JSON object".into(),
        )));
    };
    let format_version = obj.get("format_version").and_then(Value::as_str).unwrap_or("").to_string();
    // Field names never changed between formats: features are detected by presence, and only an
    // unknown major version is refused.
    let major = format_version.split('.').next().unwrap_or("");
    if major != "0" && major != "1" {
        let msg = format!(
            "unsupported Terraform plan format_version `{format_version}`: ndlint reads formats 0.1 to \
1.x (`terraform show -json` from Terraform 0.12 on, or OpenTofu)"
        );
        return Err(Box::new(parse_error(file, head_of(file, "\"format_version\""), msg)));
    }
    let terraform_version = obj.get("terraform_version").and_then(Value::as_str).map(str::to_string);
    let has_changes = obj.contains_key("resource_changes");
    let changes = match obj.remove("resource_changes") {
        Some(Value::Array(a)) => a,
        _ => Vec::new(),
    };
    let configuration = obj.remove("configuration").unwrap_or(Value::Null);
    let variables = match obj.remove("variables") {
        Some(Value::Object(m)) => m,
        _ => Map::new(),
    };

    let mut scrubber = Scrubber::default();
    collect_plan_secrets(obj, &changes, &configuration, &variables, &mut scrubber);
    if !changes.iter().any(|rc| rc.at("/change/after_sensitive").is_some()) {
        collect_unmarked_secrets(&changes, &variables, &mut scrubber);
    }
    scrubber.finish();

    let mut prior = HashMap::new();
    if let Some(m) = obj.get("prior_state").and_then(|p| p.at("/values/root_module")) {
        module_resources(m, &mut |r| {
            if let Some(a) = r.get("address").and_then(Value::as_str) {
                prior.insert(a.to_string(), r.get("values").cloned().unwrap_or(Value::Null));
            }
        });
    }

    let mut map = span_scan::root(&file.text).unwrap_or_default();
    let nodes = match map_child_mut(&mut map, "resource_changes") {
        Some(SpanNode { children: Children::Seq(items), .. }) => std::mem::take(items),
        _ => Vec::new(),
    };
    let mut nodes = nodes.into_iter();
    let origin = Origin { description: format!("terraform plan {}", file.path) };
    let documents = changes
        .into_iter()
        .enumerate()
        .map(|(index, value)| {
            let map = nodes.next().unwrap_or_default();
            let extent = map.value;
            Document {
                file: file.clone(),
                index,
                value,
                map,
                extent,
                object: None,
                origin: Some(origin.clone()),
                projected: false,
            }
        })
        .collect();
    Ok(Plan {
        file: file.clone(),
        format_version,
        terraform_version,
        documents,
        scrubber,
        configuration,
        variables,
        prior,
        inputs: HashMap::new(),
        rest: std::mem::take(obj),
        has_changes,
        map,
    })
}

fn map_child_mut<'a>(node: &'a mut SpanNode, key: &str) -> Option<&'a mut SpanNode> {
    match &mut node.children {
        Children::Map(entries) => entries.iter_mut().find(|(k, _)| &**k == key).map(|(_, n)| n),
        _ => None,
    }
}

/// Attribute names whose values are secrets in the AWS provider and elsewhere.
const SECRET_NAMES: &[&str] =
    &["password", "secret", "token", "private_key", "secret_string", "master_password", "auth_token"];

/// For plans without `*_sensitive` maps (Terraform before 0.15), what could be sensitive is
/// unknown: every input variable's value and every attribute named like a secret are scrubbed.
fn collect_unmarked_secrets(changes: &[Value], variables: &Map<String, Value>, s: &mut Scrubber) {
    fn walk(v: &Value, s: &mut Scrubber) {
        match v {
            Value::Object(m) => {
                for (k, sub) in m {
                    let k = k.to_ascii_lowercase();
                    if SECRET_NAMES.iter().any(|n| k.contains(n)) {
                        s.collect_all(sub);
                    } else {
                        walk(sub, s);
                    }
                }
            }
            Value::Array(a) => a.iter().for_each(|x| walk(x, s)),
            _ => {}
        }
    }
    for v in variables.values() {
        s.collect_all(v.get("value").unwrap_or(&Value::Null));
    }
    for rc in changes {
        for k in ["/change/after", "/change/before"] {
            if let Some(v) = rc.at(k) {
                walk(v, s);
            }
        }
    }
}

fn head_of(file: &SourceFile, needle: &str) -> Span {
    file.text.find(needle).map_or(Span::default(), |i| Span::new(i, i + needle.len()))
}

/// The address of a plan document (`module.net.aws_subnet.this[0]`), `None` for Kubernetes documents.
pub fn address_of(doc: &Document) -> Option<&str> {
    if doc.object.is_some() {
        return None;
    }
    doc.value.get("address").and_then(Value::as_str)
}

/// Calls `f` on every resource of a `planned_values`/`prior_state` module tree.
fn module_resources(module: &Value, f: &mut dyn FnMut(&Value)) {
    for r in module.get("resources").and_then(Value::as_array).into_iter().flatten() {
        f(r);
    }
    for c in module.get("child_modules").and_then(Value::as_array).into_iter().flatten() {
        module_resources(c, f);
    }
}

fn collect_plan_secrets(
    top: &Map<String, Value>,
    changes: &[Value],
    configuration: &Value,
    variables: &Map<String, Value>,
    s: &mut Scrubber,
) {
    for rc in changes.iter().chain(top.get("resource_drift").and_then(Value::as_array).into_iter().flatten())
    {
        let Some(c) = rc.get("change") else { continue };
        for (v, m) in [("after", "after_sensitive"), ("before", "before_sensitive")] {
            if let (Some(v), Some(m)) = (c.get(v), c.get(m)) {
                s.collect_masked(v, m);
            }
        }
    }
    for key in ["planned_values", "prior_state"] {
        let Some(state) = top.get(key) else { continue };
        let root = state.get("root_module").or_else(|| state.at("/values/root_module"));
        if let Some(root) = root {
            module_resources(root, &mut |r| {
                if let (Some(v), Some(m)) = (r.get("values"), r.get("sensitive_values")) {
                    s.collect_masked(v, m);
                }
            });
        }
        let outputs = state.get("outputs").or_else(|| state.at("/values/outputs"));
        for (_, o) in outputs.and_then(Value::as_object).into_iter().flatten() {
            if o.get("sensitive").and_then(Value::as_bool) == Some(true) {
                s.collect_all(o.get("value").unwrap_or(&Value::Null));
            }
        }
    }
    for (_, oc) in top.get("output_changes").and_then(Value::as_object).into_iter().flatten() {
        for (v, m) in [("after", "after_sensitive"), ("before", "before_sensitive")] {
            if let (Some(v), Some(m)) = (oc.get(v), oc.get(m)) {
                s.collect_masked(v, m);
            }
        }
    }
    let config_vars = configuration.at("/root_module/variables").and_then(Value::as_object);
    let config_outputs = configuration.at("/root_module/outputs").and_then(Value::as_object);
    for (name, decl) in config_vars.into_iter().flatten() {
        if decl.get("sensitive").and_then(Value::as_bool) == Some(true)
            && let Some(v) = variables.get(name).and_then(|v| v.get("value"))
        {
            s.collect_all(v);
        }
    }
    for (name, decl) in config_outputs.into_iter().flatten() {
        if decl.get("sensitive").and_then(Value::as_bool) == Some(true)
            && let Some(oc) = top.get("output_changes").and_then(|o| o.get(name))
        {
            s.collect_all(oc.get("after").unwrap_or(&Value::Null));
            s.collect_all(oc.get("before").unwrap_or(&Value::Null));
        }
    }
}

/// Sensitive values of a plan, removed from every finding's message, help and related messages.
///
/// Values shorter than [`Scrubber::MIN_LEN`] characters are not scrubbed (replacing `on` or `22`
/// everywhere would garble messages; messages never quote plan values anyway). Each value is also
/// scrubbed in its JSON-escaped form, as a Rego `sprintf("%v")` might print it.
#[derive(Clone, Debug, Default)]
pub struct Scrubber {
    secrets: Vec<String>,
}

impl Scrubber {
    pub const MIN_LEN: usize = 4;
    pub const MASK: &'static str = "(sensitive value)";

    /// Adds every scalar under `value` whose `mask` (a `*_sensitive` structure) is `true`.
    pub fn collect_masked(&mut self, value: &Value, mask: &Value) {
        match mask {
            Value::Bool(true) => self.collect_all(value),
            Value::Object(m) => {
                for (k, sub) in m {
                    if let Some(v) = value.get(k) {
                        self.collect_masked(v, sub);
                    }
                }
            }
            Value::Array(items) => {
                for (i, sub) in items.iter().enumerate() {
                    if let Some(v) = value.get(i) {
                        self.collect_masked(v, sub);
                    }
                }
            }
            _ => {}
        }
    }

    /// Adds every scalar under `value`.
    pub fn collect_all(&mut self, value: &Value) {
        match value {
            Value::String(s) => self.add(s),
            Value::Number(n) => self.add(&n.to_string()),
            Value::Array(a) => a.iter().for_each(|v| self.collect_all(v)),
            Value::Object(m) => m.values().for_each(|v| self.collect_all(v)),
            Value::Null | Value::Bool(_) => {}
        }
    }

    pub fn add(&mut self, secret: &str) {
        if secret.chars().count() < Self::MIN_LEN {
            return;
        }
        self.secrets.push(secret.to_string());
        let escaped = serde_json::to_string(secret).unwrap_or_default();
        let inner = escaped.get(1..escaped.len().saturating_sub(1)).unwrap_or("");
        if inner != secret && !inner.is_empty() {
            self.secrets.push(inner.to_string());
        }
    }

    /// Sorts longest first (so a secret containing another is masked whole) and deduplicates.
    pub fn finish(&mut self) {
        self.secrets.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
        self.secrets.dedup();
    }

    pub fn is_empty(&self) -> bool {
        self.secrets.is_empty()
    }

    pub fn scrub(&self, text: &str) -> String {
        let mut out = text.to_string();
        for s in &self.secrets {
            if out.contains(s.as_str()) {
                out = out.replace(s.as_str(), Self::MASK);
            }
        }
        out
    }

    pub fn scrub_in_place(&self, text: &mut String) {
        if self.secrets.iter().any(|s| text.contains(s.as_str())) {
            *text = self.scrub(text);
        }
    }

    /// The text with every secret replaced by `*`s of the same byte length, so that byte offsets
    /// (and spans) stay valid: the plan as code frames may show it.
    pub fn mask_same_length(&self, text: &str) -> String {
        let mut out = text.to_string();
        for s in &self.secrets {
            if out.contains(s.as_str()) {
                out = out.replace(s.as_str(), &"*".repeat(s.len()));
            }
        }
        out
    }

    /// Scrubs a finding's message, help, origin and related messages.
    pub fn apply(&self, f: &mut Finding) {
        if self.secrets.is_empty() {
            return;
        }
        self.scrub_in_place(&mut f.message);
        if let Some(h) = f.help.as_mut() {
            self.scrub_in_place(h);
        }
        if let Some(o) = f.origin.as_mut() {
            self.scrub_in_place(o);
        }
        for r in &mut f.related {
            self.scrub_in_place(&mut r.message);
        }
    }
}

impl Plan {
    /// The resource model of a configuration evaluated from its sources ([`crate::parse::tfhcl`]):
    /// `file` indexes the documents (one line per address), and findings are located in the `.tf`
    /// files by [`Plan::finish`] like a plan's.
    pub fn from_configuration(
        file: Arc<SourceFile>,
        documents: Vec<Document>,
        configuration: Value,
        variables: Map<String, Value>,
        inputs: HashMap<String, Vec<(String, String)>>,
    ) -> Plan {
        Plan {
            file,
            format_version: String::new(),
            terraform_version: None,
            documents,
            scrubber: Scrubber::default(),
            configuration,
            variables,
            prior: HashMap::new(),
            inputs,
            rest: Map::new(),
            has_changes: true,
            map: SpanNode::default(),
        }
    }

    /// True for a model evaluated from `.tf` sources (no plan file, no changes).
    pub fn is_configuration(&self) -> bool {
        self.format_version.is_empty()
    }

    /// The directory holding the root module's `.tf` files: `tf_root`, else the plan's directory.
    pub fn config_dir(&self, repo_root: &Path, tf_root: Option<&Path>) -> Option<PathBuf> {
        if let Some(t) = tf_root {
            return Some(if t.is_absolute() { t.to_path_buf() } else { repo_root.join(t) });
        }
        if self.file.path == "-" || self.file.path.starts_with('<') {
            return None;
        }
        let p = Path::new(&self.file.path);
        let abs = if p.is_absolute() { p.to_path_buf() } else { repo_root.join(p) };
        abs.parent().map(Path::to_path_buf)
    }

    /// Parses the `.tf` files of the plan's configuration (root module and local/vendored modules).
    pub fn load_sources(&self, repo_root: &Path, tf_root: Option<&Path>) -> TfSources {
        match self.config_dir(repo_root, tf_root) {
            Some(dir) => TfSources::load(&dir, repo_root, &self.configuration),
            None => TfSources::default(),
        }
    }

    /// The whole plan as one document, the input of Rego policies (one per plan file, as conftest
    /// does), rebuilt from this parse: the file is not parsed again.
    pub fn input_document(&self) -> Document {
        let mut value = self.rest.clone();
        let mut map = self.map.clone();
        if self.has_changes {
            value.insert(
                "resource_changes".into(),
                Value::Array(self.documents.iter().map(|d| d.value.clone()).collect()),
            );
            if let Some(node) = map_child_mut(&mut map, "resource_changes") {
                node.children = Children::Seq(self.documents.iter().map(|d| d.map.clone()).collect());
            }
        }
        if !self.configuration.is_null() {
            value.insert("configuration".into(), self.configuration.clone());
        }
        if !self.variables.is_empty() {
            value.insert("variables".into(), Value::Object(self.variables.clone()));
        }
        Document {
            file: self.file.clone(),
            index: 0,
            value: Value::Object(value),
            extent: map.value,
            map,
            object: None,
            origin: None,
            projected: false,
        }
    }

    /// The document whose extent holds a span of the plan file.
    pub fn document_at(&self, span: Span) -> Option<&Document> {
        let i = self.documents.partition_point(|d| d.extent.end <= span.start);
        self.documents.get(i).filter(|d| d.extent.start <= span.start)
    }

    /// Finishes findings produced on this plan's documents (built-in or Rego): moves those located
    /// in the plan file to the `.tf` source, sets `address`, prefixes the message with the address,
    /// and scrubs sensitive values from all of them.
    ///
    /// Findings left in the plan file (no `.tf` source) point at a copy of it whose sensitive
    /// values are masked with `*` (same offsets), so a code frame or snippet cannot show them.
    pub fn finish(&self, sources: &TfSources, findings: &mut [Finding]) {
        let mut masked: Option<Arc<SourceFile>> = None;
        let mut masked_plan = || {
            masked
                .get_or_insert_with(|| {
                    SourceFile::new(self.file.path.clone(), self.scrubber.mask_same_length(&self.file.text))
                })
                .clone()
        };
        for f in findings.iter_mut() {
            if Arc::ptr_eq(&f.file, &self.file)
                && let Some(doc) = self.document_at(f.span)
            {
                self.relocate(doc, sources, f);
            }
            self.scrubber.apply(f);
            if self.scrubber.is_empty() {
                continue;
            }
            if Arc::ptr_eq(&f.file, &self.file) {
                f.file = masked_plan();
            }
            for r in &mut f.related {
                if Arc::ptr_eq(&r.file, &self.file) {
                    r.file = masked_plan();
                }
            }
        }
    }

    fn relocate(&self, doc: &Document, sources: &TfSources, f: &mut Finding) {
        let Some(address) = address_of(doc) else { return };
        if f.address.is_none() {
            f.address = Some(address.to_string());
        }
        if !f.message.contains(address) {
            f.message = format!("{address}: {}", f.message);
        }
        let pointer = f.pointer.clone().unwrap_or_default();
        // Attribute path below `change.after` (or `before`), e.g. `ingress/0/cidr_blocks`.
        let mut segs = pointer_segments(&pointer);
        let attr: Vec<String> = match (segs.next().as_deref(), segs.next().as_deref()) {
            (Some("change"), Some("after" | "before")) => segs.map(|s| s.into_owned()).collect(),
            _ => Vec::new(),
        };
        let after = doc.value.at("/change/after").or_else(|| doc.value.at("/change/before"));
        match sources.locate(address, &attr, after.unwrap_or(&Value::Null)) {
            Some(Location { file, span, approximate, note, related }) => {
                // No related location in the plan: it is one (long) line, not a file people read.
                for (file, span, message) in related {
                    f.related.push(crate::finding::Related { file, span, message });
                }
                f.file = file;
                f.span = span;
                f.approximate |= approximate;
                if let Some(n) = note {
                    f.message = format!("{} ({n})", f.message);
                }
            }
            None => {
                // No source: the resource (or the exact value) in the plan file, marked approximate.
                let located = doc.locate(&pointer);
                if !located.exact {
                    let start = doc.extent.start as usize;
                    f.span = doc.map.child("address").map_or(Span::new(start, start + 1), SpanNode::key_span);
                }
                f.approximate = true;
                f.message =
                    format!("{} (no `.tf` source found for this address; shown in the plan)", f.message);
            }
        }
    }
}

/// Byte spans of the resource changes in the plan text, built in one pass over the JSON after
/// `serde_json` has validated it (so the scanner can be simple and trust the syntax).
mod span_scan {
    use super::*;

    /// The span tree of the whole plan.
    pub fn root(text: &str) -> Option<SpanNode> {
        let mut s = Scanner { b: text.as_bytes(), i: 0, depth: 0 };
        s.value()
    }

    struct Scanner<'a> {
        b: &'a [u8],
        i: usize,
        depth: usize,
    }

    impl Scanner<'_> {
        fn peek(&self) -> Option<u8> {
            self.b.get(self.i).copied()
        }

        fn ws(&mut self) {
            while matches!(self.peek(), Some(b' ' | b'\n' | b'\r' | b'\t')) {
                self.i += 1;
            }
        }

        /// A string token: its unescaped text (only when it has escapes is it decoded) and span.
        fn string(&mut self) -> Option<(String, Span)> {
            let start = self.i;
            self.i += 1;
            let mut escaped = false;
            loop {
                match self.peek()? {
                    b'"' => break,
                    b'\\' => {
                        escaped = true;
                        self.i += 2;
                    }
                    _ => self.i += 1,
                }
            }
            self.i += 1;
            let raw = std::str::from_utf8(self.b.get(start..self.i)?).ok()?;
            let text = if escaped {
                serde_json::from_str::<String>(raw).ok()?
            } else {
                raw.get(1..raw.len() - 1)?.to_string()
            };
            Some((text, Span::new(start, self.i)))
        }

        fn value(&mut self) -> Option<SpanNode> {
            self.ws();
            let start = self.i;
            self.depth += 1;
            if self.depth > 256 {
                return None;
            }
            let mut children = Children::None;
            match self.peek()? {
                b'{' => {
                    self.i += 1;
                    let mut entries = Vec::new();
                    loop {
                        self.ws();
                        match self.peek()? {
                            b'}' => break,
                            b',' => self.i += 1,
                            _ => {
                                let (k, kspan) = self.string()?;
                                self.ws();
                                self.i += 1;
                                let mut node = self.value()?;
                                node.key = Some(kspan);
                                entries.push((k.into_boxed_str(), node));
                            }
                        }
                    }
                    self.i += 1;
                    children = Children::Map(entries);
                }
                b'[' => {
                    self.i += 1;
                    let mut items = Vec::new();
                    loop {
                        self.ws();
                        match self.peek()? {
                            b']' => break,
                            b',' => self.i += 1,
                            _ => {
                                items.push(self.value()?);
                            }
                        }
                    }
                    self.i += 1;
                    children = Children::Seq(items);
                }
                b'"' => {
                    self.string()?;
                }
                _ => {
                    while matches!(self.peek(), Some(c) if !matches!(c, b',' | b'}' | b']' | b' ' | b'\n' | b'\r' | b'\t'))
                    {
                        self.i += 1;
                    }
                }
            }
            self.depth -= 1;
            Some(SpanNode { key: None, value: Span::new(start, self.i), via_alias: None, children })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_and_rejects_unknown_major() {
        assert!(is_plan(r#"{"format_version":"1.2","resource_changes":[]}"#));
        assert!(!is_plan(r#"{"apiVersion":"v1","kind":"Pod"}"#));
        let f = SourceFile::new("p.json", r#"{"format_version":"2.0","resource_changes":[]}"#);
        let e = parse_plan(&f).unwrap_err();
        assert_eq!(&*e.rule, "parse-error");
        assert!(e.message.contains("format_version `2.0`"), "{}", e.message);
    }

    #[test]
    fn documents_have_spans_and_secrets_are_collected() {
        let text = r#"{"format_version":"1.2","resource_changes":[
 {"address":"aws_db_instance.db","type":"aws_db_instance","name":"db","mode":"managed",
  "change":{"actions":["create"],"before":null,"after":{"password":"hunter2-very-secret","port":5432},
  "after_sensitive":{"password":true},"after_unknown":{"id":true}}}]}"#;
        let f = SourceFile::new("p.json", text);
        let plan = parse_plan(&f).unwrap();
        assert_eq!(plan.documents.len(), 1);
        let d = &plan.documents[0];
        assert_eq!(address_of(d), Some("aws_db_instance.db"));
        let port = d.locate("/change/after/port");
        assert!(port.exact);
        assert_eq!(f.line_col(port.node.value.start).line, 3);
        assert_eq!(plan.scrubber.scrub("pw hunter2-very-secret!"), "pw (sensitive value)!");
    }
}
