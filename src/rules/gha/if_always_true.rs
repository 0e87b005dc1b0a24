//! `gha-if-always-true`: an `if:` that mixes `${{ }}` with other text and so is always true.

use super::{GhaRule, GhaSink, conditions};
use crate::finding::Severity;
use crate::parse::workflow::{GhaFile, Node, find_expressions};
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "gha-if-always-true",
    summary: "An `if:` condition is always true",
    severity: Severity::High,
    help: "write the whole condition as one expression, `if: ${{ a && b }}` or `if: a && b`, on one line",
    docs: r#"## What it finds

A job or step `if:` whose value contains `${{ … }}` plus any other text — `${{ a }} && ${{ b }}`, text before or after the expression, or a block scalar (`if: |`) that leaves a trailing newline.

## Why it matters

When an `if:` is not exactly one expression, GitHub treats it as a string template: the expressions are substituted and the result is a non-empty string, which is truthy. The guard — "only on main", "only for maintainers" — silently never applies.

## How to fix

```yaml
if: github.ref == 'refs/heads/main' && github.event_name == 'push'
```
"#,
    references: &[
        "zizmor: unsound-condition",
        "GitHub Docs: Expressions — Using expressions in if conditionals",
    ],
    tags: &["security", "correctness", "github-actions"],
    default_enabled: true,
};

fn check_if(node: Node<'_>, sink: &mut GhaSink<'_>) {
    let Some(text) = node.str() else { return };
    let exprs = find_expressions(text);
    let Some(first) = exprs.first() else { return };
    let whole = exprs.len() == 1 && first.0 == 0 && first.1 == text.len();
    if !whole {
        sink.report(&node, "the condition is a string template, not an expression: it is always true");
    }
}

impl GhaRule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, w: &GhaFile, sink: &mut GhaSink<'_>) {
        for c in conditions(w) {
            check_if(c, sink);
        }
    }
}
