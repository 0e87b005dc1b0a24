//! Terraform configuration (`.tf`) parsed with `hcl-edit`: maps plan addresses and attribute paths
//! to the `resource` block, attribute or nested block a person edits.
//!
//! The root module is the plan's directory (or `--tf-root`); child modules are found through
//! `.terraform/modules/modules.json` (what `terraform init` writes) and, failing that, through the
//! local `source = "./..."` of each `module` block. A module that cannot be found (remote and not
//! vendored) maps to its caller's `module "x" {` block, marked approximate.

use crate::document::Lookup;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use hcl_edit::Span as _;
use hcl_edit::expr::{Expression, ObjectKey};
use hcl_edit::structure::{Block, Body, Structure};
use serde_json::Value;

use crate::source::{SourceFile, Span};

/// Deepest module nesting followed (guards against `source = "./"` cycles).
const MAX_MODULE_DEPTH: usize = 16;

/// Where a finding lands in the configuration.
#[derive(Clone, Debug)]
pub struct Location {
    pub file: Arc<SourceFile>,
    pub span: Span,
    pub approximate: bool,
    /// A note for the message, e.g. that the location is the module call.
    pub note: Option<String>,
    /// Where the attribute's value comes from: the `variable` blocks it reads and, inside a module,
    /// the caller's argument that sets them.
    pub related: Vec<(Arc<SourceFile>, Span, String)>,
}

/// A block with the spans ndlint needs: header, attributes (with literal values) and nested blocks.
#[derive(Clone, Debug)]
pub struct HclBlock {
    pub ident: String,
    pub labels: Vec<String>,
    /// The whole block.
    pub span: Span,
    /// `resource "aws_s3_bucket" "logs" {`: from the identifier to the opening brace.
    pub header: Span,
    pub attrs: Vec<HclAttr>,
    pub blocks: Vec<HclBlock>,
}

#[derive(Clone, Debug)]
pub struct HclAttr {
    pub key: String,
    /// `key = value`, the whole attribute.
    pub span: Span,
    pub value: Span,
    /// The value when it is a constant (no references or function calls).
    pub literal: Option<Value>,
    /// Spans of the elements of an array literal.
    pub items: Vec<Span>,
    /// Spans of the entries of an object literal, by key.
    pub entries: Vec<(String, Span)>,
}

impl HclBlock {
    pub fn attr(&self, key: &str) -> Option<&HclAttr> {
        self.attrs.iter().find(|a| a.key == key)
    }

    pub fn blocks_named<'a>(&'a self, ident: &'a str) -> impl Iterator<Item = &'a HclBlock> + 'a {
        self.blocks.iter().filter(move |b| b.ident == ident)
    }

    /// `lifecycle { prevent_destroy = ... }` as written: `Some(true)`, `Some(false)`, or `None` when
    /// absent or not a constant.
    pub fn prevent_destroy(&self) -> Option<bool> {
        self.blocks_named("lifecycle").find_map(|l| l.attr("prevent_destroy")?.literal.as_ref()?.as_bool())
    }
}

/// A `resource`/`data` block and the file it is in.
#[derive(Clone, Debug)]
pub struct ResourceBlock {
    pub file: Arc<SourceFile>,
    pub block: HclBlock,
}

#[derive(Clone, Debug)]
struct ModuleCall {
    file: Arc<SourceFile>,
    header: Span,
    /// Arguments (`environment = var.environment`) by name.
    args: HashMap<String, Span>,
}

/// One module's configuration: what locations need, and the parsed files the evaluator reads.
#[derive(Debug, Default)]
pub struct Module {
    /// The module's directory.
    pub dir: PathBuf,
    /// Every `.tf` file of the module with its parsed body (each file is parsed once).
    pub files: Vec<(Arc<SourceFile>, Body)>,
    /// `aws_s3_bucket.logs` or `data.aws_iam_policy_document.x`.
    resources: HashMap<String, ResourceBlock>,
    calls: HashMap<String, ModuleCall>,
    /// `variable "x" {` headers.
    variables: HashMap<String, (Arc<SourceFile>, Span)>,
}

/// The parsed configuration of a plan: every module found, by module path (`[]` is the root).
#[derive(Debug, Default)]
pub struct TfSources {
    modules: HashMap<Vec<String>, Module>,
    /// `.tf` files that did not parse, with the parser's message (the plan still maps elsewhere).
    pub errors: Vec<(String, String)>,
}

