//! Shared helpers of the Pod Security Standards rules: who a finding is about, and effective
//! security-context values (a container's setting overrides the pod's).

use crate::document::Lookup;
use serde_json::Value;

use crate::document::{ContainerRef, Document, PodLayout, PodSpec};

/// `Deployment prod/api`, or `object` when the document has no identity.
pub fn object(doc: &Document) -> String {
    doc.object.as_ref().map_or_else(|| "object".to_string(), |o| o.display())
}

/// `container `app``, `init container `migrate``, or `ephemeral container `debug``.
pub fn container_label(c: &ContainerRef<'_>) -> String {
    let kind = match c.list {
        "initContainers" => "init container",
        "ephemeralContainers" => "ephemeral container",
        _ => "container",
    };
    format!("{kind} `{}`", c.name())
}

/// `container `app` of Deployment prod/api`, the subject of a container-level finding.
pub fn who(doc: &Document, c: &ContainerRef<'_>) -> String {
    format!("{} of {}", container_label(c), object(doc))
}

/// A value that is present: `null` counts as unset, as Kubernetes decodes it.
pub fn present(v: Option<&Value>) -> Option<&Value> {
    v.filter(|v| !v.is_null())
}

/// True for a boolean `true` (YAML 1.1 `yes`/`on` included, as the parser resolves them).
pub fn is_true(v: Option<&Value>) -> bool {
    v.and_then(Value::as_bool) == Some(true)
}

/// A short rendering of a scalar for messages (`Unconfined`, `0`); never used for secrets.
pub fn show(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// A value found at `pointer`, and whether it came from the pod-level security context.
pub struct Effective<'a> {
    pub pointer: String,
    pub value: &'a Value,
    pub pod_level: bool,
}

/// The value of `securityContext/<path>` of a container, else of the pod: the container wins
/// (then, for an Argo workflow, the pod-level context of the container's template).
pub fn effective<'a>(pod: &PodSpec<'a>, c: &ContainerRef<'a>, path: &str) -> Option<Effective<'a>> {
    let own = format!("/securityContext/{path}");
    if let Some(value) = present(c.value.at(&own)) {
        return Some(Effective { pointer: c.field(&own[1..]), value, pod_level: false });
    }
    if let Some((at, template)) = &c.template
        && let Some(value) = present(template.at(&own))
    {
        return Some(Effective { pointer: format!("{at}{own}"), value, pod_level: true });
    }
    present(pod.value.at(&own)).map(|value| Effective {
        pointer: pod.field(&own[1..]),
        value,
        pod_level: true,
    })
}

/// Where a security context may set a control: the pod and each container.
pub struct Site<'a> {
    /// Pointer to the `securityContext` field (which may be missing).
    pub pointer: String,
    pub value: Option<&'a Value>,
    /// `Deployment prod/api (pod securityContext)` or `container `app` of Deployment prod/api`.
    pub subject: String,
}

impl<'a> Site<'a> {
    pub fn get(&self, path: &str) -> Option<&'a Value> {
        present(self.value.and_then(|v| v.at(&format!("/{path}"))))
    }

    pub fn field(&self, path: &str) -> String {
        format!("{}/{path}", self.pointer)
    }
}

/// The pod's `securityContext`, then every container's, in document order.
pub fn sites<'a>(doc: &Document, pod: &PodSpec<'a>) -> Vec<Site<'a>> {
    let mut out = vec![Site {
        pointer: pod.field("securityContext"),
        value: present(pod.get("securityContext")),
        subject: format!("the pod of {}", object(doc)),
    }];
    // An Argo template's own pod-level security context, where it sets one.
    if pod.layout == PodLayout::Workflow {
        for (i, template) in items(pod.get("templates")).iter().enumerate() {
            if let Some(value) = present(template.get("securityContext")) {
                let name = template.get("name").and_then(Value::as_str).unwrap_or("<unnamed>");
                out.push(Site {
                    pointer: pod.field(&format!("templates/{i}/securityContext")),
                    value: Some(value),
                    subject: format!("the pod of template `{name}` of {}", object(doc)),
                });
            }
        }
    }
    for c in pod.containers() {
        out.push(Site {
            pointer: c.field("securityContext"),
            value: present(c.value.get("securityContext")),
            subject: who(doc, &c),
        });
    }
    out
}

