//! Evaluating Terraform configuration the way `terraform plan` would, without providers or
//! network: variables (defaults, `terraform.tfvars`, `*.auto.tfvars`), locals, local module calls
//! with their arguments, `count`/`for_each`/`dynamic`, conditionals, `for`, splats, templates and
//! the functions rules depend on.
//!
//! Values are three-valued: known, unknown until apply (another resource's computed attribute, as
//! in a plan) or unknown for want of input (a variable without value, a data source, a remote
//! module), which names what is missing so rules can say "needs input" instead of passing.

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

use hcl_edit::expr::{BinaryOperator, Expression, ObjectKey, TraversalOperator, UnaryOperator};
use hcl_edit::structure::{Block, Body, Structure};
use hcl_edit::template::{Directive, Element, Template};
use serde_json::{Map, Number, Value};

use crate::parse::hcl::{Module, TfSources};

/// Why a value is not known.
#[derive(Clone, Debug, PartialEq)]
pub enum Fail {
    /// Known only after apply (a computed attribute); a plan would not know it either.
    Computed,
    /// Depends on input ndlint does not have: names it (`var.bucket_name`, `data.aws_vpc.main`).
    Input(String),
}

pub type R = Result<Value, Fail>;

/// Deepest expression / module nesting evaluated (guards cycles and pathological input).
const MAX_DEPTH: usize = 64;

/// The evaluation context of one module instance.
pub struct Ctx<'s> {
    pub sources: &'s TfSources,
    pub path: Vec<String>,
    /// `module.a.module.b`, empty in the root.
    pub address: String,
    pub module: &'s Module,
    /// Input variables: tfvars/arguments over defaults.
    vars: HashMap<String, R>,
    locals: HashMap<&'s str, &'s Expression>,
    local_cache: RefCell<HashMap<String, R>>,
    /// Where `file()`/`templatefile()` may read (the repository).
    sandbox: PathBuf,
    depth: usize,
    children: RefCell<HashMap<String, std::rc::Rc<Ctx<'s>>>>,
    /// Module calls by name.
    calls: HashMap<&'s str, &'s Block>,
    /// Resources by `type.name` (for references to their configured attributes).
    resources: HashMap<String, &'s Block>,
    evaluating: RefCell<Vec<String>>,
}

/// Iteration variables in scope: `each`, `count`, `for` variables, `dynamic` iterators.
#[derive(Clone, Default)]
pub struct Scope {
    pub vars: Vec<(String, R)>,
}

impl Scope {
    pub fn with(&self, name: &str, v: R) -> Scope {
        let mut s = self.clone();
        s.vars.push((name.to_string(), v));
        s
    }

    fn get(&self, name: &str) -> Option<&R> {
        self.vars.iter().rev().find(|(n, _)| n == name).map(|(_, v)| v)
    }
}

