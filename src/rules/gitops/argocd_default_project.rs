//! `argocd-default-project`: an Argo CD Application uses the `default` project.

use super::{app_spec, text, who};
use crate::document::Document;
use crate::finding::Severity;
use crate::rules::{Rule, RuleMeta, Sink};

pub struct ArgocdDefaultProject;

pub static META: RuleMeta = RuleMeta {
    id: "argocd-default-project",
    summary: "An Argo CD Application uses the `default` project",
    severity: Severity::Medium,
    help: "create an AppProject for the team or environment and set `spec.project` to it",
    docs: r#"## What it finds

An Application (or ApplicationSet template) with `project: default`.

## Why it matters

The `default` AppProject allows every source repository, every destination cluster and namespace and every cluster-scoped resource: an Application in it can deploy anything anywhere, and RBAC scoped to projects does not restrict it.

## How to fix

Use a project that limits sources, destinations and resource kinds:

```yaml
spec:
  project: web
```

## References

- Argo CD: Projects
- Kyverno policies: argo/application-prevent-default-project
"#,
    references: &["Argo CD: Projects", "Kyverno policies: argo/application-prevent-default-project"],
    tags: &["gitops", "argocd", "security"],
    default_enabled: true,
};

impl Rule for ArgocdDefaultProject {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, sink: &mut Sink<'_>) {
        let Some(spec) = app_spec(doc) else { return };
        let pointer = format!("{spec}/project");
        if text(doc, &pointer) == Some("default") {
            sink.report(
                &pointer,
                format!(
                    "{} is in the `default` project, which allows any source, destination and resource",
                    who(doc)
                ),
            );
        }
    }
}
