//! `k8s-container-runtime-socket`: a pod mounts the container runtime socket.

use crate::document::Lookup;
use serde_json::Value;

use super::objects;
use crate::document::{Document, PodSpec};
use crate::finding::Severity;
use crate::rules::Sink;
use crate::rules::{Rule, RuleMeta};

pub struct ContainerRuntimeSocket;

pub static META: RuleMeta = RuleMeta {
    id: "k8s-container-runtime-socket",
    summary: "A pod mounts the container runtime socket",
    severity: Severity::Critical,
    help: "do not mount the runtime socket; build images with a rootless builder and query the API for metadata",
    docs: r##"**What**: a `hostPath` volume pointing at the Docker, containerd or CRI-O socket
(`/var/run/docker.sock`, `/run/containerd/containerd.sock`, `/var/run/crio/crio.sock`, …) or at
the directory holding it.

**Why**: the runtime socket controls every container of the node: whoever can write to it can
start a privileged container with the host filesystem mounted, i.e. become root on the node.

**Fix**: remove the volume. Build images with a daemonless builder (BuildKit rootless, kaniko)
and read pod metadata from the Kubernetes API.

```yaml
volumes:
  - name: cache
    emptyDir: {}
```

**References**: CIS Kubernetes Benchmark v1.9 5.2.12; NSA/CISA Kubernetes Hardening Guide (Pod security)."##,
    references: &["CIS Kubernetes 5.2.12", "NSA/CISA Kubernetes Hardening Guide: Pod security"],
    tags: &["cis-k8s", "nsa", "security"],
    default_enabled: true,
};

impl Rule for ContainerRuntimeSocket {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, sink: &mut Sink<'_>) {
        let Some(pod) = PodSpec::of(doc) else { return };
        for (i, volume) in objects::items(pod.get("volumes")).iter().enumerate() {
            let Some(path) = volume.at("/hostPath/path").and_then(Value::as_str) else { continue };
            if objects::runtime_socket(path) {
                let name = volume.get("name").and_then(Value::as_str).unwrap_or("");
                sink.report(
                    &pod.field(&format!("volumes/{i}/hostPath/path")),
                    format!("volume `{name}` mounts the container runtime socket `{path}` from the node"),
                );
            }
        }
    }
}
