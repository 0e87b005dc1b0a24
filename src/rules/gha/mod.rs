//! GitHub Actions rules (`gha-…`), one per file, on workflows, action metadata and Dependabot
//! configs, and what they share: [`GhaRule`], [`GhaSink`], the classification of expression
//! contexts by who controls them, and the privileged triggers. Every rule is offline.

use std::sync::Arc;

use crate::finding::Finding;
use crate::parse::workflow::{self, GhaFile, GhaKind, Node, Step};
use crate::rules::{Registry, RuleMeta};
use crate::source::{SourceFile, Span};

mod allow_unsafe_pr_checkout;
mod artifact_from_workflow_run;
mod branch_ref;
mod cache_in_privileged_workflow;
mod checkout_persist_credentials;
mod compromised_action;
mod container_credentials_hardcoded;
mod dangerous_trigger;
mod debug_logging_enabled;
mod dependabot_cooldown;
mod dependabot_insecure_code_execution;
mod dependabot_missing_github_actions;
mod download_and_execute;
mod github_env_untrusted_write;
mod id_token_write_without_environment;
mod if_always_true;
mod image_not_pinned_by_digest;
mod long_lived_cloud_credentials;
mod permissions_missing;
mod permissions_write_all;
mod secret_in_run_script;
mod secrets_inherit;
mod secrets_to_json;
mod self_hosted_runner_on_pr;
mod sha_pin_without_version_comment;
mod spoofable_bot_condition;
mod template_expansion_in_script;
mod template_injection;
mod template_injection_partly_controlled;
mod tool_version_unpinned;
mod unpinned_package_install;
mod unpinned_uses;
mod unsecure_commands;
mod untrusted_checkout;
mod untrusted_checkout_build;
mod workflow_level_write_permissions;

/// A GitHub Actions rule: checks one parsed file (each rule looks at the kinds it applies to).
pub trait GhaRule: Send + Sync {
    fn meta(&self) -> &'static RuleMeta;
    fn check(&self, w: &GhaFile, sink: &mut GhaSink<'_>);
}

/// Every GitHub Actions rule, sorted by id.
pub static ALL: &[&dyn GhaRule] = &[
    &allow_unsafe_pr_checkout::RULE,
    &artifact_from_workflow_run::RULE,
    &branch_ref::RULE,
    &cache_in_privileged_workflow::RULE,
    &checkout_persist_credentials::RULE,
    &compromised_action::RULE,
    &container_credentials_hardcoded::RULE,
    &dangerous_trigger::RULE,
    &debug_logging_enabled::RULE,
    &dependabot_cooldown::RULE,
    &dependabot_insecure_code_execution::RULE,
    &dependabot_missing_github_actions::RULE,
    &download_and_execute::RULE,
    &github_env_untrusted_write::RULE,
    &id_token_write_without_environment::RULE,
    &if_always_true::RULE,
    &image_not_pinned_by_digest::RULE,
    &long_lived_cloud_credentials::RULE,
    &permissions_missing::RULE,
    &permissions_write_all::RULE,
    &secret_in_run_script::RULE,
    &secrets_inherit::RULE,
    &secrets_to_json::RULE,
    &self_hosted_runner_on_pr::RULE,
    &sha_pin_without_version_comment::RULE,
    &spoofable_bot_condition::RULE,
    &template_expansion_in_script::RULE,
    &template_injection::RULE,
    &template_injection_partly_controlled::RULE,
    &tool_version_unpinned::RULE,
    &unpinned_package_install::RULE,
    &unpinned_uses::RULE,
    &unsecure_commands::RULE,
    &untrusted_checkout::RULE,
    &untrusted_checkout_build::RULE,
    &workflow_level_write_permissions::RULE,
];

/// The metadata of every GitHub Actions rule.
pub fn metas() -> impl Iterator<Item = &'static RuleMeta> {
    ALL.iter().map(|r| r.meta())
}

/// Parses a GitHub file and runs the enabled `gha-` rules on it; a parse error is the only
/// finding of a file that does not parse.
pub fn check_file(file: &Arc<SourceFile>, kind: GhaKind, registry: &Registry) -> Vec<Finding> {
    let w = match workflow::parse(file, kind) {
        Ok(w) => w,
        Err(f) => return vec![*f],
    };
    let mut out = Vec::new();
    for rule in ALL {
        let meta = rule.meta();
        if registry.selection.enabled(meta.id, meta.default_enabled) {
            rule.check(&w, &mut GhaSink { file: &w, meta, out: &mut out });
        }
    }
    out.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    out
}

/// Collects one rule's findings on one file.
pub struct GhaSink<'a> {
    file: &'a GhaFile,
    meta: &'static RuleMeta,
    out: &'a mut Vec<Finding>,
}

