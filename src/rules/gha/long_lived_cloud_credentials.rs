//! `gha-long-lived-cloud-credentials`: static cloud keys passed to a job where OIDC would work.

use super::{GhaRule, GhaSink, env_blocks};
use crate::finding::Severity;
use crate::parse::workflow::{GhaFile, Node};
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "gha-long-lived-cloud-credentials",
    summary: "Long-lived cloud credentials are used where OIDC works",
    severity: Severity::High,
    help: "grant `id-token: write` to the deploy job and let the cloud's action exchange the OIDC token for a short-lived role",
    docs: r#"## What it finds

- `aws-actions/configure-aws-credentials` with `aws-access-key-id` / `aws-secret-access-key` inputs;
- `google-github-actions/auth` with `credentials_json`;
- `azure/login` with `creds` (a service principal secret);
- `AWS_SECRET_ACCESS_KEY`, `AWS_ACCESS_KEY_ID`, `ARM_CLIENT_SECRET`, `GOOGLE_CREDENTIALS` or `GOOGLE_APPLICATION_CREDENTIALS_JSON` set in a workflow, job or step `env:`.

## Why it matters

A static key in repository secrets lives until someone rotates it, and every job that can read it can leak it: the tj-actions and Trivy payloads dumped exactly such secrets. With OpenID Connect each run gets credentials that expire within the hour and that the cloud's trust policy can bind to the repository, branch and environment. All three clouds support it from GitHub Actions.

## How to fix

```yaml
permissions:
  id-token: write
  contents: read
steps:
  - uses: aws-actions/configure-aws-credentials@<sha> # v4
    with:
      role-to-assume: arn:aws:iam::123456789012:role/deploy
      aws-region: us-east-1
```
"#,
    references: &[
        "GitHub Docs: Configuring OpenID Connect in Amazon Web Services",
        "CIS AWS Foundations 1.14",
        "AWS IAM best practices: use temporary credentials",
    ],
    tags: &["security", "credentials", "oidc", "github-actions"],
    default_enabled: true,
};

const KEY_INPUTS: &[(&str, &str)] = &[
    ("aws-actions/configure-aws-credentials", "aws-access-key-id"),
    ("aws-actions/configure-aws-credentials", "aws-secret-access-key"),
    ("google-github-actions/auth", "credentials_json"),
    ("azure/login", "creds"),
];

const KEY_ENV: &[&str] = &[
    "AWS_SECRET_ACCESS_KEY",
    "AWS_ACCESS_KEY_ID",
    "ARM_CLIENT_SECRET",
    "GOOGLE_CREDENTIALS",
    "GOOGLE_APPLICATION_CREDENTIALS_JSON",
];

fn check_env(env: Node<'_>, sink: &mut GhaSink<'_>) {
    for (name, value) in env.entries() {
        if KEY_ENV.contains(&name) {
            sink.report_key(&value, format!("`{name}` passes a long-lived cloud key to the job"));
        }
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
        for step in w.steps() {
            for (action, input) in KEY_INPUTS {
                if step.runs_action(action)
                    && let Some(v) = step.input(input)
                {
                    sink.report_key(&v, format!("`{input}` gives `{action}` a long-lived key; use OIDC"));
                }
            }
        }
    }
}
