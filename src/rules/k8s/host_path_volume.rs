//! `k8s-host-path-volume`: pods that mount a directory or file of the node (`hostPath` volumes).

use serde_json::Value;

use super::pod;
use crate::document::{Document, PodSpec};
use crate::finding::Severity;
use crate::rules::{Rule, RuleMeta, Sink};

pub struct HostPathVolume;

pub static META: RuleMeta = RuleMeta {
    id: "k8s-host-path-volume",
    summary: "A pod mounts a hostPath volume",
    severity: Severity::High,
    help: "replace the hostPath volume with an emptyDir, a ConfigMap/Secret or a PersistentVolumeClaim",
    docs: r#"## What it finds

An item of a pod spec's `volumes` with a `hostPath` source. The finding points at the
`hostPath` key and names the containers that mount the volume.

## Why it matters

A hostPath volume exposes the node's file system to the pod. Mounting `/`, `/etc`, `/var/lib/kubelet`
or the container runtime's socket (`/var/run/docker.sock`, `/run/containerd/containerd.sock`)
lets the container read other pods' secrets, change the node's configuration or start privileged
containers on the node. Even a read-only mount leaks data. The Pod Security Standards baseline
profile forbids hostPath volumes.

## How to fix

Use a volume type that does not reach into the node:

```yaml
volumes:
  - name: cache
    emptyDir: {}
  - name: data
    persistentVolumeClaim:
      claimName: data
```

Node agents that really need the host belong in a dedicated, exempted namespace.

## References

- Kubernetes Pod Security Standards, baseline: HostPath Volumes
- CIS Kubernetes Benchmark v1.9, 5.2.12 Minimize the admission of HostPath volumes
"#,
    references: &["PSS baseline: HostPath Volumes", "CIS Kubernetes 5.2.12"],
    tags: &["security", "pss-baseline", "kubernetes", "volumes"],
    default_enabled: true,
};

impl Rule for HostPathVolume {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, sink: &mut Sink<'_>) {
        let Some(spec) = PodSpec::of(doc) else { return };
        for (i, volume) in pod::items(spec.get("volumes")).iter().enumerate() {
            let Some(host_path) = pod::present(volume.get("hostPath")) else { continue };
            let name = volume.get("name").and_then(Value::as_str).unwrap_or("<unnamed>");
            let path = host_path.get("path").and_then(Value::as_str).unwrap_or("?");
            let users: Vec<String> = spec
                .containers()
                .filter(|c| {
                    pod::items(c.value.get("volumeMounts"))
                        .iter()
                        .any(|m| m.get("name").and_then(Value::as_str) == Some(name))
                })
                .map(|c| pod::container_label(&c))
                .collect();
            let used =
                if users.is_empty() { String::new() } else { format!(", mounted by {}", users.join(", ")) };
            sink.report_key(
                &spec.field(&format!("volumes/{i}/hostPath")),
                format!("{} mounts host path `{path}` as volume `{name}`{used}", pod::object(doc)),
            );
        }
    }
}