impl TfSources {
    /// Loads the root module in `dir` and every child module that can be found.
    /// `configuration` (the plan's) supplies module sources when a `module` block's is not literal.
    pub fn load(dir: &Path, repo_root: &Path, configuration: &Value) -> TfSources {
        let mut s = TfSources::default();
        let manifest = modules_manifest(dir);
        s.load_module(Vec::new(), dir, dir, repo_root, &manifest, configuration.get("root_module"), 0);
        s
    }

    pub fn is_empty(&self) -> bool {
        self.modules.is_empty()
    }

    #[allow(clippy::too_many_arguments)]
    fn load_module(
        &mut self,
        path: Vec<String>,
        dir: &Path,
        root: &Path,
        repo_root: &Path,
        manifest: &HashMap<String, PathBuf>,
        config: Option<&Value>,
        depth: usize,
    ) {
        if depth > MAX_MODULE_DEPTH || self.modules.contains_key(&path) {
            return;
        }
        let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
            .map(|rd| {
                rd.filter_map(Result::ok)
                    .map(|e| e.path())
                    .filter(|p| p.extension().is_some_and(|x| x == "tf") && p.is_file())
                    .collect()
            })
            .unwrap_or_default();
        if files.is_empty() {
            return;
        }
        files.sort();
        let mut module = Module { dir: dir.to_path_buf(), ..Module::default() };
        let mut children = Vec::new();
        for p in files {
            let Ok(text) = std::fs::read_to_string(&p) else { continue };
            let shown = display_path(&p, repo_root);
            let body = match hcl_edit::parser::parse_body(&text) {
                Ok(b) => b,
                Err(e) => {
                    self.errors.push((shown, e.message().to_string()));
                    continue;
                }
            };
            let file = SourceFile::new(shown, text);
            for st in body.iter() {
                let Structure::Block(b) = st else { continue };
                let block = convert_block(b, &file.text);
                match (block.ident.as_str(), block.labels.as_slice()) {
                    ("resource", [t, n]) => {
                        module
                            .resources
                            .insert(format!("{t}.{n}"), ResourceBlock { file: file.clone(), block });
                    }
                    ("data", [t, n]) => {
                        module
                            .resources
                            .insert(format!("data.{t}.{n}"), ResourceBlock { file: file.clone(), block });
                    }
                    ("module", [name]) => {
                        let source = block
                            .attr("source")
                            .and_then(|a| a.literal.as_ref()?.as_str().map(str::to_string));
                        let args = block.attrs.iter().map(|a| (a.key.clone(), a.span)).collect();
                        module.calls.insert(
                            name.clone(),
                            ModuleCall { file: file.clone(), header: block.header, args },
                        );
                        children.push((name.clone(), source));
                    }
                    ("variable", [name]) => {
                        module.variables.insert(name.clone(), (file.clone(), block.header));
                    }
                    _ => {}
                }
            }
            module.files.push((file, body));
        }
        self.modules.insert(path.clone(), module);
        for (name, source) in children {
            let mut child = path.clone();
            child.push(name.clone());
            let call_config = config.and_then(|c| c.at(&format!("/module_calls/{name}")));
            let source = source.or_else(|| call_config?.get("source")?.as_str().map(str::to_string));
            let child_dir = manifest.get(&child.join(".")).map(|d| root.join(d)).or_else(|| {
                let s = source?;
                (s.starts_with("./") || s.starts_with("../")).then(|| dir.join(s))
            });
            if let Some(d) = child_dir {
                let d = d.canonicalize().unwrap_or(d);
                self.load_module(
                    child,
                    &d,
                    root,
                    repo_root,
                    manifest,
                    call_config.and_then(|c| c.get("module")),
                    depth + 1,
                );
            }
        }
    }

    /// A loaded module by module path (`[]` is the root, `["net", "subnets"]` a nested call).
    pub fn module(&self, path: &[String]) -> Option<&Module> {
        self.modules.get(path)
    }

    /// The `resource`/`data` block of a plan address (instance keys are ignored).
    pub fn resource(&self, address: &str) -> Option<&ResourceBlock> {
        let (modules, local) = split_address(address);
        self.modules.get(&modules)?.resources.get(&local)
    }