/// Pods with `spec.os.name: windows` are exempt from the Linux-only restricted controls
/// (privilege escalation, seccomp, capabilities) since Kubernetes 1.25.
pub fn is_windows(pod: &PodSpec<'_>) -> bool {
    pod.get("os/name").and_then(Value::as_str) == Some("windows")
}

/// The string items of a list field, with their index (non-strings are skipped).
pub fn str_items(v: Option<&Value>) -> impl Iterator<Item = (usize, &str)> {
    v.and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or(&[])
        .iter()
        .enumerate()
        .filter_map(|(i, v)| v.as_str().map(|s| (i, s)))
}

/// The items of a list field (an absent or non-list field has none).
pub fn items(v: Option<&Value>) -> &[Value] {
    v.and_then(Value::as_array).map(Vec::as_slice).unwrap_or(&[])
}

/// Reports a pod-level `hostNetwork`/`hostPID`/`hostIPC: true`, naming the containers that share it.
pub fn host_namespace(doc: &Document, sink: &mut crate::rules::Sink<'_>, field: &str, namespace: &str) {
    let Some(spec) = PodSpec::of(doc) else { return };
    if !is_true(spec.get(field)) {
        return;
    }
    let names: Vec<String> = spec.containers().map(|c| format!("`{}`", c.name())).collect();
    let containers = match names.len() {
        0 => String::new(),
        1 => format!(" (container {})", names.join("")),
        _ => format!(" (containers {})", names.join(", ")),
    };
    sink.report(
        &spec.field(field),
        format!("{} shares the host's {namespace} namespace{containers}", object(doc)),
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;

    fn doc(yaml: &str) -> Document {
        let file = SourceFile::new("t.yaml", yaml);
        crate::parse::kubernetes_documents(&file).documents.into_iter().next().expect("one document")
    }

    #[test]
    fn container_settings_override_the_pod() {
        let d = doc(
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  securityContext: {runAsNonRoot: true}\n  \
                     containers:\n  - name: a\n  - name: b\n    securityContext: {runAsNonRoot: null}\n  \
                     - name: c\n    securityContext: {runAsNonRoot: false}\n",
        );
        let spec = PodSpec::of(&d).expect("pod spec");
        let got: Vec<(String, bool, Value)> = spec
            .containers()
            .filter_map(|c| effective(&spec, &c, "runAsNonRoot"))
            .map(|e| (e.pointer, e.pod_level, e.value.clone()))
            .collect();
        assert_eq!(
            got,
            [
                ("/spec/securityContext/runAsNonRoot".to_string(), true, Value::Bool(true)),
                ("/spec/securityContext/runAsNonRoot".to_string(), true, Value::Bool(true)),
                ("/spec/containers/2/securityContext/runAsNonRoot".to_string(), false, Value::Bool(false)),
            ]
        );
    }

    #[test]
    fn labels_name_the_container_list_and_the_object() {
        let d = doc(
            "apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: j, namespace: ops}\nspec:\n  jobTemplate:\n    \
                     spec:\n      template:\n        spec:\n          initContainers: [{name: i}]\n          \
                     ephemeralContainers: [{name: e}]\n",
        );
        let spec = PodSpec::of(&d).expect("pod spec");
        let who: Vec<String> = spec.containers().map(|c| super::who(&d, &c)).collect();
        assert_eq!(who, ["init container `i` of CronJob ops/j", "ephemeral container `e` of CronJob ops/j"]);
        let subjects: Vec<String> = sites(&d, &spec).into_iter().map(|s| s.subject).collect();
        assert_eq!(subjects[0], "the pod of CronJob ops/j");
        assert!(!is_windows(&spec));
    }
}
