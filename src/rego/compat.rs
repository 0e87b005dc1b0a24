//! Source rewrites that let regorus read Rego the way OPA does, applied before a module is loaded.
//! Each rewrite keeps line numbers (text is only inserted within a line), so positions in errors
//! and findings stay right; `docs/rego-compatibility.md` lists them with the OPA behaviour each
//! one restores.
//!
//! 1. **A line that starts with `(` or `[` begins a new expression** when the line before ends
//!    one (OPA needs a call's or a reference's bracket right after the name); regorus reads it
//!    as a call or an index continuing the line before. A `;` is inserted at the end of the
//!    previous line's code.
//! 2. **`not f(x.y)` is undefined when `x.y` is** (OPA binds reference arguments of a negated
//!    call outside the negation); regorus negates the whole call, which makes it true. The
//!    arguments are hoisted: `__ndlint_arg0 := x.y; not f(__ndlint_arg0)` (a one-line
//!    `p if not f(x.y)` body becomes a `{ … }` block).
//! 3. **Rules with several bodies** (`p[x] { a } { b }`, `f(x) = y { a } { b }`, Rego v0) are
//!    one rule per body in OPA; regorus rejects the partial-set form ("else cannot be used with
//!    set rules") and evaluates only the first body of a function. The head is repeated before
//!    each further body, on the same line: `} p[x] { b }`.
//! 4. **`sprintf` with fewer arguments than verbs formats** (Go prints `%!v(MISSING)`); regorus
//!    fails, so the rule that builds the message is undefined. A literal argument array gets the
//!    missing `"%!v(MISSING)"` items.

use regorus::unstable::{Expr, Literal, Module, Query, Rule, RuleHead};

/// Rewrite 1: a `;` ends an expression line that a `(`/`[` line follows. Strings, raw strings
/// and comments are skipped; only lines outside parentheses count.
pub fn split_bracket_lines(text: &str) -> String {
    /// Words after which a line does not end an expression.
    const CONTINUING: &[&str] = &[
        "not", "if", "else", "in", "contains", "as", "with", "some", "every", "default", "import", "package",
    ];
    let bytes = text.as_bytes();
    let mut inserts = Vec::new();
    let mut depth = 0i32;
    // Byte offset just after the last code character seen, and that character.
    let mut last_code: Option<(usize, u8)> = None;
    let mut line_start_depth = 0;
    let mut at_line_start = true;
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        if at_line_start && !c.is_ascii_whitespace() {
            at_line_start = false;
            if (c == b'(' || c == b'[')
                && line_start_depth == 0
                && let Some((end, prev)) = last_code
                && (prev.is_ascii_alphanumeric() || matches!(prev, b'_' | b')' | b']' | b'}' | b'"' | b'`'))
                && !ends_with_word(&text[..end], CONTINUING)
            {
                inserts.push(end);
            }
        }
        match c {
            b'\n' => {
                at_line_start = true;
                line_start_depth = depth;
            }
            b'#' => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'"' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' && bytes[i] != b'\n' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                last_code = Some((i.min(bytes.len() - 1) + 1, b'"'));
                i += 1;
                continue;
            }
            b'`' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'`' {
                    if bytes[i] == b'\n' {
                        line_start_depth = depth;
                    }
                    i += 1;
                }
                last_code = Some((i.min(bytes.len() - 1) + 1, b'`'));
                i += 1;
                continue;
            }
            b'(' => depth += 1,
            b')' => depth -= 1,
            _ => {}
        }
        if !c.is_ascii_whitespace() {
            last_code = Some((i + 1, c));
        }
        i += 1;
    }
    insert_all(text, inserts.into_iter().map(|at| (at, ";".to_string())).collect())
}

fn ends_with_word(code: &str, words: &[&str]) -> bool {
    let start = code.rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).map_or(0, |i| i + 1);
    words.contains(&&code[start..])
}

/// Inserts texts at byte offsets (any order).
fn insert_all(text: &str, mut inserts: Vec<(usize, String)>) -> String {
    if inserts.is_empty() {
        return text.to_string();
    }
    inserts.sort_by_key(|(at, _)| *at);
    let mut out = String::with_capacity(text.len() + inserts.len() * 24);
    let mut from = 0;
    for (at, s) in inserts {
        if at < from || at > text.len() || !text.is_char_boundary(at) {
            continue;
        }
        out.push_str(&text[from..at]);
        out.push_str(&s);
        from = at;
    }
    out.push_str(&text[from..]);
    out
}

