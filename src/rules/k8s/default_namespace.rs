//! `k8s-default-namespace`: an object is placed in the default namespace.

use crate::document::Lookup;
use serde_json::Value;

use crate::document::Document;
use crate::finding::Severity;
use crate::rules::Sink;
use crate::rules::{Rule, RuleMeta};

pub struct DefaultNamespace;

pub static META: RuleMeta = RuleMeta {
    id: "k8s-default-namespace",
    summary: "An object is placed in the default namespace",
    severity: Severity::Low,
    help: "put the object in a namespace of its own application or team",
    docs: r##"**What**: an object whose `metadata.namespace` is `default`.

**Why**: namespaces are the unit of RBAC, NetworkPolicy, quotas and Pod Security admission.
The `default` namespace is shared by everything that did not choose one, so policies cannot be
tailored to the application. Objects without a namespace are not reported: the namespace is
usually set at deploy time (`kubectl -n`, Kustomize, Helm), and neither are documents rendered by
Helm, which writes `default` for `.Release.Namespace` when no namespace is given.

**Fix**:

```yaml
metadata:
  name: checkout
  namespace: shop
```

**References**: CIS Kubernetes Benchmark v1.9 5.7.1, 5.7.4."##,
    references: &["CIS Kubernetes 5.7.4", "CIS Kubernetes 5.7.1"],
    tags: &["cis-k8s", "hygiene"],
    default_enabled: true,
};

impl Rule for DefaultNamespace {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, sink: &mut Sink<'_>) {
        // `helm template` without `--namespace` renders `.Release.Namespace` as `default`: that is
        // the renderer's default, not the author's choice.
        if doc.origin.as_ref().is_some_and(|o| o.description.starts_with("helm")) {
            return;
        }
        if doc.value.at("/metadata/namespace").and_then(Value::as_str) == Some("default") {
            sink.report("/metadata/namespace", format!("{} is placed in the default namespace", doc.kind()));
        }
    }
}
