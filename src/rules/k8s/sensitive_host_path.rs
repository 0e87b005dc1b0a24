//! `k8s-sensitive-host-path`: a pod mounts a sensitive directory of the node.

use crate::document::Lookup;
use serde_json::Value;

use super::objects;
use crate::document::{Document, PodSpec};
use crate::finding::Severity;
use crate::rules::Sink;
use crate::rules::{Rule, RuleMeta};

pub struct SensitiveHostPath;

pub static META: RuleMeta = RuleMeta {
    id: "k8s-sensitive-host-path",
    summary: "A pod mounts a sensitive directory of the node",
    severity: Severity::High,
    help: "remove the hostPath volume; use a ConfigMap, Secret, emptyDir or a CSI volume",
    docs: r##"**What**: a `hostPath` volume of a sensitive node path: `/`, `/etc`, `/root`, `/boot`, `/dev`,
`/proc`, `/sys`, `/var/run` or `/run`, the kubelet's and runtimes' state (`/var/lib/kubelet`,
`/var/lib/docker`, `/var/lib/containerd`) or `/etc/kubernetes` (and anything below the last
five). Runtime sockets are `k8s-container-runtime-socket`.

**Why**: these paths hold node credentials (kubelet client certificates, kubeconfigs), every
pod's secrets and volumes, and kernel interfaces; mounting them lets a container take over the
node or read other workloads' secrets.

**Fix**:

```yaml
volumes:
  - name: config
    configMap:
      name: app-config
```

**References**: CIS Kubernetes Benchmark v1.9 5.2.12; NSA/CISA Kubernetes Hardening Guide (Pod security)."##,
    references: &["CIS Kubernetes 5.2.12", "NSA/CISA Kubernetes Hardening Guide: Pod security"],
    tags: &["cis-k8s", "nsa", "security"],
    default_enabled: true,
};

impl Rule for SensitiveHostPath {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, sink: &mut Sink<'_>) {
        let Some(pod) = PodSpec::of(doc) else { return };
        for (i, volume) in objects::items(pod.get("volumes")).iter().enumerate() {
            let Some(path) = volume.at("/hostPath/path").and_then(Value::as_str) else { continue };
            if objects::sensitive_host_path(path) && !objects::runtime_socket(path) {
                let name = volume.get("name").and_then(Value::as_str).unwrap_or("");
                sink.report(
                    &pod.field(&format!("volumes/{i}/hostPath/path")),
                    format!("volume `{name}` mounts the node's `{path}`"),
                );
            }
        }
    }
}