/// Rewrite 3: a rule's head (its text from the start of its line to its first `{`, when on one
/// line) repeated before each further body of the rule.
pub fn split_rule_bodies(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut inserts = Vec::new();
    let mut depth = 0i32;
    let mut line_start = 0;
    // The head of the top-level rule being read; whether the top-level braces open a body (not
    // an object or set literal after `=`); whether a body just closed; the last code character.
    let mut head: Option<&str> = None;
    let mut top_is_body = false;
    let mut closed = false;
    let mut prev = b'\n';
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        match c {
            b'\n' => line_start = i + 1,
            b'#' => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'"' | b'`' => {
                let quote = c;
                i += 1;
                while i < bytes.len() && bytes[i] != quote {
                    i += if quote == b'"' && bytes[i] == b'\\' { 2 } else { 1 };
                }
                closed = false;
            }
            b'{' => {
                if depth == 0 {
                    top_is_body = !matches!(prev, b'=' | b',' | b':' | b'[' | b'(' | b'|');
                    if top_is_body && closed {
                        if let Some(h) = head {
                            inserts.push((i, format!("{h} ")));
                        }
                    } else if top_is_body {
                        let h = text[line_start..i].trim();
                        head = (!h.is_empty() && !h.contains('\n')).then_some(h);
                    }
                }
                closed = false;
                depth += 1;
            }
            b'}' => {
                depth -= 1;
                closed = depth == 0 && top_is_body;
            }
            c if !c.is_ascii_whitespace() => closed = false,
            _ => {}
        }
        if !c.is_ascii_whitespace() {
            prev = c;
        }
        i += 1;
    }
    insert_all(text, inserts)
}

/// Rewrite 2 on a parsed module: the reference arguments of negated calls are bound first.
/// Returns the module's new text, or `None` when nothing changes.
pub fn hoist_negated_call_refs(module: &Module, text: &str) -> Option<String> {
    let mut edits: Vec<(usize, usize, String)> = Vec::new(); // (start, end, replacement)
    let mut n = 0;
    let mut visit = |q: &Query, edits: &mut Vec<(usize, usize, String)>| {
        for stmt in &q.stmts {
            let Literal::NotExpr { span, expr } = &stmt.literal else { continue };
            if !stmt.with_mods.is_empty() {
                continue;
            }
            let Expr::Call { params, .. } = expr.as_ref() else { continue };
            let mut bind = String::new();
            for p in params {
                if !matches!(p.as_ref(), Expr::RefDot { .. } | Expr::RefBrack { .. }) {
                    continue;
                }
                let s = p.span();
                let Some(arg) = text.get(s.start as usize..s.end as usize) else { continue };
                let var = format!("__ndlint_arg{n}");
                n += 1;
                bind.push_str(&format!("{var} := {arg}; "));
                edits.push((s.start as usize, s.end as usize, var));
            }
            if !bind.is_empty() {
                // A one-line `p if not f(x.y)` body becomes a block, so that it can hold two.
                let before = text.get(..span.start as usize).unwrap_or_default().trim_end();
                let one_line = before.ends_with(" if") || before.ends_with("\tif");
                if one_line {
                    bind.insert_str(0, "{ ");
                    edits.push((span.end as usize, span.end as usize, " }".to_string()));
                }
                edits.push((span.start as usize, span.start as usize, bind));
            }
        }
    };
    for rule in &module.policy {
        queries_of_rule(rule, &mut |q| visit(q, &mut edits));
    }
    if edits.is_empty() {
        return None;
    }
    edits.sort_by_key(|(start, end, _)| (*start, *end));
    let mut out = String::with_capacity(text.len() + edits.len() * 24);
    let mut from = 0;
    for (start, end, s) in edits {
        if start < from || !text.is_char_boundary(start) || !text.is_char_boundary(end) {
            return None; // overlapping edits (a negated call inside a negated call's argument)
        }
        out.push_str(&text[from..start]);
        out.push_str(&s);
        from = end;
    }
    out.push_str(&text[from..]);
    Some(out)
}

/// Rewrite 3 on a parsed module: literal `sprintf` argument arrays padded to the verbs of a
/// literal format. Returns the module's new text, or `None` when nothing changes.
pub fn pad_sprintf_arguments(module: &Module, text: &str) -> Option<String> {
    let mut inserts = Vec::new();
    for rule in &module.policy {
        super::ast::visit_rule(rule, &mut |e| {
            let Expr::Call { fcn, params, .. } = e else { return };
            if super::ast::ref_path(fcn).as_deref() != Some(&["sprintf".to_string()][..]) || params.len() != 2
            {
                return;
            }
            let (Expr::String { value, .. } | Expr::RawString { value, .. }) = params[0].as_ref() else {
                return;
            };
            let Expr::Array { items, span, .. } = params[1].as_ref() else { return };
            let Ok(format) = value.as_string() else { return };
            let verbs = format_verbs(format.as_ref());
            if verbs <= items.len() || span.end == 0 {
                return;
            }
            let missing = vec!["\"%!v(MISSING)\""; verbs - items.len()].join(", ");
            let sep = if items.is_empty() { "" } else { ", " };
            inserts.push((span.end as usize - 1, format!("{sep}{missing}")));
        });
    }
    (!inserts.is_empty()).then(|| insert_all(text, inserts))
}

