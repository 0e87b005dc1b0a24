//! `k8s-removed-api`: an object uses an API version that the target Kubernetes version no longer serves.

use super::objects;
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
    docs: r##"**What**: an object whose `apiVersion` (for its `kind`) has been removed at or before the
Kubernetes version checked against (`--kube-version`, config `kube-version`; default the newest
version ndlint knows). The message names the replacement.

**Why**: the API server rejects the manifest: the deployment fails during the cluster upgrade or
the next sync, usually at the worst moment.

**Fix**: change the `apiVersion` (and any fields that changed with it, e.g. Ingress backends).

```yaml
apiVersion: networking.k8s.io/v1   # was extensions/v1beta1
kind: Ingress
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
