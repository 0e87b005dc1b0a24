//! `k8s-image-not-pinned-by-digest`: a container image is not pinned by digest.

use serde_json::Value;

use super::objects;
use crate::document::{Document, PodSpec};
use crate::finding::Severity;
use crate::rules::Sink;
use crate::rules::{Rule, RuleMeta};

pub struct ImageNotPinnedByDigest;

pub static META: RuleMeta = RuleMeta {
    id: "k8s-image-not-pinned-by-digest",
    summary: "A container image is not pinned by digest",
    severity: Severity::Low,
    help: "append the image digest: `image: repo:tag@sha256:...`",
    docs: r##"**What**: a container `image` without an `@sha256:` digest. Off by default; enable it with
`--select k8s-image-not-pinned-by-digest`.

**Why**: tags are mutable: a registry compromise or a careless re-push changes what a tag points
to, and the next pod start runs it. A digest identifies exactly one image.

**Fix**:

```yaml
image: ghcr.io/example/checkout:1.8.2@sha256:6c3c624b58dbbcd3c0dd82b4c53f04194d1247c6eebdaab7c610cf7d66709b3b
```

Renovate or Dependabot keep digests up to date.

**References**: CIS Kubernetes Benchmark v1.9 5.5.1 (image provenance)."##,
    references: &["CIS Kubernetes 5.5.1"],
    tags: &["cis-k8s", "supply-chain"],
    default_enabled: false,
};

impl Rule for ImageNotPinnedByDigest {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, sink: &mut Sink<'_>) {
        let Some(pod) = PodSpec::of(doc) else { return };
        for c in pod.containers() {
            let Some(image) = c.value.get("image").and_then(Value::as_str) else { continue };
            if objects::Image::parse(image).digest.is_none() {
                sink.report(
                    &c.field("image"),
                    format!("container `{}` uses image `{image}` without a digest", c.name()),
                );
            }
        }
    }
}