impl GhaSink<'_> {
    /// Reports at an exact span (a ref, an expression, a command).
    pub fn report_span(&mut self, span: Span, node: &Node<'_>, message: impl Into<String>) {
        let mut f =
            Finding::new(self.meta.id, self.meta.severity, message.into(), self.file.file.clone(), span);
        f.help = Some(self.meta.help.to_string());
        f.pointer = Some(self.file.pointer_of(node.span));
        self.out.push(f);
    }

    /// Reports at a node's value.
    pub fn report(&mut self, node: &Node<'_>, message: impl Into<String>) {
        self.report_span(node.value_span(), node, message);
    }

    /// Reports at a node's key (a setting that should not be there, or a job or step as a whole).
    pub fn report_key(&mut self, node: &Node<'_>, message: impl Into<String>) {
        self.report_span(node.key_span(), node, message);
    }
}

/// Who can choose the value of an expression context.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Control {
    /// Constants of the run (`github.sha`, `runner.temp`, `secrets.*`, numbers and ids).
    Safe,
    /// Values computed by the workflow that may carry data from elsewhere (`env`, step outputs).
    Indirect,
    /// Values a contributor picks within limits: branch and tag names, actors, workflow inputs.
    Partly,
    /// Free text any GitHub user can write: titles, bodies, commit messages, fork branch names.
    Attacker,
}

/// Free-text fields of webhook payloads that anyone who opens an issue, a pull request or a fork
/// can write.
const ATTACKER_FIELDS: &[&str] = &[
    "title",
    "body",
    "message",
    "head_branch",
    "label",
    "email",
    "page_name",
    "default_branch",
    "display_title",
    "description",
    "head_ref",
];

/// Classifies one context reference (`github.event.pull_request.title`, `env.NAME`).
pub fn classify_context(path: &str) -> Control {
    let p = path.to_ascii_lowercase().replace(['[', ']', '\'', '"'], ".");
    let parts: Vec<&str> = p.split('.').filter(|s| !s.is_empty()).collect();
    let last = parts.last().copied().unwrap_or("");
    match parts.first().copied().unwrap_or("") {
        "github" => match parts.get(1).copied().unwrap_or("") {
            "head_ref" => Control::Attacker,
            "ref_name" | "ref" | "base_ref" | "actor" | "triggering_actor" => Control::Partly,
            "event" => {
                if parts.iter().any(|s| ATTACKER_FIELDS.contains(s))
                    || (parts.contains(&"head") && matches!(last, "ref" | "full_name" | "name" | "owner"))
                    || (parts.contains(&"author") || parts.contains(&"committer"))
                {
                    Control::Attacker
                } else if matches!(last, "number" | "sha" | "id" | "node_id" | "url" | "html_url" | "run_id")
                    || last.ends_with("_at")
                {
                    Control::Safe
                } else {
                    Control::Partly
                }
            }
            _ => Control::Safe,
        },
        "inputs" => Control::Partly,
        "env" | "steps" | "needs" | "vars" => Control::Indirect,
        _ => Control::Safe,
    }
}

/// The context references of an expression's inner text, with their byte offsets in it; string
/// literals and function names are skipped.
pub fn context_refs(inner: &str) -> Vec<(usize, &str)> {
    let bytes = inner.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        if c == b'\'' {
            i += 1;
            while i < bytes.len() && bytes[i] != b'\'' {
                i += 1;
            }
            i += 1;
            continue;
        }
        if c.is_ascii_alphabetic() || c == b'_' {
            let start = i;
            while i < bytes.len()
                && (bytes[i].is_ascii_alphanumeric() || matches!(bytes[i], b'_' | b'-' | b'.' | b'*'))
            {
                i += 1;
            }
            // `x['key']` indexing belongs to the reference.
            while i < bytes.len() && bytes[i] == b'[' {
                match inner[i..].find(']') {
                    Some(close) => i += close + 1,
                    None => break,
                }
                while i < bytes.len()
                    && (bytes[i].is_ascii_alphanumeric() || matches!(bytes[i], b'_' | b'-' | b'.'))
                {
                    i += 1;
                }
            }
            let word = &inner[start..i];
            let call = inner[i..].trim_start().starts_with('(');
            if !call && !matches!(word, "true" | "false" | "null") {
                out.push((start, word));
            }
            continue;
        }
        i += 1;
    }
    out
}

/// The worst control over the contexts an expression reads.
pub fn expression_control(inner: &str) -> Control {
    context_refs(inner).iter().map(|(_, r)| classify_context(r)).max().unwrap_or(Control::Safe)
}

/// Triggers that run with the base repository's secrets and a writable token while reacting to
/// something an outsider did.
pub const PRIVILEGED_TRIGGERS: &[&str] = &["pull_request_target", "workflow_run", "issue_comment"];

/// The workflow has a privileged trigger.
pub fn privileged(w: &GhaFile) -> bool {
    w.kind == GhaKind::Workflow && w.triggers().iter().any(|t| PRIVILEGED_TRIGGERS.contains(&t.name))
}

/// Scripts that expressions are pasted into before they run: `run:` and `actions/github-script`'s
/// `script` input.
pub fn script_sinks<'a>(w: &'a GhaFile) -> Vec<(Step<'a>, Node<'a>)> {
    let mut out = Vec::new();
    for step in w.steps() {
        if let Some(run) = step.run() {
            out.push((step, run));
        }
        if step.runs_action("actions/github-script")
            && let Some(script) = step.input("script")
        {
            out.push((step, script));
        }
    }
    out
}

