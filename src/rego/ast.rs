//! Walking regorus' (unstable) AST: rule heads with their lines, and every function call, for the
//! load-time check of builtins that regorus lacks.

use std::collections::{HashMap, HashSet};

use regorus::unstable::{Expr, Literal, Module, Query, Rule, RuleHead};

/// The dotted components of a reference (`data.lib.f` → `["data", "lib", "f"]`).
pub fn ref_path(e: &Expr) -> Option<Vec<String>> {
    match e {
        Expr::Var { span, .. } => Some(vec![span.text().to_string()]),
        Expr::RefDot { refr, field, .. } => {
            let mut p = ref_path(refr)?;
            p.push(field.0.text().to_string());
            Some(p)
        }
        Expr::RefBrack { refr, index, .. } => {
            let mut p = ref_path(refr)?;
            match index.as_ref() {
                Expr::String { value, .. } | Expr::RawString { value, .. } => {
                    p.push(value.as_string().ok()?.to_string())
                }
                _ => return None,
            }
            Some(p)
        }
        _ => None,
    }
}

/// A rule definition: its head path (relative to the package), line, and whether it is a function.
#[derive(Clone, Debug)]
pub struct RuleDef {
    pub path: Vec<String>,
    pub line: u32,
    pub is_function: bool,
    /// Number of bodies (a v0 `p { a } { b }` has two), for the test runner.
    pub bodies: usize,
}

pub fn rule_defs(module: &Module) -> Vec<RuleDef> {
    module
        .policy
        .iter()
        .filter_map(|r| match r.as_ref() {
            Rule::Spec { span, head, bodies } => {
                let (refr, is_function) = match head {
                    RuleHead::Compr { refr, .. } | RuleHead::Set { refr, .. } => (refr, false),
                    RuleHead::Func { refr, .. } => (refr, true),
                };
                Some(RuleDef {
                    path: ref_path(refr)?,
                    line: span.line,
                    is_function,
                    bodies: bodies.iter().filter(|b| !b.is_else).count().max(1),
                })
            }
            Rule::Default { span, refr, args, .. } => Some(RuleDef {
                path: ref_path(refr)?,
                line: span.line,
                is_function: !args.is_empty(),
                bodies: 1,
            }),
        })
        .collect()
}

pub fn package_path(module: &Module) -> Vec<String> {
    ref_path(&module.package.refr).unwrap_or_default()
}

/// Builtins of OPA that regorus does not provide (notes/rego.md §1.6), for a clearer message.
const KNOWN_MISSING: &[&str] = &[
    "crypto.",
    "io.jwt.",
    "graphql.",
    "net.cidr_contains_matches",
    "net.cidr_intersects",
    "net.cidr_merge",
    "net.lookup_ip_addr",
    "net.cidr_overlap",
    "rego.metadata.",
    "rego.parse_module",
    "strings.render_template",
    "providers.aws.sign_req",
    "any",
    "all",
    "re_match",
    "set_diff",
    "cast_",
];

/// A call that neither a builtin nor a loaded function answers.
#[derive(Clone, Debug)]
pub struct MissingCall {
    pub file: String,
    pub line: u32,
    pub column: u32,
    /// Byte offset of the call in the file.
    pub offset: u32,
    pub name: String,
    pub known_opa_builtin: bool,
}

/// Finds calls to functions that are neither regorus builtins nor defined by the loaded modules.
/// `extra` names host-provided functions (extensions).
pub fn missing_calls(modules: &[&Module], extra: &[&str]) -> Vec<MissingCall> {
    let mut functions: HashSet<String> = HashSet::new();
    for m in modules {
        let pkg = package_path(m).join(".");
        for def in rule_defs(m) {
            functions.insert(format!("data.{pkg}.{}", def.path.join(".")));
        }
    }
    let mut out = Vec::new();
    for m in modules {
        let pkg = package_path(m).join(".");
        let mut aliases: HashMap<String, String> = HashMap::new();
        for imp in &m.imports {
            if let Some(p) = ref_path(&imp.refr) {
                let alias = imp.r#as.as_ref().map(|s| s.text().to_string()).or_else(|| p.last().cloned());
                if let Some(alias) = alias {
                    aliases.insert(alias, p.join("."));
                }
            }
        }
        let file = m.package.span.source.get_path().clone();
        let mut check = |e: &Expr| {
            let Expr::Call { fcn, .. } = e else { return };
            let span = leftmost_span(fcn);
            let Some(path) = ref_path(fcn) else { return };
            let name = path.join(".");
            if name == "print"
                || regorus::unstable::BUILTINS.contains_key(name.as_str())
                || extra.contains(&name.as_str())
            {
                return;
            }
            let full = match path.first().map(String::as_str) {
                Some("data") => name.clone(),
                Some(first) if aliases.contains_key(first) => {
                    let mut s = aliases[first].clone();
                    for p in &path[1..] {
                        s.push('.');
                        s.push_str(p);
                    }
                    s
                }
                _ => format!("data.{pkg}.{name}"),
            };
            if functions.contains(&full) {
                return;
            }
            let known_opa_builtin = KNOWN_MISSING
                .iter()
                .any(|k| if k.ends_with('.') || k.ends_with('_') { name.starts_with(k) } else { name == *k });
            out.push(MissingCall {
                file: file.clone(),
                line: span.line,
                column: span.col,
                offset: span.start,
                name,
                known_opa_builtin,
            });
        };
        for rule in &m.policy {
            visit_rule(rule, &mut check);
        }
    }
    out
}

