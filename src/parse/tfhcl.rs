//! The HCL front-end: a Terraform root module linted from its `.tf` sources, without a plan.
//!
//! The configuration is evaluated ([`crate::parse::tfeval`]) into the same resource model a plan
//! gives ([`Plan`]: one resource-change document per instance, `after`/`after_unknown`, and the
//! configuration's expressions with their references), so every `tf-` rule is written once.
//! Findings are located by the same mapper as plan findings: the attribute (or block header) in
//! the `.tf` file, with the variable and module argument it came from as related locations.
//!
//! What the evaluator cannot know for want of input (a variable without value, a data source, a
//! remote module) is kept per attribute; a rule whose decision reads such a value reports an
//! `info` "needs input" finding instead of passing silently (see
//! [`crate::rules::terraform::check_plan`]).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use hcl_edit::expr::Expression;
use hcl_edit::structure::{Block, Body, Structure};
use hcl_edit::visit::{Visit, visit_traversal};
use serde_json::{Map, Value, json};

use crate::document::{Document, Origin, SpanNode};
use crate::parse::hcl::TfSources;
use crate::parse::tfeval::{Ctx, Fail, Scope, attr, entries, to_string};
use crate::parse::tfplan::Plan;
use crate::source::{SourceFile, Span};

/// Most instances one `count`/`for_each` expands to (beyond, one symbolic instance).
const MAX_INSTANCES: usize = 100_000;

/// What one resource instance evaluated to.
struct Instance {
    address: String,
    after: Map<String, Value>,
    unknown: Map<String, Value>,
    /// `(attribute pointer below after, what is missing)`.
    inputs: Vec<(String, String)>,
}

/// Evaluates a loaded configuration into a plan-shaped model; `None` when there is no root module.
pub fn evaluate(sources: &TfSources, dir: &Path, repo_root: &Path, var_files: &[PathBuf]) -> Option<Plan> {
    let root = Ctx::root(sources, repo_root, var_files)?;
    let mut contexts = vec![std::rc::Rc::new(root)];
    let below = contexts[0].descendants();
    contexts.extend(below);

    let mut index = String::new();
    let mut docs: Vec<(Value, Span)> = Vec::new();
    let mut inputs = HashMap::new();
    let mut configuration = json!({"root_module": {}});
    for ctx in &contexts {
        let mut resources = Vec::new();
        for b in ctx.module.blocks() {
            let labels: Vec<&str> = b.labels.iter().map(|l| l.as_str()).collect();
            let (mode, rtype, name) = match (b.ident.as_str(), labels.as_slice()) {
                ("resource", [t, n]) => ("managed", *t, *n),
                ("data", [t, n]) => ("data", *t, *n),
                _ => continue,
            };
            let local =
                if mode == "data" { format!("data.{rtype}.{name}") } else { format!("{rtype}.{name}") };
            resources.push(json!({"address": local, "mode": mode, "type": rtype, "name": name,
                                  "expressions": expressions(&b.body)}));
            for inst in instances(ctx, b, &local) {
                let value = json!({
                    "address": inst.address, "module_address": ctx.address, "mode": mode, "type": rtype,
                    "name": name,
                    "change": {"actions": [if mode == "data" { "read" } else { "create" }], "before": null,
                               "after": inst.after, "after_unknown": inst.unknown},
                });
                let start = index.len();
                index.push_str(&inst.address);
                let span = Span::new(start, index.len());
                index.push('\n');
                if !inst.inputs.is_empty() {
                    inputs.insert(inst.address.clone(), inst.inputs);
                }
                docs.push((value, span));
            }
        }
        if let Some(m) = config_module(&mut configuration, &ctx.path) {
            m.insert("resources".into(), Value::Array(resources));
        }
    }
    let shown = crate::run::display_path(dir, repo_root);
    let file = SourceFile::new(format!("{shown}/(evaluated configuration)"), index);
    let origin = Origin { description: format!("terraform configuration {shown}") };
    let documents = docs
        .into_iter()
        .enumerate()
        .map(|(i, (value, span))| Document {
            file: file.clone(),
            index: i,
            value,
            map: SpanNode { key: Some(span), value: span, ..SpanNode::default() },
            extent: span,
            object: None,
            origin: Some(origin.clone()),
            projected: false,
        })
        .collect();
    let variables = contexts[0].known_variables();
    Some(Plan::from_configuration(file, documents, configuration, variables, inputs))
}

/// The `configuration` object of module path `path` (created on the way).
fn config_module<'v>(configuration: &'v mut Value, path: &[String]) -> Option<&'v mut Map<String, Value>> {
    let mut cur = configuration.get_mut("root_module")?;
    for name in path {
        let calls = cur.as_object_mut()?.entry("module_calls").or_insert_with(|| json!({}));
        let call = calls.as_object_mut()?.entry(name.clone()).or_insert_with(|| json!({"module": {}}));
        cur = call.get_mut("module")?;
    }
    cur.as_object_mut()
}