/// Reports every expression pasted into a script whose worst context has exactly `control`.
pub fn report_injections(w: &GhaFile, sink: &mut GhaSink<'_>, control: Control, what: &str) {
    for (_, script) in script_sinks(w) {
        for e in script.expressions() {
            if expression_control(e.inner) == control {
                sink.report_span(
                    e.span,
                    &script,
                    format!("`${{{{ {} }}}}` {what} is expanded into the script before it runs", e.inner),
                );
            }
        }
    }
}

/// Whether an expression text (a checkout `ref:`) names the pull request's head: its SHA or
/// branch, or the `refs/pull/N/merge|head` refs.
pub fn names_pr_head(text: &str) -> bool {
    let t = text.to_ascii_lowercase();
    t.contains("pull_request.head.")
        || t.contains("github.head_ref")
        || t.contains("workflow_run.head_")
        || (t.contains("refs/pull/") && (t.contains("/merge") || t.contains("/head")))
        || t.contains("steps.") && t.contains("head")
}

/// Checkout steps under a privileged trigger that check out the pull request's code.
pub fn untrusted_checkouts<'a>(w: &'a GhaFile) -> Vec<(Step<'a>, Node<'a>)> {
    if !privileged(w) {
        return Vec::new();
    }
    w.steps()
        .into_iter()
        .filter(|s| s.runs_action("actions/checkout"))
        .filter_map(|s| {
            let r = s.input("ref").or_else(|| s.input("repository"))?;
            names_pr_head(&r.text()?).then_some((s, r))
        })
        .collect()
}

/// True for `true`/`"true"` values.
pub fn is_true(node: &Node<'_>) -> bool {
    node.text().is_some_and(|t| t.eq_ignore_ascii_case("true"))
}

/// A ref that names a version (`v4`, `v4.2.2`, `0.35.0`) rather than a branch.
pub fn version_like(reference: &str) -> bool {
    let r = reference.strip_prefix('v').unwrap_or(reference);
    r.starts_with(|c: char| c.is_ascii_digit())
}

/// Compares dotted versions numerically (`v0.34.2` < `0.35.0`); `None` when either is not numeric.
pub fn version_less(a: &str, b: &str) -> Option<bool> {
    let parse = |s: &str| -> Option<Vec<u64>> {
        s.trim_start_matches('v').split('.').map(|p| p.parse().ok()).collect()
    };
    let (a, b) = (parse(a)?, parse(b)?);
    Some(a < b)
}

/// Every `env:` mapping of the file: the workflow's, each job's and each step's.
pub fn env_blocks<'a>(w: &'a GhaFile) -> Vec<Node<'a>> {
    let mut out: Vec<Node<'a>> = w.root().get("env").into_iter().collect();
    out.extend(w.jobs().iter().filter_map(|j| j.node.get("env")));
    out.extend(w.steps().iter().filter_map(|s| s.node.get("env")));
    out
}

/// Every job and step `if:`.
pub fn conditions<'a>(w: &'a GhaFile) -> Vec<Node<'a>> {
    let mut out: Vec<Node<'a>> = w.jobs().iter().filter_map(|j| j.node.get("if")).collect();
    out.extend(w.steps().iter().filter_map(|s| s.node.get("if")));
    out
}

/// The `uses:` of actions and reusable workflows (not local, not `docker://`) that are not pinned
/// to a commit SHA.
pub fn mutable_refs<'a>(w: &'a GhaFile) -> Vec<crate::parse::workflow::Uses<'a>> {
    use crate::parse::workflow::UsesKind;
    w.uses()
        .into_iter()
        .filter(|u| matches!(u.kind, UsesKind::Action | UsesKind::ReusableWorkflow) && !u.is_sha_pinned())
        .collect()
}

/// The entries of a Dependabot config's `updates` (none for other files).
pub fn dependabot_updates<'a>(w: &'a GhaFile) -> Vec<Node<'a>> {
    if w.kind != GhaKind::Dependabot {
        return Vec::new();
    }
    w.root().get("updates").map(|u| u.items()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contexts_are_classified_by_who_controls_them() {
        assert_eq!(classify_context("github.event.pull_request.title"), Control::Attacker);
        assert_eq!(classify_context("github.head_ref"), Control::Attacker);
        assert_eq!(classify_context("github.event.pull_request.head.ref"), Control::Attacker);
        assert_eq!(classify_context("github.ref_name"), Control::Partly);
        assert_eq!(classify_context("github.event.pull_request.number"), Control::Safe);
        assert_eq!(classify_context("github.sha"), Control::Safe);
        assert_eq!(classify_context("secrets.TOKEN"), Control::Safe);
        assert_eq!(classify_context("steps.x.outputs.y"), Control::Indirect);
        assert_eq!(expression_control("github.event.issue.title || 'x'"), Control::Attacker);
        assert_eq!(expression_control("format('{0}', github.sha)"), Control::Safe);
        assert_eq!(expression_control("'github.head_ref'"), Control::Safe);
    }
}