    /// Locates an attribute path (below `change.after`) of a resource: the attribute, nested block
    /// or array element when written in the `.tf`, else the `resource` block header. `after` is
    /// the resource's planned value, used to pick the right one of several same-named blocks.
    /// Returns `None` when neither the resource nor any module call on its path is found.
    pub fn locate(&self, address: &str, path: &[String], after: &Value) -> Option<Location> {
        let (modules, local) = split_address(address);
        let vendored = |f: &SourceFile| f.path.split('/').any(|c| c == ".terraform");
        if let Some(r) = self.modules.get(&modules).and_then(|m| m.resources.get(&local))
            && !vendored(&r.file)
        {
            let (span, value) = locate_in_block(&r.block, path, after);
            let related = value.map(|v| self.value_sources(&modules, &r.file, v)).unwrap_or_default();
            return Some(Location { file: r.file.clone(), span, approximate: false, note: None, related });
        }
        // The module was not found (remote, not vendored), or is vendored under `.terraform/`
        // (not code a person edits): the deepest module call in the user's own files.
        let found = self.modules.get(&modules).is_some_and(|m| m.resources.contains_key(&local));
        for depth in (0..modules.len()).rev() {
            let Some(m) = self.modules.get(&modules[..depth]) else { continue };
            if let Some(call) = m.calls.get(&modules[depth])
                && !vendored(&call.file)
            {
                let why = if found { "is vendored under `.terraform/`" } else { "source not found" };
                return Some(Location {
                    file: call.file.clone(),
                    span: call.header,
                    approximate: true,
                    note: Some(format!("module `{}` {why}; shown at its call", modules[depth])),
                    related: Vec::new(),
                });
            }
        }
        None
    }
}

/// The 1-based line of the top-level block (`resource`, `data`, `module`, ...) enclosing a byte
/// offset of a `.tf` file, for suppressions: an `# ndlint: ignore[...]` comment above a `resource`
/// block covers the findings on its attributes. Relies on top-level blocks starting at column 1
/// (as `terraform fmt` writes them).
pub fn block_header_line(file: &SourceFile, offset: u32) -> Option<usize> {
    let line = file.line_col(offset).line;
    (1..=line).rev().find(|&l| {
        let t = file.line_text(l);
        t.starts_with(|c: char| c.is_ascii_alphabetic()) && t.trim_end().ends_with('{')
    })
}

impl TfSources {
    /// Related locations for an attribute value reading `var.x`: the `variable "x"` block, and, in
    /// a child module, the caller's `x = ...` argument that sets it.
    fn value_sources(
        &self,
        modules: &[String],
        file: &SourceFile,
        value: Span,
    ) -> Vec<(Arc<SourceFile>, Span, String)> {
        let text = file.text.get(value.start as usize..value.end as usize).unwrap_or("");
        let mut out = Vec::new();
        let Some(module) = self.modules.get(modules) else { return out };
        for var in variable_refs(text) {
            if let Some((f, span)) = module.variables.get(&var) {
                out.push((f.clone(), *span, format!("the value comes from variable `{var}`")));
            }
            if let Some((name, parent)) = modules.split_last()
                && let Some(call) = self.modules.get(parent).and_then(|m| m.calls.get(name))
                && let Some(arg) = call.args.get(&var)
            {
                out.push((call.file.clone(), *arg, format!("`{var}` is set here for module `{name}`")));
            }
        }
        out
    }
}

/// Names of the input variables an expression's source text reads (`var.name`), in order.
fn variable_refs(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(pos) = text.get(i..).and_then(|t| t.find("var.")) {
        let start = i + pos;
        let boundary = start == 0
            || !matches!(bytes.get(start - 1), Some(c) if c.is_ascii_alphanumeric() || *c == b'_' || *c == b'.');
        let name: String = text
            .get(start + 4..)
            .unwrap_or("")
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
            .collect();
        if boundary && !name.is_empty() && !out.contains(&name) {
            out.push(name.clone());
        }
        i = start + 4 + name.len();
    }
    out
}

fn display_path(p: &Path, repo_root: &Path) -> String {
    let root = repo_root.canonicalize().unwrap_or_else(|_| repo_root.to_path_buf());
    let abs = p.canonicalize().unwrap_or_else(|_| p.to_path_buf());
    abs.strip_prefix(&root).unwrap_or(p).to_string_lossy().replace('\\', "/")
}

