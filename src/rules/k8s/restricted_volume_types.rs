//! `k8s-restricted-volume-types`: volumes of a type the restricted profile does not allow.

use serde_json::Value;

use super::pod;
use crate::document::{Document, PodSpec, pointer_push};
use crate::finding::Severity;
use crate::rules::{Rule, RuleMeta, Sink};

pub struct RestrictedVolumeTypes;

/// Volume sources the Pod Security Standards restricted profile allows.
pub const ALLOWED: &[&str] = &[
    "configMap",
    "csi",
    "downwardAPI",
    "emptyDir",
    "ephemeral",
    "persistentVolumeClaim",
    "projected",
    "secret",
];

pub static META: RuleMeta = RuleMeta {
    id: "k8s-restricted-volume-types",
    summary: "A pod uses a volume type outside the restricted set",
    severity: Severity::Low,
    help: "use configMap, csi, downwardAPI, emptyDir, ephemeral, persistentVolumeClaim, projected or secret",
    docs: r#"## What it finds

An item of a pod spec's `volumes` whose source is not one of `configMap`, `csi`, `downwardAPI`,
`emptyDir`, `ephemeral`, `persistentVolumeClaim`, `projected` or `secret`: for example
`hostPath`, `nfs`, `iscsi`, `rbd`, `cephfs`, `gitRepo` or a cloud disk (`awsElasticBlockStore`).
The finding points at the volume type's key.

## Why it matters

The restricted profile limits pods to volume types whose access is mediated by the cluster
(PersistentVolumeClaims bind to volumes an administrator provisioned). Inline network and host
volumes let whoever can create a pod reach storage directly, with the node's credentials;
`gitRepo` even runs `git` on the node. `hostPath` is also reported by `k8s-host-path-volume`.

## How to fix

Reference storage through a claim, or use an allowed inline type:

```yaml
volumes:
  - name: data
    persistentVolumeClaim:
      claimName: data
  - name: tmp
    emptyDir: {}
```

## References

- Kubernetes Pod Security Standards, restricted: Volume Types
"#,
    references: &["PSS restricted: Volume Types"],
    tags: &["security", "pss-restricted", "kubernetes", "volumes"],
    default_enabled: true,
};

impl Rule for RestrictedVolumeTypes {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, sink: &mut Sink<'_>) {
        let Some(spec) = PodSpec::of(doc) else { return };
        for (i, volume) in pod::items(spec.get("volumes")).iter().enumerate() {
            let Value::Object(fields) = volume else { continue };
            let name = volume.get("name").and_then(Value::as_str).unwrap_or("<unnamed>");
            for (key, value) in fields {
                if key == "name" || value.is_null() || ALLOWED.contains(&key.as_str()) {
                    continue;
                }
                let mut pointer = spec.field(&format!("volumes/{i}"));
                pointer_push(&mut pointer, key);
                sink.report_key(
                    &pointer,
                    format!("volume `{name}` of {} uses volume type `{key}`", pod::object(doc)),
                );
            }
        }
    }
}