impl<'s> Ctx<'s> {
    /// The root module's context: variables from defaults, `terraform.tfvars(.json)` and
    /// `*.auto.tfvars(.json)` in lexical order, then `var_files`.
    pub fn root(sources: &'s TfSources, sandbox: &Path, var_files: &[PathBuf]) -> Option<Ctx<'s>> {
        let module = sources.module(&[])?;
        let mut given: HashMap<String, Value> = HashMap::new();
        let mut files = vec![module.dir.join("terraform.tfvars"), module.dir.join("terraform.tfvars.json")];
        let mut auto: Vec<PathBuf> = std::fs::read_dir(&module.dir)
            .map(|rd| {
                rd.filter_map(Result::ok)
                    .map(|e| e.path())
                    .filter(|p| {
                        p.file_name()
                            .and_then(|n| n.to_str())
                            .is_some_and(|n| n.ends_with(".auto.tfvars") || n.ends_with(".auto.tfvars.json"))
                    })
                    .collect()
            })
            .unwrap_or_default();
        auto.sort();
        files.extend(auto);
        files.extend(var_files.iter().cloned());
        for f in files {
            given.extend(read_tfvars(&f));
        }
        let given = given.into_iter().map(|(k, v)| (k, Ok(v))).collect();
        Some(Ctx::new(sources, Vec::new(), String::new(), module, given, sandbox, 0))
    }

    fn new(
        sources: &'s TfSources,
        path: Vec<String>,
        address: String,
        module: &'s Module,
        given: HashMap<String, R>,
        sandbox: &Path,
        depth: usize,
    ) -> Ctx<'s> {
        let mut ctx = Ctx {
            sources,
            path,
            address,
            module,
            vars: HashMap::new(),
            locals: HashMap::new(),
            local_cache: RefCell::new(HashMap::new()),
            sandbox: sandbox.to_path_buf(),
            depth,
            children: RefCell::new(HashMap::new()),
            calls: HashMap::new(),
            resources: HashMap::new(),
            evaluating: RefCell::new(Vec::new()),
        };
        let mut defaults = Vec::new();
        for b in module.blocks() {
            let labels: Vec<&str> = b.labels.iter().map(|l| l.as_str()).collect();
            match (b.ident.as_str(), labels.as_slice()) {
                ("variable", [name]) => defaults.push((*name, b)),
                ("locals", []) => {
                    for a in b.body.attributes() {
                        ctx.locals.insert(a.key.as_str(), &a.value);
                    }
                }
                ("module", [name]) => {
                    ctx.calls.insert(name, b);
                }
                ("resource", [t, n]) => {
                    ctx.resources.insert(format!("{t}.{n}"), b);
                }
                _ => {}
            }
        }
        for (name, b) in defaults {
            let v = match given.get(name) {
                Some(v) => v.clone(),
                None => match attr(&b.body, "default") {
                    Some(e) => ctx.eval(e, &Scope::default()),
                    None => Err(Fail::Input(format!("var.{name}"))),
                },
            };
            ctx.vars.insert(name.to_string(), v);
        }
        ctx
    }