/// `.terraform/modules/modules.json`: module key (`a.b`) → directory relative to the root module.
fn modules_manifest(dir: &Path) -> HashMap<String, PathBuf> {
    let Ok(text) = std::fs::read_to_string(dir.join(".terraform/modules/modules.json")) else {
        return HashMap::new();
    };
    let Ok(v) = serde_json::from_str::<Value>(&text) else { return HashMap::new() };
    v.get("Modules")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|m| {
            let key = m.get("Key")?.as_str()?;
            let d = m.get("Dir")?.as_str()?;
            (!key.is_empty()).then(|| (key.to_string(), PathBuf::from(d)))
        })
        .collect()
}

/// Splits `module.a["k"].module.b[0].aws_x.y[1]` into `(["a", "b"], "aws_x.y")`; data sources keep
/// their `data.` prefix.
pub fn split_address(address: &str) -> (Vec<String>, String) {
    let mut parts = Vec::new();
    let mut cur = String::new();
    let mut depth = 0usize;
    let mut in_str = false;
    let mut chars = address.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' if depth > 0 => in_str = !in_str,
            '\\' if in_str => {
                chars.next();
            }
            '[' if !in_str => depth += 1,
            ']' if !in_str => depth = depth.saturating_sub(1),
            '.' if depth == 0 && !in_str => parts.push(std::mem::take(&mut cur)),
            _ if depth == 0 => cur.push(c),
            _ => {}
        }
    }
    parts.push(cur);
    let mut modules = Vec::new();
    let mut i = 0;
    while i + 1 < parts.len() && parts[i] == "module" && parts.len() - i > 2 {
        modules.push(parts[i + 1].clone());
        i += 2;
    }
    (modules, parts[i..].join("."))
}

fn span_of(r: Option<std::ops::Range<usize>>) -> Span {
    r.map_or(Span::default(), |r| Span::new(r.start, r.end))
}

fn convert_block(b: &Block, text: &str) -> HclBlock {
    let span = span_of(b.span());
    let start = span.start as usize;
    let brace = text.get(start..).and_then(|t| t.find('{')).map_or(span.end as usize, |i| start + i + 1);
    let header = Span::new(start, brace.min(span.end as usize));
    let (attrs, blocks) = convert_body(&b.body, text);
    HclBlock {
        ident: b.ident.as_str().to_string(),
        labels: b.labels.iter().map(|l| l.as_str().to_string()).collect(),
        span,
        header,
        attrs,
        blocks,
    }
}

fn convert_body(body: &Body, text: &str) -> (Vec<HclAttr>, Vec<HclBlock>) {
    let mut attrs = Vec::new();
    let mut blocks = Vec::new();
    for st in body.iter() {
        match st {
            Structure::Attribute(a) => {
                let items = match &a.value {
                    Expression::Array(arr) => arr.iter().map(|e| span_of(e.span())).collect(),
                    _ => Vec::new(),
                };
                let entries = match &a.value {
                    Expression::Object(o) => o
                        .iter()
                        .filter_map(|(k, v)| Some((object_key(k)?, span_of(v.expr().span()))))
                        .collect(),
                    _ => Vec::new(),
                };
                attrs.push(HclAttr {
                    key: a.key.as_str().to_string(),
                    span: span_of(a.span()),
                    value: span_of(a.value.span()),
                    literal: literal(&a.value),
                    items,
                    entries,
                });
            }
            Structure::Block(b) => blocks.push(convert_block(b, text)),
        }
    }
    (attrs, blocks)
}

fn object_key(k: &ObjectKey) -> Option<String> {
    match k {
        ObjectKey::Ident(i) => Some(i.as_str().to_string()),
        ObjectKey::Expression(Expression::String(s)) => Some(s.value().clone()),
        ObjectKey::Expression(_) => None,
    }
}

/// The value of a constant expression.
pub fn literal(e: &Expression) -> Option<Value> {
    Some(match e {
        Expression::Null(_) => Value::Null,
        Expression::Bool(b) => Value::Bool(*b.value()),
        Expression::Number(n) => {
            let n = n.value();
            match n.as_i64() {
                Some(i) => Value::from(i),
                None => serde_json::Number::from_f64(n.as_f64()?).map(Value::Number)?,
            }
        }
        Expression::String(s) => Value::String(s.value().clone()),
        Expression::Array(a) => Value::Array(a.iter().map(literal).collect::<Option<Vec<_>>>()?),
        Expression::Object(o) => {
            let mut m = serde_json::Map::new();
            for (k, v) in o.iter() {
                m.insert(object_key(k)?, literal(v.expr())?);
            }
            Value::Object(m)
        }
        Expression::Parenthesis(p) => literal(p.inner())?,
        _ => return None,
    })
}

