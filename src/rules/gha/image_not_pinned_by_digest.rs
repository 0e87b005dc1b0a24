//! `gha-image-not-pinned-by-digest`: job containers, service containers, `docker://` steps and Docker
//! actions whose image is not pinned by digest.

use super::{GhaRule, GhaSink};
use crate::finding::Severity;
use crate::parse::workflow::{GhaFile, Node, UsesKind};
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "gha-image-not-pinned-by-digest",
    summary: "A container image used by a workflow or action is not pinned by digest",
    severity: Severity::Medium,
    help: "reference the image by digest: `image: node:22@sha256:<digest>`",
    docs: r#"## What it finds

`jobs.<id>.container` (or its `image`), `jobs.<id>.services.<name>.image`, a step's `uses: docker://…` and a Docker action's `runs.image: docker://…` without an `@sha256:` digest. Images written as expressions are skipped.

## Why it matters

A tag such as `node:22` or `latest` can be re-pushed by the registry account's owner (or whoever stole its credentials); the job then runs different code with the same token and secrets. A Docker action with a mutable image is "unpinnable": even a SHA pin of the action does not fix what it runs.

## How to fix

```yaml
container:
  image: node:22@sha256:<digest>
```
"#,
    references: &[
        "OpenSSF Scorecard: Pinned-Dependencies",
        "zizmor: unpinned-images",
        "poutine: unpinnable_action",
    ],
    tags: &["security", "supply-chain", "github-actions"],
    default_enabled: true,
};

fn check_image(node: &Node<'_>, what: &str, sink: &mut GhaSink<'_>) {
    let Some(image) = node.str() else { return };
    let image = image.trim().trim_start_matches("docker://");
    if image.is_empty() || image.contains("${{") || image.contains("@sha256:") {
        return;
    }
    let lower = image.to_ascii_lowercase();
    if lower == "dockerfile" || lower.ends_with("/dockerfile") {
        return;
    }
    sink.report(node, format!("{what} `{image}` is not pinned by digest"));
}

impl GhaRule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, w: &GhaFile, sink: &mut GhaSink<'_>) {
        for job in w.jobs() {
            if let Some(c) = job.node.get("container") {
                let image = if c.value.is_object() { c.get("image") } else { Some(c) };
                if let Some(image) = image {
                    check_image(&image, "the job container", sink);
                }
            }
            for (_, service) in job.node.get("services").map(|s| s.entries()).unwrap_or_default() {
                if let Some(image) = service.get("image") {
                    check_image(&image, "the service container", sink);
                }
            }
        }
        for u in w.uses().into_iter().filter(|u| u.kind == UsesKind::Docker) {
            check_image(&u.node, "the step's image", sink);
        }
        if let Some(image) = w.root().get("runs").and_then(|r| r.get("image"))
            && image.str().is_some_and(|s| s.starts_with("docker://"))
        {
            check_image(&image, "the Docker action's image", sink);
        }
    }
}