    /// A module call's instance context (`module.name`), `None` for a remote module not found.
    fn child(&self, name: &str) -> Option<std::rc::Rc<Ctx<'s>>> {
        if let Some(c) = self.children.borrow().get(name) {
            return Some(c.clone());
        }
        if self.depth >= 16 {
            return None;
        }
        let call = self.calls.get(name)?;
        let mut path = self.path.clone();
        path.push(name.to_string());
        let module = self.sources.module(&path)?;
        let mut given = HashMap::new();
        for a in call.body.attributes() {
            let key = a.key.as_str();
            if matches!(key, "source" | "version" | "count" | "for_each" | "providers" | "depends_on") {
                continue;
            }
            given.insert(key.to_string(), self.eval(&a.value, &Scope::default()));
        }
        let address = if self.address.is_empty() {
            format!("module.{name}")
        } else {
            format!("{}.module.{name}", self.address)
        };
        let child = std::rc::Rc::new(Ctx::new(
            self.sources,
            path,
            address,
            module,
            given,
            &self.sandbox,
            self.depth + 1,
        ));
        self.children.borrow_mut().insert(name.to_string(), child.clone());
        Some(child)
    }

    /// Every module instance below this one, depth first (local modules that were found).
    pub fn descendants(&self) -> Vec<std::rc::Rc<Ctx<'s>>> {
        let mut names: Vec<&str> = self.calls.keys().copied().collect();
        names.sort_unstable();
        let mut out = Vec::new();
        for n in names {
            if let Some(c) = self.child(n) {
                out.push(c.clone());
                out.extend(c.descendants());
            }
        }
        out
    }

    /// The input variables with a known value, as a plan's `variables` (`{name: {value}}`).
    pub fn known_variables(&self) -> Map<String, Value> {
        let mut out = Map::new();
        for (k, v) in &self.vars {
            if let Ok(v) = v {
                out.insert(k.clone(), serde_json::json!({ "value": v }));
            }
        }
        out
    }

    fn var(&self, name: &str) -> R {
        self.vars.get(name).cloned().unwrap_or_else(|| Err(Fail::Input(format!("var.{name}"))))
    }

    fn local(&self, name: &str) -> R {
        if let Some(v) = self.local_cache.borrow().get(name) {
            return v.clone();
        }
        let Some(e) = self.locals.get(name) else { return Err(Fail::Input(format!("local.{name}"))) };
        let key = format!("local.{name}");
        if self.evaluating.borrow().contains(&key) {
            return Err(Fail::Computed);
        }
        self.evaluating.borrow_mut().push(key);
        let v = self.eval(e, &Scope::default());
        self.evaluating.borrow_mut().pop();
        self.local_cache.borrow_mut().insert(name.to_string(), v.clone());
        v
    }

    /// `module.name.output`.
    fn module_output(&self, name: &str, output: &str) -> R {
        let Some(child) = self.child(name) else {
            return Err(Fail::Input(format!("module.{name} (its source is not available locally)")));
        };
        let e = child.module.blocks().find_map(|b| {
            (b.ident.as_str() == "output" && b.labels.first().map(|l| l.as_str()) == Some(output))
                .then(|| attr(&b.body, "value"))
                .flatten()
        });
        match e {
            Some(e) => child.eval(e, &Scope::default()),
            None => Err(Fail::Computed),
        }
    }

    /// An attribute of a resource in this module, from its configuration when it is written and
    /// the resource has a single instance; else computed.
    fn resource_attr(&self, address: &str, attr_name: &str) -> R {
        let Some(b) = self.resources.get(address) else { return Err(Fail::Computed) };
        if attr(&b.body, "count").is_some() || attr(&b.body, "for_each").is_some() {
            return Err(Fail::Computed);
        }
        let key = format!("{address}.{attr_name}");
        if self.evaluating.borrow().contains(&key) {
            return Err(Fail::Computed);
        }
        let Some(e) = attr(&b.body, attr_name) else { return Err(Fail::Computed) };
        self.evaluating.borrow_mut().push(key);
        let v = self.eval(e, &Scope::default());
        self.evaluating.borrow_mut().pop();
        v
    }

    /// Evaluates an expression.
    pub fn eval(&self, e: &Expression, scope: &Scope) -> R {
        if self.evaluating.borrow().len() > MAX_DEPTH {
            return Err(Fail::Computed);
        }
        match e {
            Expression::Null(_) => Ok(Value::Null),
            Expression::Bool(b) => Ok(Value::Bool(*b.value())),
            Expression::Number(n) => {
                let n = n.value();
                Ok(match n.as_i64() {
                    Some(i) => Value::from(i),
                    None => num(n.as_f64().unwrap_or(0.0)),
                })
            }
            Expression::String(s) => Ok(Value::String(s.value().clone())),
            Expression::Array(a) => {
                a.iter().map(|x| self.eval(x, scope)).collect::<Result<Vec<_>, _>>().map(Value::Array)
            }
            Expression::Object(o) => {
                let mut m = Map::new();
                for (k, v) in o.iter() {
                    let key = match k {
                        ObjectKey::Ident(i) => i.as_str().to_string(),
                        ObjectKey::Expression(e) => to_string(&self.eval(e, scope)?)?,
                    };
                    m.insert(key, self.eval(v.expr(), scope)?);
                }
                Ok(Value::Object(m))
            }
            Expression::StringTemplate(t) => self.template(t, scope),
            Expression::HeredocTemplate(h) => {
                let s = to_string(&self.template(&h.template, scope)?)?;
                Ok(Value::String(match h.indent() {
                    Some(n) if n > 0 => dedent(&s, n),
                    _ => s,
                }))
            }
            Expression::Parenthesis(p) => self.eval(p.inner(), scope),
            Expression::Variable(v) => self.variable(v.as_str(), scope),
            Expression::Conditional(c) => match self.eval(&c.cond_expr, scope)? {
                v if truthy(&v)? => self.eval(&c.true_expr, scope),
                _ => self.eval(&c.false_expr, scope),
            },
            Expression::FuncCall(f) => {
                let name = f.name.name.as_str();
                let args: Vec<&Expression> = f.args.iter().collect();
                crate::parse::tffunc::call(self, name, &args, f.args.expand_final(), scope)
            }
            Expression::Traversal(t) => self.traversal(&t.expr, &t.operators, scope),
            Expression::UnaryOp(u) => {
                let v = self.eval(&u.expr, scope)?;
                match u.operator.value() {
                    UnaryOperator::Not => Ok(Value::Bool(!truthy(&v)?)),
                    UnaryOperator::Neg => Ok(num(-to_f64(&v)?)),
                }
            }
            Expression::BinaryOp(b) => self.binary(b, scope),
            Expression::ForExpr(f) => self.for_expr(f, scope),
        }
    }

    fn variable(&self, name: &str, scope: &Scope) -> R {
        if let Some(v) = scope.get(name) {
            return v.clone();
        }
        Err(Fail::Input(name.to_string()))
    }

    fn binary(&self, b: &hcl_edit::expr::BinaryOp, scope: &Scope) -> R {
        use BinaryOperator as B;
        let op = *b.operator.value();
        if matches!(op, B::And | B::Or) {
            let l = truthy(&self.eval(&b.lhs_expr, scope)?)?;
            if (op == B::And && !l) || (op == B::Or && l) {
                return Ok(Value::Bool(l));
            }
            return Ok(Value::Bool(truthy(&self.eval(&b.rhs_expr, scope)?)?));
        }
        let l = self.eval(&b.lhs_expr, scope)?;
        let r = self.eval(&b.rhs_expr, scope)?;
        Ok(match op {
            B::Eq => Value::Bool(loose_eq(&l, &r)),
            B::NotEq => Value::Bool(!loose_eq(&l, &r)),
            B::Less => Value::Bool(to_f64(&l)? < to_f64(&r)?),
            B::LessEq => Value::Bool(to_f64(&l)? <= to_f64(&r)?),
            B::Greater => Value::Bool(to_f64(&l)? > to_f64(&r)?),
            B::GreaterEq => Value::Bool(to_f64(&l)? >= to_f64(&r)?),
            B::Plus => num(to_f64(&l)? + to_f64(&r)?),
            B::Minus => num(to_f64(&l)? - to_f64(&r)?),
            B::Mul => num(to_f64(&l)? * to_f64(&r)?),
            B::Div => num(to_f64(&l)? / to_f64(&r)?),
            B::Mod => num(to_f64(&l)? % to_f64(&r)?),
            B::And | B::Or => Value::Null,
        })
    }

    fn for_expr(&self, f: &hcl_edit::expr::ForExpr, scope: &Scope) -> R {
        let coll = self.eval(&f.intro.collection_expr, scope)?;
        let kv = f.intro.key_var.as_ref().map(|k| k.as_str().to_string());
        let vv = f.intro.value_var.as_str().to_string();
        let mut list = Vec::new();
        let mut map = Map::new();
        for (k, v) in entries(&coll) {
            let s = match &kv {
                Some(kn) => scope.with(kn, Ok(k)).with(&vv, Ok(v)),
                None => scope.with(&vv, Ok(v)),
            };
            if let Some(c) = &f.cond
                && !truthy(&self.eval(&c.expr, &s)?)?
            {
                continue;
            }
            let value = self.eval(&f.value_expr, &s)?;
            match &f.key_expr {
                Some(ke) => {
                    let key = to_string(&self.eval(ke, &s)?)?;
                    if f.grouping {
                        let e = map.entry(key).or_insert_with(|| Value::Array(Vec::new()));
                        if let Value::Array(a) = e {
                            a.push(value);
                        }
                    } else {
                        map.insert(key, value);
                    }
                }
                None => list.push(value),
            }
        }
        Ok(if f.key_expr.is_some() { Value::Object(map) } else { Value::Array(list) })
    }

    fn template(&self, t: &Template, scope: &Scope) -> R {
        // A template that is a single interpolation keeps the value's type (`"${var.n}"`).
        if let Some(Element::Interpolation(i)) = t.as_single_element() {
            return self.eval(&i.expr, scope);
        }
        let mut out = String::new();
        self.template_into(t, scope, &mut out)?;
        Ok(Value::String(out))
    }

    fn template_into(&self, t: &Template, scope: &Scope, out: &mut String) -> Result<(), Fail> {
        for el in t.iter() {
            match el {
                Element::Literal(l) => out.push_str(l.value()),
                Element::Interpolation(i) => out.push_str(&to_string(&self.eval(&i.expr, scope)?)?),
                Element::Directive(d) => match &**d {
                    Directive::If(i) => {
                        if truthy(&self.eval(&i.if_expr.cond_expr, scope)?)? {
                            self.template_into(&i.if_expr.template, scope, out)?;
                        } else if let Some(e) = &i.else_expr {
                            self.template_into(&e.template, scope, out)?;
                        }
                    }
                    Directive::For(f) => {
                        let fe = &f.for_expr;
                        let coll = self.eval(&fe.collection_expr, scope)?;
                        for (k, v) in entries(&coll) {
                            let s = match &fe.key_var {
                                Some(kn) => scope.with(kn.as_str(), Ok(k)).with(fe.value_var.as_str(), Ok(v)),
                                None => scope.with(fe.value_var.as_str(), Ok(v)),
                            };
                            self.template_into(&fe.template, &s, out)?;
                        }
                    }
                },
            }
        }
        Ok(())
    }

    fn traversal(
        &self,
        root: &Expression,
        ops: &[hcl_edit::Decorated<TraversalOperator>],
        scope: &Scope,
    ) -> R {
        let attr_at = |i: usize| match ops.get(i).map(|o| o.value()) {
            Some(TraversalOperator::GetAttr(a)) => Some(a.as_str()),
            _ => None,
        };
        let (base, rest): (R, usize) = match root {
            Expression::Variable(v) if scope.get(v.as_str()).is_none() => match (v.as_str(), attr_at(0)) {
                ("var", Some(n)) => (self.var(n), 1),
                ("local", Some(n)) => (self.local(n), 1),
                ("path", Some(_)) => (Ok(Value::String(self.module.dir.display().to_string())), 1),
                ("terraform", Some("workspace")) => (Ok(Value::String("default".into())), 1),
                ("module", Some(n)) => match attr_at(1) {
                    Some(out) => (self.module_output(n, out), 2),
                    None => (Err(Fail::Computed), ops.len()),
                },
                ("data", Some(t)) => {
                    let name = attr_at(1).unwrap_or("");
                    let what = format!("data.{t}.{name}");
                    // Policy documents are evaluated from their blocks (rules read them directly).
                    if t == "aws_iam_policy_document" {
                        (Err(Fail::Computed), ops.len())
                    } else {
                        (Err(Fail::Input(what)), ops.len())
                    }
                }
                ("self", _) | ("each", _) | ("count", _) => (Err(Fail::Computed), ops.len()),
                (t, Some(n)) if self.resources.contains_key(&format!("{t}.{n}")) => {
                    match (ops.get(1).map(|o| o.value()), attr_at(2)) {
                        (Some(TraversalOperator::GetAttr(a)), _) => {
                            (self.resource_attr(&format!("{t}.{n}"), a.as_str()), 2)
                        }
                        _ => (Err(Fail::Computed), ops.len()),
                    }
                }
                (t, _) if t.contains('_') => (Err(Fail::Computed), ops.len()),
                _ => (self.variable(v.as_str(), scope), 0),
            },
            other => (self.eval(other, scope), 0),
        };
        let mut cur = base?;
        let mut i = rest;
        while let Some(op) = ops.get(i) {
            match op.value() {
                TraversalOperator::GetAttr(a) => cur = get_attr(&cur, a.as_str())?,
                TraversalOperator::Index(e) => {
                    let k = self.eval(e, scope)?;
                    cur = index(&cur, &k)?;
                }
                TraversalOperator::LegacyIndex(n) => cur = index(&cur, &Value::from(*n.value()))?,
                TraversalOperator::AttrSplat(_) | TraversalOperator::FullSplat(_) => {
                    let items = match cur {
                        Value::Array(a) => a,
                        Value::Null => Vec::new(),
                        other => vec![other],
                    };
                    let tail = &ops[i + 1..];
                    let mut out = Vec::new();
                    for item in items {
                        let mut v = item;
                        for op in tail {
                            v = match op.value() {
                                TraversalOperator::GetAttr(a) => get_attr(&v, a.as_str())?,
                                TraversalOperator::Index(e) => index(&v, &self.eval(e, scope)?)?,
                                TraversalOperator::LegacyIndex(n) => index(&v, &Value::from(*n.value()))?,
                                _ => v,
                            };
                        }
                        out.push(v);
                    }
                    return Ok(Value::Array(out));
                }
            }
            i += 1;
        }
        Ok(cur)
    }

    /// A file path for `file()`/`templatefile()`, relative to the module, inside the sandbox.
    pub fn sandboxed(&self, p: &str) -> Result<PathBuf, Fail> {
        let path = self.module.dir.join(p);
        let canon = path.canonicalize().map_err(|_| Fail::Input(format!("file `{p}`")))?;
        let root = self.sandbox.canonicalize().unwrap_or_else(|_| self.sandbox.clone());
        if canon.starts_with(&root) {
            Ok(canon)
        } else {
            Err(Fail::Input(format!("file `{p}` (outside the repository)")))
        }
    }
}

