//! `prometheus-invalid-promql`: a rule's `expr` is not valid PromQL.

use serde_json::Value;

use crate::document::Document;
use crate::finding::Severity;
use crate::rules::{Rule, RuleMeta, Sink};

pub static META: RuleMeta = RuleMeta {
    id: "prometheus-invalid-promql",
    summary: "A Prometheus rule's expression is not valid PromQL",
    severity: Severity::High,
    help: "fix the expression; check it with `promtool check rules` or in the Prometheus UI",
    docs: "Every alerting and recording rule in a `PrometheusRule` object or a Prometheus rule file must \
have an `expr` that parses as PromQL.\n\n**Why**: Prometheus refuses to load a rule file with a bad \
expression, and the Prometheus Operator's admission webhook rejects the whole `PrometheusRule`; without \
the webhook the group silently never loads, so the alerts it holds never fire.\n\n**How to fix**: \
correct the syntax reported in the message (unbalanced parentheses, a missing range selector such as \
`[5m]` for `rate()`, an unknown function, an aggregation with a misplaced `by`). `promtool check rules` \
reports the same errors.",
    references: &[
        "Prometheus: Alerting rules",
        "Prometheus: Querying basics (PromQL)",
        "Prometheus Operator: PrometheusRule",
    ],
    tags: &["prometheus", "correctness"],
    default_enabled: true,
};

pub struct InvalidPromql;

impl Rule for InvalidPromql {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, sink: &mut Sink<'_>) {
        for rule in super::rules(doc) {
            let expr = match rule.value.get("expr") {
                Some(Value::String(s)) => s.clone(),
                Some(Value::Number(n)) => n.to_string(),
                Some(_) | None => {
                    sink.report(&rule.field("expr"), format!("{} has no `expr` string", rule.label()));
                    continue;
                }
            };
            if expr.trim().is_empty() {
                sink.report(&rule.field("expr"), format!("{} has an empty `expr`", rule.label()));
                continue;
            }
            if let Err(e) = promql_parser::parser::parse(&expr) {
                let e = e.lines().next().unwrap_or("").trim().to_string();
                let f = sink.report(
                    &rule.field("expr"),
                    format!("{} has an invalid PromQL expression: {e}", rule.label()),
                );
                // A block scalar (`expr: |`): point at the expression's first line, not the indicator.
                let text = &f.file.text;
                let start = f.span.start as usize;
                if text.get(start..start + 1).is_some_and(|c| c == "|" || c == ">")
                    && let Some(nl) = text.get(start..).and_then(|t| t.find('\n'))
                {
                    let line = start + nl + 1;
                    let indent = text.get(line..).map_or(0, |t| t.len() - t.trim_start_matches(' ').len());
                    f.span = crate::source::Span::new(line + indent, f.span.end as usize);
                }
            }
        }
    }
}