/// Walks an attribute path through a block: attributes by name (array elements and object
/// entries by index/key), nested blocks by name and position. Stops at the deepest element found.
fn locate_in_block(block: &HclBlock, path: &[String], value: &Value) -> (Span, Option<Span>) {
    let mut cur = block;
    let mut val = value;
    let mut span = block.header;
    let mut i = 0;
    while let Some(seg) = path.get(i) {
        if let Some(a) = cur.attr(seg) {
            span = a.span;
            if let Some(next) = path.get(i + 1) {
                if let Some(s) = next.parse::<usize>().ok().and_then(|n| a.items.get(n)) {
                    span = *s;
                } else if let Some((_, s)) = a.entries.iter().find(|(k, _)| k == next) {
                    span = *s;
                }
            }
            return (span, Some(a.value));
        }
        let named: Vec<&HclBlock> = cur.blocks_named(seg).collect();
        if named.is_empty() {
            // `dynamic "ingress" { ... }` generates the blocks: point at it.
            if let Some(d) = cur.blocks.iter().find(|b| b.ident == "dynamic" && b.labels.first() == Some(seg))
            {
                return (d.header, None);
            }
            return (span, None);
        }
        let sub_val = val.get(seg.as_str()).unwrap_or(&Value::Null);
        // Nested blocks appear as a list in the plan; sets are reordered, so match by content.
        let (idx, consumed) = match path.get(i + 1).and_then(|s| s.parse::<usize>().ok()) {
            Some(n) => (n, 2),
            None => (0, 1),
        };
        let elem = sub_val.get(idx).unwrap_or(&Value::Null);
        let chosen = best_match(&named, elem).or_else(|| named.get(idx).copied()).unwrap_or(named[0]);
        span = chosen.header;
        cur = chosen;
        val = elem;
        i += consumed;
    }
    (span, None)
}

/// The block whose constant attributes agree most with the planned element (at least one).
fn best_match<'a>(blocks: &[&'a HclBlock], elem: &Value) -> Option<&'a HclBlock> {
    if blocks.len() < 2 {
        return blocks.first().copied();
    }
    let score = |b: &HclBlock| {
        b.attrs
            .iter()
            .filter(|a| a.literal.is_some() && a.literal.as_ref() == elem.get(a.key.as_str()))
            .count()
    };
    let mut best: Option<(&HclBlock, usize)> = None;
    for b in blocks {
        let s = score(b);
        if s > 0 && best.is_none_or(|(_, bs)| s > bs) {
            best = Some((b, s));
        }
    }
    best.map(|(b, _)| b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_addresses() {
        assert_eq!(split_address("aws_s3_bucket.b"), (vec![], "aws_s3_bucket.b".to_string()));
        assert_eq!(
            split_address(r#"module.net["a.b"].module.sub[0].aws_subnet.this["x.y"]"#),
            (vec!["net".to_string(), "sub".to_string()], "aws_subnet.this".to_string())
        );
        assert_eq!(split_address("data.aws_iam_policy_document.p").1, "data.aws_iam_policy_document.p");
    }

    #[test]
    fn maps_nested_blocks_by_content() {
        let text = "resource \"aws_security_group\" \"web\" {\n  name = \"web\"\n  ingress {\n    from_port = 443\n    cidr_blocks = [\"10.0.0.0/8\"]\n  }\n  ingress {\n    from_port = 22\n    cidr_blocks = [\"10.0.0.0/8\", \"0.0.0.0/0\"]\n  }\n}\n";
        let body = hcl_edit::parser::parse_body(text).unwrap();
        let Some(Structure::Block(b)) = body.iter().next() else { panic!() };
        let block = convert_block(b, text);
        let f = SourceFile::new("main.tf", text);
        assert_eq!(f.line_col(block.header.start).line, 1);
        let after = serde_json::json!({"ingress": [{"from_port": 22, "cidr_blocks": ["10.0.0.0/8", "0.0.0.0/0"]}, {"from_port": 443}]});
        let path: Vec<String> = ["ingress", "0", "cidr_blocks", "1"].iter().map(|s| s.to_string()).collect();
        let (span, _) = locate_in_block(&block, &path, &after);
        assert_eq!(f.line_col(span.start).line, 9);
        assert_eq!(&text[span.start as usize..span.end as usize], "\"0.0.0.0/0\"");
    }
}