/// The instances of a `resource`/`data` block: one, one per `count` index or `for_each` key, or
/// one symbolic instance when the count or the keys are unknown.
fn instances(ctx: &Ctx<'_>, b: &Block, local: &str) -> Vec<Instance> {
    let prefix = if ctx.address.is_empty() { local.to_string() } else { format!("{}.{local}", ctx.address) };
    let base = Scope::default();
    let mut out = Vec::new();
    let mut one = |address: String, scope: Scope, missing: Option<String>| {
        let mut inst = Instance { address, after: Map::new(), unknown: Map::new(), inputs: Vec::new() };
        eval_body(ctx, &b.body, &scope, "", &mut inst.after, &mut inst.unknown, &mut inst.inputs);
        if let Some(m) = missing {
            inst.inputs.push((String::new(), m));
        }
        out.push(inst);
    };
    if let Some(e) = attr(&b.body, "count") {
        match ctx.eval(e, &base) {
            Ok(n) => {
                let n = n.as_f64().unwrap_or(0.0).max(0.0) as usize;
                if n > MAX_INSTANCES {
                    one(format!("{prefix}[*]"), base.with("count", Err(Fail::Computed)), None);
                }
                for i in 0..n.min(MAX_INSTANCES) {
                    one(format!("{prefix}[{i}]"), base.with("count", Ok(json!({"index": i}))), None);
                }
            }
            Err(f) => {
                let missing = input_of(&f);
                one(format!("{prefix}[*]"), base.with("count", Err(f)), missing);
            }
        }
    } else if let Some(e) = attr(&b.body, "for_each") {
        match ctx.eval(e, &base) {
            Ok(v) => {
                for (k, val) in entries(&v).into_iter().take(MAX_INSTANCES) {
                    // A set's elements are its keys.
                    let key = if v.is_array() { val.clone() } else { k };
                    let key_text = to_string(&key).unwrap_or_default();
                    let each = json!({"key": key_text, "value": val});
                    let address =
                        format!("{prefix}[{}]", serde_json::to_string(&key_text).unwrap_or_default());
                    one(address, base.with("each", Ok(each)), None);
                }
            }
            Err(f) => {
                let missing = input_of(&f);
                one(format!("{prefix}[*]"), base.with("each", Err(f)), missing);
            }
        }
    } else {
        one(prefix, base, None);
    }
    out
}

fn input_of(f: &Fail) -> Option<String> {
    match f {
        Fail::Input(w) => Some(w.clone()),
        Fail::Computed => None,
    }
}

/// Meta-arguments and blocks that are not resource attributes.
const META: &[&str] =
    &["count", "for_each", "depends_on", "provider", "lifecycle", "provisioner", "connection"];

