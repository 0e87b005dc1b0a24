//! `gha-tool-version-unpinned`: setup actions that install whatever tool version is newest.

use super::{GhaRule, GhaSink};
use crate::finding::Severity;
use crate::parse::workflow::GhaFile;
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "gha-tool-version-unpinned",
    summary: "A setup action installs an unpinned (latest) tool version",
    severity: Severity::Medium,
    help: "set the version input to an exact release, e.g. `terraform_version: 1.9.8`",
    docs: r#"## What it finds

Setup actions without their version input, or with `latest`:

| action | input |
|---|---|
| `hashicorp/setup-terraform` | `terraform_version` |
| `aquasecurity/setup-trivy`, `aquasecurity/trivy-action` | `version` |
| `azure/setup-helm`, `azure/setup-kubectl` | `version` |
| `opentofu/setup-opentofu` | `tofu_version` |
| `sigstore/cosign-installer` | `cosign-release` |

## Why it matters

The action downloads the newest release at run time, so the same commit builds with different tools on different days, and a malicious release (the Trivy binary v0.69.4 of March 2026) reaches the pipeline the moment it is published, with the job's credentials. Deploy pipelines should change tool versions in a reviewed commit.

## How to fix

```yaml
- uses: hashicorp/setup-terraform@b9cd54a3c349d3f38e8881555d616ced269862dd # v3.1.2
  with:
    terraform_version: 1.9.8
```
"#,
    references: &["OpenSSF Scorecard: Pinned-Dependencies", "CVE-2026-33634"],
    tags: &["security", "supply-chain", "reproducibility", "github-actions"],
    default_enabled: true,
};

/// Setup actions and the input that pins what they install.
const SETUP_ACTIONS: &[(&str, &str)] = &[
    ("hashicorp/setup-terraform", "terraform_version"),
    ("aquasecurity/setup-trivy", "version"),
    ("aquasecurity/trivy-action", "version"),
    ("azure/setup-helm", "version"),
    ("azure/setup-kubectl", "version"),
    ("opentofu/setup-opentofu", "tofu_version"),
    ("sigstore/cosign-installer", "cosign-release"),
];

impl GhaRule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, w: &GhaFile, sink: &mut GhaSink<'_>) {
        for step in w.steps() {
            let Some(uses) = step.uses() else { continue };
            let action = uses.action();
            let Some((_, input)) = SETUP_ACTIONS.iter().find(|(a, _)| *a == action) else { continue };
            match step.input(input) {
                None => sink
                    .report(&uses.node, format!("`{action}` without `{input}` installs the latest release")),
                Some(v)
                    if v.text()
                        .is_some_and(|t| t.trim().eq_ignore_ascii_case("latest") || t.trim().is_empty()) =>
                {
                    sink.report(&v, format!("`{input}: latest` installs whatever was released last"))
                }
                Some(_) => {}
            }
        }
    }
}
