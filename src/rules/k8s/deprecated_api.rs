//! `k8s-deprecated-api`: an object uses an API version deprecated in the target Kubernetes version.

use super::objects;
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
    docs: r##"**What**: an object whose `apiVersion` (for its `kind`) is deprecated, but still served, in the
Kubernetes version checked against (`--kube-version`; default the newest version ndlint
knows). Removed versions are `k8s-removed-api`.

**Why**: deprecated APIs are removed after a few releases; migrating now avoids a broken
deployment during a future cluster upgrade. The API server already answers with warnings.

**Fix**:

```yaml
apiVersion: discovery.k8s.io/v1   # instead of v1 Endpoints
kind: EndpointSlice
```

| apiVersion | kinds | deprecated | removed | use |
|---|---|---|---|---|
| `extensions/v1beta1` | Deployment, DaemonSet, ReplicaSet, NetworkPolicy, PodSecurityPolicy | 1.8–1.11 | 1.16 | `apps/v1`, `networking.k8s.io/v1` |
| `apps/v1beta1`, `apps/v1beta2` | Deployment, StatefulSet, DaemonSet, ReplicaSet | 1.9 | 1.16 | `apps/v1` |
| `extensions/v1beta1`, `networking.k8s.io/v1beta1` | Ingress, IngressClass | 1.14–1.19 | 1.22 | `networking.k8s.io/v1` |
| `*/v1beta1` of admissionregistration, apiextensions, apiregistration, authentication, authorization, certificates, coordination, rbac, scheduling, storage (CSIDriver, CSINode, StorageClass, VolumeAttachment) | | 1.16–1.19 | 1.22 | `…/v1` |
| `batch/v1beta1` | CronJob | 1.21 | 1.25 | `batch/v1` |
| `policy/v1beta1` | PodDisruptionBudget · PodSecurityPolicy | 1.21 | 1.25 | `policy/v1` · Pod Security Admission |
| `autoscaling/v2beta1` · `autoscaling/v2beta2` | HorizontalPodAutoscaler | 1.22 · 1.23 | 1.25 · 1.26 | `autoscaling/v2` |
| `discovery.k8s.io/v1beta1`, `events.k8s.io/v1beta1`, `node.k8s.io/v1beta1` | EndpointSlice, Event, RuntimeClass | 1.21–1.22 | 1.25 | `…/v1` |
| `flowcontrol.apiserver.k8s.io/v1beta1` · `v1beta2` · `v1beta3` | FlowSchema, PriorityLevelConfiguration | 1.23 · 1.26 · 1.29 | 1.26 · 1.29 · 1.32 | `flowcontrol.apiserver.k8s.io/v1` |
| `storage.k8s.io/v1beta1` | CSIStorageCapacity | 1.24 | 1.27 | `storage.k8s.io/v1` |
| `v1` | Endpoints | 1.33 | — | `discovery.k8s.io/v1` EndpointSlice |

**References**: Kubernetes Deprecated API Migration Guide; Kubernetes deprecation policy."##,
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
