//! `argocd-mutable-target-revision`: an Argo CD Application tracks a moving revision (HEAD, a branch, a version range).

use super::{app_sources, app_spec, text, who};
use crate::document::Document;
use crate::finding::Severity;
use crate::rules::{Rule, RuleMeta, Sink};

pub struct ArgocdMutableTargetRevision;

pub static META: RuleMeta = RuleMeta {
    id: "argocd-mutable-target-revision",
    summary: "An Argo CD Application tracks a moving revision (HEAD, a branch, a version range)",
    severity: Severity::Medium,
    help: "pin `targetRevision` to a version tag, a commit SHA or an exact chart version",
    docs: r#"## What it finds

An Argo CD `Application` (or an `ApplicationSet` template) whose source `targetRevision` is missing, empty, `HEAD`, a branch name, or for a Helm chart a version range (`1.2.*`, `^1.2`, `>=1`). Accepted: version tags (`v1.4.2`, `1.4.2`), commit SHAs, exact chart versions, and the branches listed in the config (`argocd: {allowed-target-revisions: [main]}`).

## Why it matters

With a moving revision, what runs in the cluster changes whenever someone pushes, without a reviewed change to the Application: production follows whatever lands on the branch, rollbacks are not a Git revert of one line, and two syncs of the same Application can deploy different code.

## How to fix

Pin the revision and bump it through pull requests:

```yaml
spec:
  source:
    targetRevision: v1.4.2
```

## References

- Argo CD: Application specification
- Argo CD: Best Practices
"#,
    references: &["Argo CD: Application specification", "Argo CD: Best Practices"],
    tags: &["gitops", "argocd", "reproducibility"],
    default_enabled: true,
};

impl Rule for ArgocdMutableTargetRevision {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, sink: &mut Sink<'_>) {
        let Some(spec) = app_spec(doc) else { return };
        let allowed = &sink.context().allowed_target_revisions.clone();
        for (at, source) in app_sources(doc, spec) {
            let chart = source.get("chart").is_some();
            let pointer = format!("{at}/targetRevision");
            let revision = text(doc, &pointer).map(str::trim);
            let problem = match revision {
                None | Some("") => Some("no `targetRevision`, so it follows HEAD".to_string()),
                Some(r) if r.eq_ignore_ascii_case("HEAD") => Some("`targetRevision: HEAD`".to_string()),
                Some(r) if allowed.iter().any(|a| a == r) => None,
                Some(r) if chart && !is_exact_version(r) => Some(format!("the chart version range `{r}`")),
                Some(r) if !chart && !is_exact_version(r) && !is_commit(r) => {
                    Some(format!("`{r}`, a branch"))
                }
                Some(_) => None,
            };
            if let Some(problem) = problem {
                sink.report(
                    &pointer,
                    format!("{} tracks {problem}: what it deploys changes without a change to it", who(doc)),
                );
            }
        }
    }
}

/// `v1.4.2`, `1.4.2`, `2024.06.1-rc.1`: a version with no wildcard or range.
fn is_exact_version(r: &str) -> bool {
    let v = r.strip_prefix('v').unwrap_or(r);
    v.chars().next().is_some_and(|c| c.is_ascii_digit())
        && v.contains('.')
        && !v.contains(['*', '^', '~', '>', '<', '|', ' ', ','])
        && !v.split(['.', '-', '+']).any(|p| p.eq_ignore_ascii_case("x"))
}

/// A (possibly abbreviated) commit SHA.
fn is_commit(r: &str) -> bool {
    (7..=40).contains(&r.len()) && r.chars().all(|c| c.is_ascii_hexdigit())
}