/// Evaluates a block body into `after`/`after_unknown` shapes (nested blocks become lists of
/// objects, as in a plan), collecting the attributes that need input.
fn eval_body(
    ctx: &Ctx<'_>,
    body: &Body,
    scope: &Scope,
    path: &str,
    after: &mut Map<String, Value>,
    unknown: &mut Map<String, Value>,
    inputs: &mut Vec<(String, String)>,
) {
    for st in body.iter() {
        match st {
            Structure::Attribute(a) => {
                let key = a.key.as_str();
                if path.is_empty() && META.contains(&key) {
                    continue;
                }
                match ctx.eval(&a.value, scope) {
                    Ok(v) => {
                        after.insert(key.to_string(), v);
                    }
                    Err(f) => {
                        unknown.insert(key.to_string(), Value::Bool(true));
                        if let Fail::Input(w) = f {
                            inputs.push((format!("{path}/{key}"), w));
                        }
                    }
                }
            }
            Structure::Block(b) => {
                let ident = b.ident.as_str();
                if path.is_empty() && META.contains(&ident) {
                    continue;
                }
                if ident == "dynamic" {
                    let Some(name) = b.labels.first().map(|l| l.as_str().to_string()) else { continue };
                    dynamic_blocks(ctx, b, &name, scope, path, after, unknown, inputs);
                    continue;
                }
                push_block(ctx, &b.body, ident, scope, path, after, unknown, inputs);
            }
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn push_block(
    ctx: &Ctx<'_>,
    body: &Body,
    ident: &str,
    scope: &Scope,
    path: &str,
    after: &mut Map<String, Value>,
    unknown: &mut Map<String, Value>,
    inputs: &mut Vec<(String, String)>,
) {
    let list = after.entry(ident).or_insert_with(|| Value::Array(Vec::new()));
    let n = list.as_array().map_or(0, Vec::len);
    let mut a = Map::new();
    let mut u = Map::new();
    eval_body(ctx, body, scope, &format!("{path}/{ident}/{n}"), &mut a, &mut u, inputs);
    if let Some(l) = after.get_mut(ident).and_then(Value::as_array_mut) {
        l.push(Value::Object(a));
    }
    let ul = unknown.entry(ident).or_insert_with(|| Value::Array(Vec::new()));
    if let Some(l) = ul.as_array_mut() {
        l.push(Value::Object(u));
    }
}

/// `dynamic "name" { for_each = ..., iterator = it, content { ... } }`: one block per element, or
/// one symbolic block when the collection is unknown.
#[allow(clippy::too_many_arguments)]
fn dynamic_blocks(
    ctx: &Ctx<'_>,
    b: &Block,
    name: &str,
    scope: &Scope,
    path: &str,
    after: &mut Map<String, Value>,
    unknown: &mut Map<String, Value>,
    inputs: &mut Vec<(String, String)>,
) {
    let iterator = match attr(&b.body, "iterator") {
        Some(Expression::Variable(v)) => v.as_str().to_string(),
        _ => name.to_string(),
    };
    let Some(content) = b.body.blocks().find(|c| c.ident.as_str() == "content") else { return };
    let Some(coll) = attr(&b.body, "for_each") else { return };
    match ctx.eval(coll, scope) {
        Ok(v) => {
            for (k, val) in entries(&v).into_iter().take(MAX_INSTANCES) {
                let key = if v.is_array() { val.clone() } else { k };
                let s = scope.with(&iterator, Ok(json!({"key": key, "value": val})));
                push_block(ctx, &content.body, name, &s, path, after, unknown, inputs);
            }
        }
        Err(f) => {
            let n = after.get(name).and_then(Value::as_array).map_or(0, Vec::len);
            if let Some(w) = input_of(&f) {
                inputs.push((format!("{path}/{name}/{n}"), w));
            }
            let s = scope.with(&iterator, Err(f));
            push_block(ctx, &content.body, name, &s, path, after, unknown, inputs);
        }
    }
}

/// A body's configuration expressions as a plan has them: `{attr: {constant_value | references}}`,
/// nested blocks as lists.
fn expressions(body: &Body) -> Value {
    let mut m = Map::new();
    for st in body.iter() {
        match st {
            Structure::Attribute(a) => {
                let e = match crate::parse::hcl::literal(&a.value) {
                    Some(v) => json!({"constant_value": v}),
                    None => json!({"references": references(&a.value)}),
                };
                m.insert(a.key.as_str().to_string(), e);
            }
            Structure::Block(b) => {
                let (key, inner) = if b.ident.as_str() == "dynamic" {
                    let name = b.labels.first().map(|l| l.as_str().to_string()).unwrap_or_default();
                    let content = b.body.blocks().find(|c| c.ident.as_str() == "content");
                    (name, content.map(|c| expressions(&c.body)).unwrap_or_else(|| json!({})))
                } else {
                    (b.ident.as_str().to_string(), expressions(&b.body))
                };
                if let Some(l) = m.entry(key).or_insert_with(|| Value::Array(Vec::new())).as_array_mut() {
                    l.push(inner);
                }
            }
        }
    }
    Value::Object(m)
}

/// The references of an expression as Terraform lists them: each traversal (`aws_s3_bucket.logs.id`)
/// and its resource prefix (`aws_s3_bucket.logs`).
fn references(e: &Expression) -> Vec<String> {
    struct Refs(Vec<String>);
    impl Visit for Refs {
        fn visit_traversal(&mut self, t: &hcl_edit::expr::Traversal) {
            if let Expression::Variable(root) = &t.expr {
                let mut parts = vec![root.as_str().to_string()];
                for op in &t.operators {
                    match op.value() {
                        hcl_edit::expr::TraversalOperator::GetAttr(a) => parts.push(a.as_str().to_string()),
                        _ => break,
                    }
                }
                if parts.len() > 1 {
                    for n in (2..=parts.len()).rev() {
                        let r = parts[..n].join(".");
                        if !self.0.contains(&r) {
                            self.0.push(r);
                        }
                    }
                }
            }
            visit_traversal(self, t);
        }
    }
    let mut r = Refs(Vec::new());
    r.visit_expr(e);
    r.0
}

/// The root modules among directories holding `.tf` files: those no other one calls as a local
/// module (`source = "./..."`), never under `.terraform/`.
pub fn root_modules(dirs: &[PathBuf]) -> Vec<PathBuf> {
    let canon = |p: &Path| p.canonicalize().unwrap_or_else(|_| p.to_path_buf());
    let mut called = std::collections::HashSet::new();
    for d in dirs {
        for f in std::fs::read_dir(d).into_iter().flatten().filter_map(Result::ok) {
            let p = f.path();
            if p.extension().is_none_or(|e| e != "tf") {
                continue;
            }
            let Ok(text) = std::fs::read_to_string(&p) else { continue };
            for source in local_sources(&text) {
                called.insert(canon(&d.join(source)));
            }
        }
    }
    dirs.iter()
        .filter(|d| !d.components().any(|c| c.as_os_str() == ".terraform"))
        .filter(|d| !called.contains(&canon(d)))
        .cloned()
        .collect()
}

/// The local `source = "./..."` / `"../..."` values of a file's text (a cheap scan, no parse).
fn local_sources(text: &str) -> Vec<&str> {
    text.lines()
        .filter_map(|l| {
            let rest = l.trim().strip_prefix("source")?.trim_start().strip_prefix('=')?.trim();
            let v = rest.strip_prefix('"')?.split('"').next()?;
            (v.starts_with("./") || v.starts_with("../")).then_some(v)
        })
        .collect()
}
