//! `gha-unsecure-commands`: `ACTIONS_ALLOW_UNSECURE_COMMANDS` re-enables `set-env` and `add-path`.

use super::{GhaRule, GhaSink, env_blocks, is_true};
use crate::finding::Severity;
use crate::parse::workflow::{GhaFile, Node};
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "gha-unsecure-commands",
    summary: "`ACTIONS_ALLOW_UNSECURE_COMMANDS` re-enables the deprecated workflow commands",
    severity: Severity::High,
    help: "remove the variable and write to `$GITHUB_ENV` / `$GITHUB_PATH` files instead of `::set-env` / `::add-path`",
    docs: r#"## What it finds

`ACTIONS_ALLOW_UNSECURE_COMMANDS: true` in a workflow, job or step `env:` (also in composite actions).

## Why it matters

GitHub disabled the `::set-env` and `::add-path` workflow commands in 2020 (CVE-2020-15228) because any text a step prints — a log line containing a PR title, a test name — could set environment variables or PATH entries for the following steps, and so run code. The variable turns that back on.

## How to fix

Remove it; use `echo "NAME=value" >> "$GITHUB_ENV"`.
"#,
    references: &[
        "CVE-2020-15228",
        "zizmor: insecure-commands",
        "GitHub Changelog 2020-10-01: deprecating set-env and add-path",
    ],
    tags: &["security", "injection", "github-actions"],
    default_enabled: true,
};

fn check_env(env: Node<'_>, sink: &mut GhaSink<'_>) {
    if let Some(v) = env.get("ACTIONS_ALLOW_UNSECURE_COMMANDS").filter(is_true) {
        sink.report_key(&v, "the deprecated `set-env`/`add-path` commands are enabled again");
    }
}

impl GhaRule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, w: &GhaFile, sink: &mut GhaSink<'_>) {
        for env in env_blocks(w) {
            check_env(env, sink);
        }
    }
}
