//! `k8s-rbac-create-persistent-volumes`: a role can create PersistentVolumes.

use super::objects;
use crate::document::Document;
use crate::finding::Severity;
use crate::rules::Sink;
use crate::rules::{Rule, RuleMeta};

pub struct RbacCreatePersistentVolumes;

pub static META: RuleMeta = RuleMeta {
    id: "k8s-rbac-create-persistent-volumes",
    summary: "A role can create PersistentVolumes",
    severity: Severity::Medium,
    help: "let users request storage with PersistentVolumeClaims instead",
    docs: r##"**What**: a `Role` or `ClusterRole` granting `create` (or `*`) on `persistentvolumes`.

**Why**: a PersistentVolume may be a `hostPath` volume: whoever creates one can mount any
directory of a node into a pod, escaping pod security controls.

**Fix**: grant `persistentvolumeclaims` and let a StorageClass provision volumes.

```yaml
rules:
  - apiGroups: [""]
    resources: ["persistentvolumeclaims"]
```

**References**: CIS Kubernetes Benchmark v1.9 5.1.9."##,
    references: &["CIS Kubernetes 5.1.9"],
    tags: &["cis-k8s", "rbac", "security"],
    default_enabled: true,
};

impl Rule for RbacCreatePersistentVolumes {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, _doc: &Document, sink: &mut Sink<'_>) {
        objects::check_grant(sink, "", "persistentvolumes", &["create"], "creating PersistentVolumes");
    }
}
