//! `k8s-image-latest-tag`: a container image uses the latest tag.

use serde_json::Value;

use super::objects;
use crate::document::{Document, PodSpec};
use crate::finding::Severity;
use crate::rules::Sink;
use crate::rules::{Rule, RuleMeta};

pub struct ImageLatestTag;

pub static META: RuleMeta = RuleMeta {
    id: "k8s-image-latest-tag",
    summary: "A container image uses the latest tag",
    severity: Severity::Medium,
    help: "pin the image to a version tag, or better to a digest",
    docs: r##"**What**: a container `image` with the tag `:latest` and no digest.

**Why**: `latest` moves: the same manifest deploys different code over time and across nodes,
reviews do not show what changes, and rollbacks redeploy the new image.

**Fix**:

```yaml
image: ghcr.io/example/checkout:1.8.2@sha256:4f1c...
```

**References**: CIS Kubernetes Benchmark v1.9 5.5.1 (image provenance); NSA/CISA Kubernetes
Hardening Guide (Image scanning)."##,
    references: &["CIS Kubernetes 5.5.1", "NSA/CISA Kubernetes Hardening Guide: Container images"],
    tags: &["cis-k8s", "nsa", "supply-chain"],
    default_enabled: true,
};

impl Rule for ImageLatestTag {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, sink: &mut Sink<'_>) {
        let Some(pod) = PodSpec::of(doc) else { return };
        for c in pod.containers() {
            let Some(image) = c.value.get("image").and_then(Value::as_str) else { continue };
            let parsed = objects::Image::parse(image);
            if parsed.tag == Some("latest") && parsed.digest.is_none() {
                sink.report(
                    &c.field("image"),
                    format!("container `{}` uses image `{image}` with the latest tag", c.name()),
                );
            }
        }
    }
}
