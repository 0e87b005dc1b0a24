//! `tf-aws-iam-github-oidc-unscoped`: gitHub OIDC role trust does not pin the repository.

use super::policy;
use super::{PlanResource, PlanView, TfRule, TfSink};
use crate::finding::Severity;
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "tf-aws-iam-github-oidc-unscoped",
    summary: "GitHub OIDC role trust does not pin the repository",
    severity: Severity::Critical,
    help: "add a `StringEquals`/`StringLike` condition on `token.actions.githubusercontent.com:sub` naming your repository",
    docs: r#"A role trusting the GitHub Actions OIDC provider (`token.actions.githubusercontent.com`) without a
condition on the token's `sub` claim can be assumed from **any** GitHub repository's workflow, including
an attacker's. Pin `sub` to `repo:<org>/<repo>:ref:refs/heads/main` or an environment, and `aud` to
`sts.amazonaws.com`. A `sub` pattern such as `repo:*` or `*` is as open as no condition."#,
    references: &["GitHub Docs: Configuring OpenID Connect in Amazon Web Services", "AWS FSBP IAM.1"],
    tags: &["iam", "ci"],
    default_enabled: true,
};

impl TfRule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, r: &PlanResource<'_>, plan: &PlanView<'_>, sink: &mut TfSink<'_>) {
        if r.rtype != "aws_iam_role" {
            return;
        }
        let Some(stmts) = policy::resolve(r, "assume_role_policy", plan) else { return };
        let github = |s: &policy::Statement| {
            s.allow
                && s.principals
                    .iter()
                    .any(|(t, id)| t == "Federated" && id.contains("token.actions.githubusercontent.com"))
        };
        for s in stmts.iter().filter(|s| github(s)) {
            let sub: Vec<&policy::Condition> = s
                .conditions
                .iter()
                .filter(|c| c.variable.eq_ignore_ascii_case("token.actions.githubusercontent.com:sub"))
                .collect();
            let open = sub.is_empty()
                || sub.iter().all(|c| {
                    c.values.iter().any(|v| v == "*" || v.starts_with("repo:*") || v.starts_with("*"))
                });
            if open {
                sink.report("/assume_role_policy", "the GitHub OIDC trust does not restrict `token.actions.githubusercontent.com:sub` to a repository");
            }
        }
    }
}