impl Module {
    /// Top-level blocks of every file of the module.
    pub fn blocks(&self) -> impl Iterator<Item = &Block> {
        self.files.iter().flat_map(|(_, body)| body.blocks())
    }
}

/// The first attribute `name` of a body.
pub fn attr<'b>(body: &'b Body, name: &str) -> Option<&'b Expression> {
    body.iter().find_map(|s| match s {
        Structure::Attribute(a) if a.key.as_str() == name => Some(&a.value),
        _ => None,
    })
}

/// Reads a `.tfvars` (HCL) or `.tfvars.json` file; a missing or invalid file gives nothing.
pub fn read_tfvars(path: &Path) -> Vec<(String, Value)> {
    let Ok(text) = std::fs::read_to_string(path) else { return Vec::new() };
    if path.extension().is_some_and(|e| e == "json") {
        return match serde_json::from_str::<Value>(&text) {
            Ok(Value::Object(m)) => m.into_iter().collect(),
            _ => Vec::new(),
        };
    }
    let Ok(body) = hcl_edit::parser::parse_body(&text) else { return Vec::new() };
    body.attributes()
        .filter_map(|a| Some((a.key.as_str().to_string(), crate::parse::hcl::literal(&a.value)?)))
        .collect()
}

fn dedent(s: &str, n: usize) -> String {
    s.split_inclusive('\n')
        .map(|l| {
            let strip = l.bytes().take(n).take_while(|b| *b == b' ').count();
            &l[strip..]
        })
        .collect()
}

