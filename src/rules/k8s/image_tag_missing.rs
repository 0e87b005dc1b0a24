//! `k8s-image-tag-missing`: a container image has neither a tag nor a digest.

use serde_json::Value;

use super::objects;
use crate::document::{Document, PodSpec};
use crate::finding::Severity;
use crate::rules::Sink;
use crate::rules::{Rule, RuleMeta};

pub struct ImageTagMissing;

pub static META: RuleMeta = RuleMeta {
    id: "k8s-image-tag-missing",
    summary: "A container image has neither a tag nor a digest",
    severity: Severity::Medium,
    help: "pin the image to a version tag, or better to a digest",
    docs: r##"**What**: a container `image` without `:tag` and without `@sha256:` digest.

**Why**: an untagged image means `:latest`: what runs changes whenever someone pushes, nodes run
different versions, and rollbacks are impossible.

**Fix**:

```yaml
image: ghcr.io/example/checkout:1.8.2
```

**References**: CIS Kubernetes Benchmark v1.9 5.5.1 (image provenance); NSA/CISA Kubernetes
Hardening Guide (Image scanning)."##,
    references: &["CIS Kubernetes 5.5.1", "NSA/CISA Kubernetes Hardening Guide: Container images"],
    tags: &["cis-k8s", "nsa", "supply-chain"],
    default_enabled: true,
};

impl Rule for ImageTagMissing {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, sink: &mut Sink<'_>) {
        let Some(pod) = PodSpec::of(doc) else { return };
        for c in pod.containers() {
            let Some(image) = c.value.get("image").and_then(Value::as_str) else { continue };
            let parsed = objects::Image::parse(image);
            if parsed.tag.is_none() && parsed.digest.is_none() {
                sink.report(
                    &c.field("image"),
                    format!("container `{}` uses image `{image}` without a tag", c.name()),
                );
            }
        }
    }
}
