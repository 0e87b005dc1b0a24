//! `k8s-deprecated-api`: an object uses an API version deprecated in the target Kubernetes version.

use super::objects;
use super::objects::api_lifecycle_table;
use crate::document::Document;
use crate::finding::Severity;
use crate::rules::Sink;
use crate::rules::{Rule, RuleMeta};

pub struct DeprecatedApi;

pub static META: RuleMeta = RuleMeta {
    id: "k8s-deprecated-api",
    summary: "An object uses an API version deprecated in the target Kubernetes version",
    severity: Severity::Low,
    help: "migrate the manifest to the replacement apiVersion named in the message before it is removed",
    docs: concat!(
        r##"**What**: an object whose `apiVersion` (for its `kind`) is deprecated, but still served, in the
Kubernetes version checked against (`--kube-version`; default the newest version ndlint
knows). Removed versions are `k8s-removed-api`.

**Why**: deprecated APIs are removed after a few releases; migrating now avoids a broken
deployment during a future cluster upgrade. The API server already answers with warnings.

**Fix**:

```yaml
apiVersion: discovery.k8s.io/v1   # instead of v1 Endpoints
kind: EndpointSlice
```

"##,
        api_lifecycle_table!(),
        r##"

**References**: Kubernetes Deprecated API Migration Guide; Kubernetes deprecation policy."##
    ),
    references: &["Kubernetes Deprecated API Migration Guide"],
    tags: &["deprecation"],
    default_enabled: true,
};

impl Rule for DeprecatedApi {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, sink: &mut Sink<'_>) {
        let Some(object) = &doc.object else { return };
        let Some(api) = objects::api_lifecycle(&object.api_version, &object.kind) else { return };
        let target = sink.context().kube_version;
        if api.deprecated > target || api.removed.is_some_and(|r| r <= target) {
            return;
        }
        let until = api.removed.map_or_else(String::new, |r| format!(" and will be removed in {r}"));
        let msg = format!(
            "{} {} is deprecated since Kubernetes {}{until}; {}",
            object.api_version,
            object.kind,
            api.deprecated,
            api.replacement_text()
        );
        sink.report("/apiVersion", msg);
    }
}
