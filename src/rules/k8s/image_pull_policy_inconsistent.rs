//! `k8s-image-pull-policy-inconsistent`: an image with a moving tag is not pulled on every start.

use serde_json::Value;

use super::objects;
use crate::document::{Document, PodSpec};
use crate::finding::Severity;
use crate::rules::Sink;
use crate::rules::{Rule, RuleMeta};

pub struct ImagePullPolicyInconsistent;

pub static META: RuleMeta = RuleMeta {
    id: "k8s-image-pull-policy-inconsistent",
    summary: "An image with a moving tag is not pulled on every start",
    severity: Severity::Low,
    help: "pin the image to a version (or digest), or set `imagePullPolicy: Always`",
    docs: r##"**What**: a container whose image has no tag or the `latest` tag (and no digest) while its
`imagePullPolicy` is `IfNotPresent` or `Never`.

**Why**: with a moving tag and a cached image, each node runs whatever version it pulled first:
the same Deployment runs different code on different nodes, and pushing a fix changes nothing.

**Fix**: pin the image (preferred), or pull it always.

```yaml
image: ghcr.io/example/checkout:1.8.2
imagePullPolicy: IfNotPresent
```

**References**: CIS Kubernetes Benchmark v1.9 5.5.1; Kubernetes documentation, "Images: image pull policy"."##,
    references: &["CIS Kubernetes 5.5.1"],
    tags: &["cis-k8s", "supply-chain", "reliability"],
    default_enabled: true,
};

impl Rule for ImagePullPolicyInconsistent {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, sink: &mut Sink<'_>) {
        let Some(pod) = PodSpec::of(doc) else { return };
        for c in pod.containers() {
            let Some(image) = c.value.get("image").and_then(Value::as_str) else { continue };
            let Some(policy) = c.value.get("imagePullPolicy").and_then(Value::as_str) else { continue };
            let parsed = objects::Image::parse(image);
            let moving = parsed.digest.is_none() && matches!(parsed.tag, None | Some("latest"));
            if moving && matches!(policy, "IfNotPresent" | "Never") {
                sink.report(
                    &c.field("imagePullPolicy"),
                    format!(
                        "container `{}` uses the moving image `{image}` with imagePullPolicy {policy}",
                        c.name()
                    ),
                );
            }
        }
    }
}