/// The span of a reference's first component (`io` of `io.jwt.decode`).
fn leftmost_span(e: &Expr) -> &regorus::unstable::Span {
    match e {
        Expr::RefDot { refr, .. } | Expr::RefBrack { refr, .. } => leftmost_span(refr),
        other => other.span(),
    }
}

pub(crate) fn visit_rule(rule: &Rule, f: &mut impl FnMut(&Expr)) {
    match rule {
        Rule::Spec { head, bodies, .. } => {
            match head {
                RuleHead::Compr { assign, .. } => {
                    if let Some(a) = assign {
                        visit_expr(&a.value, f);
                    }
                }
                RuleHead::Set { key, .. } => {
                    if let Some(k) = key {
                        visit_expr(k, f);
                    }
                }
                RuleHead::Func { assign, .. } => {
                    if let Some(a) = assign {
                        visit_expr(&a.value, f);
                    }
                }
            }
            for b in bodies {
                if let Some(a) = &b.assign {
                    visit_expr(&a.value, f);
                }
                visit_query(&b.query, f);
            }
        }
        Rule::Default { value, .. } => visit_expr(value, f),
    }
}

fn visit_query(q: &Query, f: &mut impl FnMut(&Expr)) {
    for stmt in &q.stmts {
        match &stmt.literal {
            Literal::SomeVars { .. } => {}
            Literal::SomeIn { key, value, collection, .. } => {
                if let Some(k) = key {
                    visit_expr(k, f);
                }
                visit_expr(value, f);
                visit_expr(collection, f);
            }
            Literal::Expr { expr, .. } | Literal::NotExpr { expr, .. } => visit_expr(expr, f),
            Literal::Every { domain, query, .. } => {
                visit_expr(domain, f);
                visit_query(query, f);
            }
        }
        for w in &stmt.with_mods {
            visit_expr(&w.r#as, f);
        }
    }
}

fn visit_expr(e: &Expr, f: &mut impl FnMut(&Expr)) {
    f(e);
    match e {
        Expr::Array { items, .. } | Expr::Set { items, .. } => items.iter().for_each(|i| visit_expr(i, f)),
        Expr::Object { fields, .. } => {
            for (_, k, v) in fields {
                visit_expr(k, f);
                visit_expr(v, f);
            }
        }
        Expr::ArrayCompr { term, query, .. } | Expr::SetCompr { term, query, .. } => {
            visit_expr(term, f);
            visit_query(query, f);
        }
        Expr::ObjectCompr { key, value, query, .. } => {
            visit_expr(key, f);
            visit_expr(value, f);
            visit_query(query, f);
        }
        Expr::Call { params, .. } => params.iter().for_each(|p| visit_expr(p, f)),
        Expr::UnaryExpr { expr, .. } => visit_expr(expr, f),
        Expr::RefDot { refr, .. } => visit_expr(refr, f),
        Expr::RefBrack { refr, index, .. } => {
            visit_expr(refr, f);
            visit_expr(index, f);
        }
        Expr::BinExpr { lhs, rhs, .. }
        | Expr::BoolExpr { lhs, rhs, .. }
        | Expr::ArithExpr { lhs, rhs, .. }
        | Expr::AssignExpr { lhs, rhs, .. } => {
            visit_expr(lhs, f);
            visit_expr(rhs, f);
        }
        Expr::Membership { key, value, collection, .. } => {
            if let Some(k) = key {
                visit_expr(k, f);
            }
            visit_expr(value, f);
            visit_expr(collection, f);
        }
        _ => {}
    }
}