/// `(key, value)` pairs of a list (index keys), set or object.
pub fn entries(v: &Value) -> Vec<(Value, Value)> {
    match v {
        Value::Array(a) => a.iter().enumerate().map(|(i, x)| (Value::from(i), x.clone())).collect(),
        Value::Object(m) => m.iter().map(|(k, x)| (Value::String(k.clone()), x.clone())).collect(),
        _ => Vec::new(),
    }
}

pub fn num(f: f64) -> Value {
    if f.fract() == 0.0 && f.abs() < 9.0e15 {
        Value::from(f as i64)
    } else {
        Number::from_f64(f).map_or(Value::Null, Value::Number)
    }
}

pub fn to_f64(v: &Value) -> Result<f64, Fail> {
    match v {
        Value::Number(n) => n.as_f64().ok_or(Fail::Computed),
        Value::String(s) => s.trim().parse().map_err(|_| Fail::Computed),
        _ => Err(Fail::Computed),
    }
}

pub fn truthy(v: &Value) -> Result<bool, Fail> {
    match v {
        Value::Bool(b) => Ok(*b),
        Value::String(s) if s == "true" => Ok(true),
        Value::String(s) if s == "false" => Ok(false),
        _ => Err(Fail::Computed),
    }
}

/// A value as a template or string argument sees it.
pub fn to_string(v: &Value) -> Result<String, Fail> {
    match v {
        Value::String(s) => Ok(s.clone()),
        Value::Number(n) => Ok(n.to_string()),
        Value::Bool(b) => Ok(b.to_string()),
        _ => Err(Fail::Computed),
    }
}

fn loose_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        _ => a == b,
    }
}

fn get_attr(v: &Value, name: &str) -> R {
    match v {
        Value::Object(m) => m.get(name).cloned().ok_or(Fail::Computed),
        _ => Err(Fail::Computed),
    }
}

fn index(v: &Value, k: &Value) -> R {
    match (v, k) {
        (Value::Array(a), k) => {
            let i = to_f64(k)? as usize;
            a.get(i).cloned().ok_or(Fail::Computed)
        }
        (Value::Object(m), k) => m.get(&to_string(k)?).cloned().ok_or(Fail::Computed),
        _ => Err(Fail::Computed),
    }
}
