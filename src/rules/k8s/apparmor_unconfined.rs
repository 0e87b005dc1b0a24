//! `k8s-apparmor-unconfined`: containers whose AppArmor profile is neither the runtime default nor
//! a node-local profile.

use serde_json::Value;

use super::pod;
use crate::document::{Document, PodSpec, pointer_push};
use crate::finding::Severity;
use crate::rules::{Rule, RuleMeta, Sink};

pub struct AppArmorUnconfined;

/// Prefix of the legacy per-container AppArmor annotation.
pub const ANNOTATION_PREFIX: &str = "container.apparmor.security.beta.kubernetes.io/";

pub static META: RuleMeta = RuleMeta {
    id: "k8s-apparmor-unconfined",
    summary: "A container runs without AppArmor confinement",
    severity: Severity::Medium,
    help: "use `appArmorProfile.type: RuntimeDefault` (or `Localhost`), or remove the override",
    docs: r#"## What it finds

- a pod annotation `container.apparmor.security.beta.kubernetes.io/<container>` whose value is
  neither `runtime/default` nor `localhost/<profile>` (typically `unconfined`);
- `securityContext.appArmorProfile.type` other than `RuntimeDefault` or `Localhost` (typically
  `Unconfined`) on the pod or on any container, init container or ephemeral container.

## Why it matters

AppArmor restricts what a process may do with files, mounts and signals even when it runs as
root. The runtime default profile blocks well-known container escapes (writing to `/proc/sys`,
mounting file systems); turning it off removes that layer. The Pod Security Standards baseline
profile forbids overriding or disabling the default profile.

## How to fix

Use the runtime default profile for the whole pod (Kubernetes 1.30 and later):

```yaml
spec:
  securityContext:
    appArmorProfile:
      type: RuntimeDefault
```

or a profile loaded on the nodes (`type: Localhost`, `localhostProfile: my-profile`). On older
clusters, set the annotation to `runtime/default` or `localhost/my-profile`.

## References

- Kubernetes Pod Security Standards, baseline: AppArmor
- CIS Kubernetes Benchmark v1.9, 5.7.3 Apply Security Context to Your Pods and Containers
"#,
    references: &["PSS baseline: AppArmor", "CIS Kubernetes 5.7.3"],
    tags: &["security", "pss-baseline", "kubernetes"],
    default_enabled: true,
};

impl Rule for AppArmorUnconfined {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, sink: &mut Sink<'_>) {
        let Some(spec) = PodSpec::of(doc) else { return };
        let annotations = spec.metadata_pointer() + "/annotations";
        if let Some(Value::Object(map)) = doc.get(&annotations) {
            for (key, value) in map {
                let Some(container) = key.strip_prefix(ANNOTATION_PREFIX) else { continue };
                if value.is_null() {
                    continue;
                }
                let profile = value.as_str().unwrap_or("");
                if profile == "runtime/default" || profile.starts_with("localhost/") {
                    continue;
                }
                let mut pointer = annotations.clone();
                pointer_push(&mut pointer, key);
                sink.report(
                    &pointer,
                    format!(
                        "container `{container}` of {} runs with AppArmor profile `{}` (annotation)",
                        pod::object(doc),
                        pod::show(value)
                    ),
                );
            }
        }
        for site in pod::sites(doc, &spec) {
            let Some(kind) = site.get("appArmorProfile/type") else { continue };
            if matches!(kind.as_str(), Some("RuntimeDefault" | "Localhost")) {
                continue;
            }
            sink.report(
                &site.field("appArmorProfile/type"),
                format!("{} runs with AppArmor profile type `{}`", site.subject, pod::show(kind)),
            );
        }
    }
}
