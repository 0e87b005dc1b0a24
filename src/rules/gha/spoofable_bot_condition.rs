//! `gha-spoofable-bot-condition`: `if: github.actor == 'dependabot[bot]'` and similar checks an
//! attacker can satisfy.

use std::sync::OnceLock;

use regex::Regex;

use super::{GhaRule, GhaSink, conditions};
use crate::finding::Severity;
use crate::parse::workflow::{GhaFile, Node};
use crate::rules::RuleMeta;
use crate::source::Span;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "gha-spoofable-bot-condition",
    summary: "An `if:` trusts `github.actor` to be a bot",
    severity: Severity::High,
    help: "check the pull request's author instead: `github.event.pull_request.user.login == 'dependabot[bot]'`",
    docs: r#"## What it finds

A job or step `if:` comparing `github.actor` or `github.triggering_actor` with a bot account (`'dependabot[bot]'`, `'renovate[bot]'`, …).

## Why it matters

`github.actor` is whoever caused the latest event, not who wrote the code: an attacker can open a pull request, wait for Dependabot to rebase or update it (or trigger it with `@dependabot recreate`), and the check passes on a run that contains the attacker's commits — auto-merge or privileged steps then run for them.

## How to fix

Compare immutable facts of the pull request, such as `github.event.pull_request.user.login`, and combine with `dependabot/fetch-metadata`.
"#,
    references: &["zizmor: bot-conditions", "GitHub Security Lab: GitHub Actions — Dependabot confusion"],
    tags: &["security", "github-actions"],
    default_enabled: true,
};

fn pattern() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        // `github.actor`, `github.ACTOR`, `github['actor']`: contexts are case-insensitive.
        let actor =
            r#"github(?:\.(?:actor|triggering_actor)\b|\[\s*['"](?:actor|triggering_actor)['"]\s*\])"#;
        let bot = r#"['"][^'"]*\[bot\]['"]"#;
        Regex::new(&format!(r"(?i){actor}\s*==\s*{bot}|{bot}\s*==\s*{actor}")).expect("valid regex")
    })
}

fn check_if(node: Node<'_>, sink: &mut GhaSink<'_>) {
    let raw = node.raw();
    if let Some(m) = pattern().find(raw) {
        let base = node.value_span().start as usize;
        sink.report_span(Span::new(base + m.start(), base + m.end()), &node, "`github.actor` names whoever triggered the run last, which an attacker can arrange to be the bot");
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
