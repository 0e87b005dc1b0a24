//! `k8s-removed-api`: an object uses an API version that the target Kubernetes version no longer serves.

use super::objects;
use super::objects::api_lifecycle_table;
use crate::document::Document;
use crate::finding::Severity;
use crate::rules::Sink;
use crate::rules::{Rule, RuleMeta};

pub struct RemovedApi;

pub static META: RuleMeta = RuleMeta {
    id: "k8s-removed-api",
    summary: "An object uses an API version that the target Kubernetes version no longer serves",
    severity: Severity::High,
    help: "migrate the manifest to the replacement apiVersion named in the message",
    docs: concat!(
        r##"**What**: an object whose `apiVersion` (for its `kind`) has been removed at or before the
Kubernetes version checked against (`--kube-version`, config `kube-version`; default the newest
version ndlint knows). The message names the replacement.

**Why**: the API server rejects the manifest: the deployment fails during the cluster upgrade or
the next sync, usually at the worst moment.

**Fix**: change the `apiVersion` (and any fields that changed with it, e.g. Ingress backends).

```yaml
apiVersion: networking.k8s.io/v1   # was extensions/v1beta1
kind: Ingress
```

"##,
        api_lifecycle_table!(),
        r##"

**References**: Kubernetes Deprecated API Migration Guide; Kubernetes deprecation policy."##
    ),
    references: &["Kubernetes Deprecated API Migration Guide"],
    tags: &["deprecation", "correctness"],
    default_enabled: true,
};

impl Rule for RemovedApi {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, sink: &mut Sink<'_>) {
        let Some(object) = &doc.object else { return };
        let Some(api) = objects::api_lifecycle(&object.api_version, &object.kind) else { return };
        let target = sink.context().kube_version;
        let Some(removed) = api.removed.filter(|r| *r <= target) else { return };
        let msg = format!(
            "{} {} was removed in Kubernetes {removed} (checking against {target}); {}",
            object.api_version,
            object.kind,
            api.replacement_text()
        );
        sink.report("/apiVersion", msg);
    }
}