/// The number of Go `fmt` verbs in a format (`%%` is none).
fn format_verbs(format: &str) -> usize {
    let mut n = 0;
    let mut chars = format.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '%' {
            continue;
        }
        if chars.peek() == Some(&'%') {
            chars.next();
            continue;
        }
        // Flags, width and precision, then the verb letter.
        while chars.peek().is_some_and(|c| "+-# 0123456789.".contains(*c)) {
            chars.next();
        }
        if chars.next().is_some() {
            n += 1;
        }
    }
    n
}

/// Calls `f` on every query of a rule, nested ones (comprehensions, `every`) included.
fn queries_of_rule(rule: &Rule, f: &mut dyn FnMut(&Query)) {
    if let Rule::Spec { head, bodies, .. } = rule {
        let head_value = match head {
            RuleHead::Compr { assign, .. } | RuleHead::Func { assign, .. } => {
                assign.as_ref().map(|a| &a.value)
            }
            RuleHead::Set { key, .. } => key.as_ref(),
        };
        if let Some(v) = head_value {
            queries_of_expr(v, f);
        }
        for b in bodies {
            if let Some(a) = &b.assign {
                queries_of_expr(&a.value, f);
            }
            queries_of_query(&b.query, f);
        }
    }
}

fn queries_of_query(q: &Query, f: &mut dyn FnMut(&Query)) {
    f(q);
    for stmt in &q.stmts {
        match &stmt.literal {
            Literal::Every { query, domain, .. } => {
                queries_of_expr(domain, f);
                queries_of_query(query, f);
            }
            Literal::Expr { expr, .. } | Literal::NotExpr { expr, .. } => queries_of_expr(expr, f),
            Literal::SomeIn { collection, .. } => queries_of_expr(collection, f),
            Literal::SomeVars { .. } => {}
        }
    }
}

fn queries_of_expr(e: &Expr, f: &mut dyn FnMut(&Query)) {
    match e {
        Expr::ArrayCompr { term, query, .. } | Expr::SetCompr { term, query, .. } => {
            queries_of_expr(term, f);
            queries_of_query(query, f);
        }
        Expr::ObjectCompr { key, value, query, .. } => {
            queries_of_expr(key, f);
            queries_of_expr(value, f);
            queries_of_query(query, f);
        }
        Expr::Array { items, .. } | Expr::Set { items, .. } => {
            items.iter().for_each(|i| queries_of_expr(i, f))
        }
        Expr::Object { fields, .. } => fields.iter().for_each(|(_, k, v)| {
            queries_of_expr(k, f);
            queries_of_expr(v, f);
        }),
        Expr::Call { params, .. } => params.iter().for_each(|p| queries_of_expr(p, f)),
        Expr::UnaryExpr { expr, .. } => queries_of_expr(expr, f),
        Expr::BinExpr { lhs, rhs, .. }
        | Expr::BoolExpr { lhs, rhs, .. }
        | Expr::ArithExpr { lhs, rhs, .. }
        | Expr::AssignExpr { lhs, rhs, .. } => {
            queries_of_expr(lhs, f);
            queries_of_expr(rhs, f);
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bracket_line_after_an_expression_line_starts_a_new_expression() {
        let src = "p(h) {\n  input.x # note (a)\n  (h.a - h.b) >= input.x\n}\n";
        assert_eq!(split_bracket_lines(src), "p(h) {\n  input.x; # note (a)\n  (h.a - h.b) >= input.x\n}\n");
    }

    #[test]
    fn each_further_body_gets_the_head() {
        let src = "p[x] {\n  x := 1\n} {\n  x := 2\n}\n\nq = 1 { true }\n\nr { a } else = false { b }\n";
        assert_eq!(
            split_rule_bodies(src),
            "p[x] {\n  x := 1\n} p[x] {\n  x := 2\n}\n\nq = 1 { true }\n\nr { a } else = false { b }\n"
        );
        let literal_head = "f(c) = {\"a\": a} {\n  a := c\n}\n\nx = {\"k\": 1}\n";
        assert_eq!(split_rule_bodies(literal_head), literal_head);
    }

    #[test]
    fn verbs_are_counted_like_go() {
        assert_eq!(format_verbs("a %v b %s 100%% %5.2f"), 3);
        assert_eq!(format_verbs("none"), 0);
    }

    #[test]
    fn continued_lines_and_literals_are_left_alone() {
        for src in [
            "x := f(\n  (a)\n)\n",
            "x := [\n  [1],\n  [2]\n]\n",
            "p if {\n  not\n  (a)\n}\n",
            "m := `raw\n(text`\n",
            "s := \"str (\"\n",
            "deny[msg] {\n  (a)\n}\n",
        ] {
            assert_eq!(split_bracket_lines(src), src);
        }
    }
}
