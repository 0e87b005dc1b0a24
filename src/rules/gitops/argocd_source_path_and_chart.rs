//! `argocd-source-path-and-chart`: an Argo CD Application source sets both or neither of `path` and `chart`.

use super::{app_sources, app_spec, who};
use crate::document::Document;
use crate::finding::Severity;
use crate::rules::{Rule, RuleMeta, Sink};

pub struct ArgocdSourcePathAndChart;

pub static META: RuleMeta = RuleMeta {
    id: "argocd-source-path-and-chart",
    summary: "An Argo CD Application source sets both or neither of `path` and `chart`",
    severity: Severity::High,
    help: "a Git source needs `path`, a Helm repository source `chart`; never both",
    docs: r#"## What it finds

An Application source (`spec.source` or an item of `spec.sources`) with both `path` and `chart`, or with neither (sources that only provide a `ref` for values files are exempt).

## Why it matters

`path` points into a Git repository, `chart` names a chart in a Helm repository: with both Argo CD cannot tell what to render, with neither it renders the repository root or nothing — rarely what was meant.

## How to fix

Keep the one that matches `repoURL`:

```yaml
source:
  repoURL: https://charts.example.com
  chart: redis
  targetRevision: 18.6.1
```

## References

- Argo CD: Application specification
- Argo CD: Best Practices
"#,
    references: &["Argo CD: Application specification", "Argo CD: Best Practices"],
    tags: &["gitops", "argocd", "correctness"],
    default_enabled: true,
};

impl Rule for ArgocdSourcePathAndChart {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, sink: &mut Sink<'_>) {
        let Some(spec) = app_spec(doc) else { return };
        for (at, source) in app_sources(doc, spec) {
            let has = |k: &str| source.get(k).is_some_and(|v| !v.is_null());
            let problem = match (has("path"), has("chart")) {
                (true, true) => "both `path` and `chart`",
                (false, false) if !has("ref") => "neither `path` nor `chart`",
                _ => continue,
            };
            sink.report_key(&at, format!("a source of {} has {problem}; it needs exactly one", who(doc)));
        }
    }
}
