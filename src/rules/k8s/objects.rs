//! Shared helpers of the Kubernetes rules: namespaces, workloads and their pod labels, label
//! selectors, RBAC rule entries, image references and credential detection.

/// The API lifecycle table shared by the docs of `k8s-deprecated-api` and `k8s-removed-api`.
macro_rules! api_lifecycle_table {
    () => {
        r##"| apiVersion | kinds | deprecated | removed | use |
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
| `v1` | Endpoints | 1.33 | — | `discovery.k8s.io/v1` EndpointSlice |"##
    };
}
pub(crate) use api_lifecycle_table;

use crate::document::Lookup;
use std::collections::HashMap;

use serde_json::{Map, Value};

use crate::document::{Document, PodSpec};
use crate::finding::Finding;
use crate::rules::{KubeVersion, RuleMeta, Sink};

/// The namespace an object lands in: `metadata.namespace`, else `default`.
pub fn namespace(doc: &Document) -> &str {
    doc.object.as_ref().and_then(|o| o.namespace.as_deref()).unwrap_or("default")
}

/// `metadata.name`, or an empty string.
pub fn name(doc: &Document) -> &str {
    doc.object.as_ref().and_then(|o| o.name.as_deref()).unwrap_or("")
}

/// The strings of a JSON array (non-strings are skipped), with their indices.
pub fn str_items(v: Option<&Value>) -> impl Iterator<Item = (usize, &str)> {
    v.and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or(&[])
        .iter()
        .enumerate()
        .filter_map(|(i, s)| s.as_str().map(|s| (i, s)))
}

/// The items of a JSON array, or nothing.
pub fn items(v: Option<&Value>) -> &[Value] {
    v.and_then(Value::as_array).map(Vec::as_slice).unwrap_or(&[])
}

/// Reports a finding of `meta` on `doc` outside the per-document pass (cross-object rules).
pub fn report(
    doc: &Document,
    meta: &'static RuleMeta,
    pointer: &str,
    message: String,
    out: &mut Vec<Finding>,
) {
    Sink::new(doc, meta, out).report(pointer, message);
}

/// The fields the cross-document rules read (JSON pointers, `*` for any key or index) besides the
/// object's identity: the run keeps only these of each plain-file document until every file is
/// checked (see [`Document::project`]). A cross-document rule that reads another field must add it
/// here; the rule fixtures run on projected documents, so a missing field fails them.
pub fn cross_fields(doc: &Document) -> Vec<String> {
    let mut fields = crate::rules::gitops::cross_fields(doc);
    let spec = |names: &[&str]| names.iter().map(|n| format!("/spec/{n}")).collect::<Vec<_>>();
    if let Some(pod) = PodSpec::of(doc) {
        fields.push("/spec/replicas".into());
        fields.push(format!("{}/labels", pod.metadata_pointer()));
        for field in
            ["automountServiceAccountToken", "serviceAccountName", "serviceAccount", "containers/*/ports"]
        {
            fields.push(pod.field(field));
        }
        return fields;
    }
    fields.extend(match doc.kind() {
        "Service" => spec(&["type", "selector", "ports/*/port", "ports/*/targetPort"]),
        "PodDisruptionBudget" => spec(&["maxUnavailable", "minAvailable", "selector"]),
        "HorizontalPodAutoscaler" => spec(&["scaleTargetRef", "minReplicas"]),
        "NetworkPolicy" => spec(&["podSelector", "policyTypes"]),
        "Ingress" => spec(&["defaultBackend", "backend", "rules/*/http/paths/*/backend"]),
        "ServiceAccount" => vec!["/automountServiceAccountToken".into()],
        _ if owns_pods(doc) => spec(&["template", "podTemplate", "podMetadata", "replicas", "instances"]),
        _ => Vec::new(),
    });
    fields
}

/// Kinds that run pods continuously (probes, replicas and PDBs make sense for them).
pub fn is_long_running(kind: &str) -> bool {
    matches!(
        kind,
        "Deployment" | "StatefulSet" | "DaemonSet" | "ReplicaSet" | "ReplicationController" | "Rollout"
    )
}

/// A pod-bearing object of the run with its pod template's labels.
pub struct Workload<'a> {
    pub doc: &'a Document,
    /// The namespace the workload lands in (`default` when unset).
    pub ns: &'a str,
    pub pod: PodSpec<'a>,
    pub labels: Option<&'a Map<String, Value>>,
}

impl<'a> Workload<'a> {
    pub fn of(doc: &'a Document) -> Option<Workload<'a>> {
        let pod = PodSpec::of(doc)?;
        let labels =
            doc.value.at(&pod.metadata_pointer()).and_then(|m| m.get("labels")).and_then(Value::as_object);
        Some(Workload { doc, ns: namespace(doc), pod, labels })
    }

    pub fn namespace(&self) -> &'a str {
        self.ns
    }

    /// `spec.replicas`, defaulting to 1, for kinds that have it.
    pub fn replicas(&self) -> Option<i64> {
        match self.doc.kind() {
            "Deployment" | "StatefulSet" | "ReplicaSet" | "ReplicationController" | "Rollout" => {
                Some(self.doc.value.at("/spec/replicas").and_then(Value::as_i64).unwrap_or(1))
            }
            _ => None,
        }
    }

    /// `Kind name` for messages.
    pub fn display(&self) -> String {
        format!("{} {}", self.doc.kind(), name(self.doc))
    }

    /// Every container port as `(name, number)`.
    pub fn container_ports(&self) -> Vec<(Option<&'a str>, Option<i64>)> {
        self.pod
            .containers()
            .filter(|c| c.list == "containers")
            .flat_map(|c| items(c.value.get("ports")).iter())
            .map(|p| (p.get("name").and_then(Value::as_str), p.get("containerPort").and_then(Value::as_i64)))
            .collect()
    }
}

/// The workloads of the run grouped by namespace, for cross-object rules.
pub struct WorkloadIndex<'a> {
    by_namespace: HashMap<&'a str, Vec<Workload<'a>>>,
    /// [`label_key`] of a namespace and pod label → the positions of the workloads carrying it in
    /// `by_namespace`: selectors are matched against a few candidates, not the whole namespace.
    by_label: HashMap<String, Vec<usize>>,
    /// Namespaces holding custom resources that an operator turns into pods of unknown labels.
    opaque: std::collections::HashSet<&'a str>,
}

impl<'a> WorkloadIndex<'a> {
    pub fn new(docs: &'a [Document]) -> WorkloadIndex<'a> {
        let mut by_namespace: HashMap<&str, Vec<Workload<'_>>> = HashMap::new();
        let mut by_label: HashMap<String, Vec<usize>> = HashMap::new();
        let mut opaque = std::collections::HashSet::new();
        for doc in docs {
            if let Some(w) = Workload::of(doc) {
                let local = by_namespace.entry(w.ns).or_default();
                for (key, value) in w.labels.into_iter().flatten() {
                    if let Some(value) = label_value(value) {
                        by_label.entry(label_key(w.ns, key, &value)).or_default().push(local.len());
                    }
                }
                local.push(w);
            } else if owns_pods(doc) {
                opaque.insert(namespace(doc));
            }
        }
        WorkloadIndex { by_namespace, by_label, opaque }
    }

    /// The workloads of `ns` that a `metav1.LabelSelector` selects, in document order.
    pub fn selected_by(&self, ns: &str, selector: &Value) -> Vec<&Workload<'a>> {
        let pair = selector.get("matchLabels").and_then(Value::as_object).and_then(|m| m.iter().next());
        self.candidates(ns, pair).filter(|w| label_selector_matches(selector, w.labels)).collect()
    }

    /// The workloads of `ns` that a Service's `key: value` selector selects, in document order.
    pub fn selected_by_map(&self, ns: &str, selector: &Map<String, Value>) -> Vec<&Workload<'a>> {
        self.candidates(ns, selector.iter().next())
            .filter(|w| map_selector_matches(selector, w.labels))
            .collect()
    }

    /// The workloads of `ns` carrying the label `pair` (all of them when there is none).
    fn candidates(
        &self,
        ns: &str,
        pair: Option<(&String, &Value)>,
    ) -> Box<dyn Iterator<Item = &Workload<'a>> + '_> {
        let local = self.in_namespace(ns);
        match pair {
            None => Box::new(local.iter()),
            Some((key, value)) => {
                let found = label_value(value).and_then(|v| self.by_label.get(&label_key(ns, key, &v)));
                Box::new(found.into_iter().flatten().map(move |&i| &local[i]))
            }
        }
    }

    /// True when the namespace holds a custom resource that runs pods (a `Prometheus`, a `Rollout`,
    /// …): the labels of those pods are not in the run, so "selects nothing" checks must stay silent.
    pub fn opaque(&self, ns: &str) -> bool {
        self.opaque.contains(ns)
    }

    /// The workloads of one namespace, in document order.
    pub fn in_namespace(&self, ns: &str) -> &[Workload<'a>] {
        self.by_namespace.get(ns).map_or(&[], Vec::as_slice)
    }
}

/// The key of a pod label in [`WorkloadIndex`]'s label index.
fn label_key(ns: &str, key: &str, value: &str) -> String {
    format!("{ns}\n{key}\n{value}")
}

/// True for custom resources that an operator turns into pods: they have a pod template, pod
/// metadata or a replica count (`Prometheus`, `Alertmanager`, Argo `Rollout`, …).
pub fn owns_pods(doc: &Document) -> bool {
    let Some(object) = &doc.object else { return false };
    let group = object.api_version.rsplit_once('/').map_or("", |(g, _)| g);
    if !group.contains('.') || group.ends_with("k8s.io") {
        return false;
    }
    let Some(spec) = doc.value.get("spec").and_then(Value::as_object) else { return false };
    ["template", "podTemplate", "podMetadata", "replicas", "instances"].iter().any(|k| spec.contains_key(*k))
}

/// Groups documents by namespace, keeping their order.
pub fn by_namespace<'a>(docs: impl Iterator<Item = &'a Document>) -> HashMap<&'a str, Vec<&'a Document>> {
    let mut out: HashMap<&str, Vec<&Document>> = HashMap::new();
    for doc in docs {
        out.entry(namespace(doc)).or_default().push(doc);
    }
    out
}

/// Every workload of the run.
pub fn workloads(docs: &[Document]) -> Vec<Workload<'_>> {
    docs.iter().filter_map(Workload::of).collect()
}

/// True when two label values are equal as strings (YAML may have typed `true` or `1`).
fn label_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::String(x), Value::String(y)) => x == y,
        _ => label_value(a).is_some_and(|x| Some(x) == label_value(b)),
    }
}

/// The value of a label as a string (YAML may have typed `true` or `1`).
fn label_value(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// True when a plain `key: value` selector (a Service's) matches the labels. An empty selector
/// matches nothing here (a Service without selector manages its endpoints itself).
pub fn map_selector_matches(selector: &Map<String, Value>, labels: Option<&Map<String, Value>>) -> bool {
    if selector.is_empty() {
        return false;
    }
    let Some(labels) = labels else { return false };
    selector.iter().all(|(k, v)| labels.get(k).is_some_and(|l| label_eq(l, v)))
}

/// True when a `metav1.LabelSelector` (`matchLabels` + `matchExpressions`) matches the labels.
/// An empty selector matches everything; an unreadable one matches nothing.
pub fn label_selector_matches(selector: &Value, labels: Option<&Map<String, Value>>) -> bool {
    let Some(selector) = selector.as_object() else { return selector.is_null() };
    let empty = Map::new();
    let labels = labels.unwrap_or(&empty);
    if let Some(ml) = selector.get("matchLabels") {
        let Some(ml) = ml.as_object() else { return false };
        if !ml.iter().all(|(k, v)| labels.get(k).is_some_and(|l| label_eq(l, v))) {
            return false;
        }
    }
    for expr in items(selector.get("matchExpressions")) {
        let Some(key) = expr.get("key").and_then(Value::as_str) else { return false };
        let op = expr.get("operator").and_then(Value::as_str).unwrap_or("");
        let values: Vec<String> = items(expr.get("values")).iter().filter_map(label_value).collect();
        let have = labels.get(key).and_then(label_value);
        let ok = match op {
            "In" => have.is_some_and(|h| values.contains(&h)),
            "NotIn" => have.is_none_or(|h| !values.contains(&h)),
            "Exists" => have.is_some(),
            "DoesNotExist" => have.is_none(),
            _ => false,
        };
        if !ok {
            return false;
        }
    }
    true
}

/// True when the selector selects every pod (`{}`), as `podSelector: {}` does.
pub fn selects_all(selector: Option<&Value>) -> bool {
    match selector {
        None | Some(Value::Null) => true,
        Some(Value::Object(m)) => {
            m.get("matchLabels").and_then(Value::as_object).is_none_or(Map::is_empty)
                && items(m.get("matchExpressions")).is_empty()
        }
        _ => false,
    }
}

/// True when a NetworkPolicy isolates the pods it selects for ingress.
pub fn isolates_ingress(policy: &Document) -> bool {
    match policy.value.at("/spec/policyTypes").and_then(Value::as_array) {
        None => true,
        Some(types) => types.iter().any(|t| t.as_str() == Some("Ingress")),
    }
}

/// `(namespace, service name)` of every Service an Ingress routes to.
pub fn ingress_backends(docs: &[Document]) -> std::collections::HashSet<(&str, &str)> {
    let mut out = std::collections::HashSet::new();
    for doc in docs.iter().filter(|d| d.kind() == "Ingress") {
        let ns = namespace(doc);
        let mut backends: Vec<&Value> = Vec::new();
        backends.extend(doc.value.at("/spec/defaultBackend"));
        backends.extend(doc.value.at("/spec/backend"));
        for rule in items(doc.value.at("/spec/rules")) {
            for path in items(rule.at("/http/paths")) {
                backends.extend(path.get("backend"));
            }
        }
        for b in backends {
            let svc = b.at("/service/name").or_else(|| b.get("serviceName")).and_then(Value::as_str);
            if let Some(svc) = svc {
                out.insert((ns, svc));
            }
        }
    }
    out
}

/// One entry of a Role/ClusterRole `rules` list.
pub struct PolicyRule<'a> {
    pub pointer: String,
    pub value: &'a Value,
}

impl<'a> PolicyRule<'a> {
    pub fn strings(&self, field: &str) -> impl Iterator<Item = (usize, &'a str)> {
        str_items(self.value.get(field))
    }

    pub fn has(&self, field: &str, wanted: &str) -> bool {
        self.strings(field).any(|(_, s)| s == wanted)
    }

    /// True when the rule grants any of `verbs` (`*` counts).
    pub fn grants_any_verb(&self, verbs: &[&str]) -> bool {
        self.strings("verbs").any(|(_, v)| v == "*" || verbs.contains(&v))
    }

    /// True when the rule applies to the API group (`*` counts).
    pub fn in_group(&self, group: &str) -> bool {
        self.strings("apiGroups").any(|(_, g)| g == "*" || g == group)
    }

    /// The index of the first resource named exactly `resource` (wildcards are another rule's business).
    pub fn resource_index(&self, resource: &str) -> Option<usize> {
        self.strings("resources").find(|(_, r)| *r == resource).map(|(i, _)| i)
    }

    pub fn field(&self, path: &str) -> String {
        format!("{}/{path}", self.pointer)
    }
}

/// The rules of a Role or ClusterRole.
pub fn policy_rules(doc: &Document) -> Vec<PolicyRule<'_>> {
    if !matches!(doc.kind(), "Role" | "ClusterRole")
        || !doc.object.as_ref().is_some_and(|o| o.api_version.starts_with("rbac.authorization.k8s.io/"))
    {
        return Vec::new();
    }
    items(doc.value.get("rules"))
        .iter()
        .enumerate()
        .map(|(i, value)| PolicyRule { pointer: format!("/rules/{i}"), value })
        .collect()
}

/// Reports a finding when a Role/ClusterRole grants one of `verbs` on `resource` of `group`,
/// at the resource's entry.
pub fn check_grant(sink: &mut Sink<'_>, group: &str, resource: &str, verbs: &[&str], what: &str) {
    grant(sink, group, resource, verbs, what, false);
}

/// Like [`check_grant`], but a rule limited to named objects (`resourceNames`) is accepted.
pub fn check_grant_unless_named(
    sink: &mut Sink<'_>,
    group: &str,
    resource: &str,
    verbs: &[&str],
    what: &str,
) {
    grant(sink, group, resource, verbs, what, true);
}

fn grant(sink: &mut Sink<'_>, group: &str, resource: &str, verbs: &[&str], what: &str, allow_named: bool) {
    let doc = sink.doc;
    for rule in policy_rules(doc) {
        if !rule.in_group(group) || !rule.grants_any_verb(verbs) {
            continue;
        }
        if allow_named && rule.strings("resourceNames").next().is_some() {
            continue;
        }
        if let Some(i) = rule.resource_index(resource) {
            let verbs: Vec<&str> = rule.strings("verbs").map(|(_, v)| v).collect();
            let msg = format!("{} grants {} on `{resource}` ({what})", role_display(doc), verbs.join(", "));
            sink.report(&rule.field(&format!("resources/{i}")), msg);
        }
    }
}

/// Reports every `*` in a field (`verbs`, `resources`, `apiGroups`) of a role's rules.
pub fn check_wildcard(sink: &mut Sink<'_>, doc: &Document, field: &str) {
    for rule in policy_rules(doc) {
        for (i, s) in rule.strings(field) {
            if s == "*" {
                let msg = format!("{} uses a wildcard in `{field}`", role_display(doc));
                sink.report(&rule.field(&format!("{field}/{i}")), msg);
            }
        }
    }
}

fn role_display(doc: &Document) -> String {
    doc.object.as_ref().map_or_else(String::new, |o| o.display())
}

/// The subjects of a RoleBinding/ClusterRoleBinding with their pointers.
pub fn binding_subjects(doc: &Document) -> Vec<(String, &Value)> {
    if !matches!(doc.kind(), "RoleBinding" | "ClusterRoleBinding") {
        return Vec::new();
    }
    items(doc.value.get("subjects")).iter().enumerate().map(|(i, s)| (format!("/subjects/{i}"), s)).collect()
}

/// An image reference split into its repository, tag and digest.
pub struct Image<'a> {
    pub repository: &'a str,
    pub tag: Option<&'a str>,
    pub digest: Option<&'a str>,
}

impl<'a> Image<'a> {
    pub fn parse(image: &'a str) -> Image<'a> {
        let (rest, digest) = match image.split_once('@') {
            Some((r, d)) => (r, Some(d)),
            None => (image, None),
        };
        let last_slash = rest.rfind('/').map_or(0, |i| i + 1);
        match rest[last_slash..].rfind(':') {
            Some(i) => {
                let at = last_slash + i;
                Image { repository: &rest[..at], tag: Some(&rest[at + 1..]), digest }
            }
            None => Image { repository: rest, tag: None, digest },
        }
    }
}

fn normal_path(path: &str) -> &str {
    let p = path.trim_end_matches('/');
    if p.is_empty() { "/" } else { p }
}

/// True for the Docker, containerd and CRI-O sockets and the directories holding them.
pub fn runtime_socket(path: &str) -> bool {
    let p = normal_path(path);
    p.ends_with("/docker.sock")
        || p.ends_with("/containerd.sock")
        || p.ends_with("/crio.sock")
        || p.ends_with("/cri-dockerd.sock")
        || matches!(
            p,
            "/var/run/docker" | "/run/containerd" | "/var/run/containerd" | "/var/run/crio" | "/run/crio"
        )
}

/// True for node paths that hold credentials, runtime state or kernel interfaces.
pub fn sensitive_host_path(path: &str) -> bool {
    let p = normal_path(path);
    const EXACT: [&str; 9] = ["/", "/etc", "/root", "/boot", "/dev", "/proc", "/sys", "/var/run", "/run"];
    const TREES: [&str; 5] =
        ["/etc/kubernetes", "/var/lib/kubelet", "/var/lib/docker", "/var/lib/containerd", "/root"];
    EXACT.contains(&p)
        || TREES.iter().any(|t| p == *t || p.strip_prefix(t).is_some_and(|rest| rest.starts_with('/')))
}

/// When an API version of a kind was deprecated and removed, and what replaces it.
#[derive(Clone, Copy, Debug)]
pub struct ApiLifecycle {
    pub deprecated: KubeVersion,
    pub removed: Option<KubeVersion>,
    /// The apiVersion to use instead, or `None` when the API has no successor.
    pub replacement: Option<&'static str>,
    /// What to do instead when the replacement is not a plain apiVersion change.
    pub note: Option<&'static str>,
}

impl ApiLifecycle {
    pub fn replacement_text(&self) -> String {
        match (self.replacement, self.note) {
            (Some(r), Some(n)) => format!("use {r} ({n})"),
            (Some(r), None) => format!("use {r}"),
            (None, Some(n)) => n.to_string(),
            (None, None) => "it has no replacement".to_string(),
        }
    }
}

const fn v(minor: u32) -> KubeVersion {
    KubeVersion::new(1, minor)
}

/// `(apiVersion, kinds ("*" for every kind), deprecated, removed, replacement, note)`.
type ApiRow =
    (&'static str, &'static [&'static str], u32, Option<u32>, Option<&'static str>, Option<&'static str>);

const API_TABLE: &[ApiRow] = &[
    ("extensions/v1beta1", &["Deployment", "DaemonSet", "ReplicaSet"], 8, Some(16), Some("apps/v1"), None),
    ("extensions/v1beta1", &["NetworkPolicy"], 9, Some(16), Some("networking.k8s.io/v1"), None),
    ("extensions/v1beta1", &["PodSecurityPolicy"], 11, Some(16), None, Some("use Pod Security Admission")),
    (
        "extensions/v1beta1",
        &["Ingress"],
        14,
        Some(22),
        Some("networking.k8s.io/v1"),
        Some("backends become `service.name`/`service.port`"),
    ),
    ("apps/v1beta1", &["*"], 9, Some(16), Some("apps/v1"), None),
    ("apps/v1beta2", &["*"], 9, Some(16), Some("apps/v1"), None),
    (
        "networking.k8s.io/v1beta1",
        &["Ingress", "IngressClass"],
        19,
        Some(22),
        Some("networking.k8s.io/v1"),
        None,
    ),
    (
        "admissionregistration.k8s.io/v1beta1",
        &["*"],
        16,
        Some(22),
        Some("admissionregistration.k8s.io/v1"),
        None,
    ),
    (
        "apiextensions.k8s.io/v1beta1",
        &["*"],
        16,
        Some(22),
        Some("apiextensions.k8s.io/v1"),
        Some("a structural `openAPIV3Schema` per version is required"),
    ),
    ("apiregistration.k8s.io/v1beta1", &["*"], 19, Some(22), Some("apiregistration.k8s.io/v1"), None),
    ("authentication.k8s.io/v1beta1", &["*"], 19, Some(22), Some("authentication.k8s.io/v1"), None),
    ("authorization.k8s.io/v1beta1", &["*"], 19, Some(22), Some("authorization.k8s.io/v1"), None),
    (
        "certificates.k8s.io/v1beta1",
        &["*"],
        19,
        Some(22),
        Some("certificates.k8s.io/v1"),
        Some("`signerName` is required"),
    ),
    ("coordination.k8s.io/v1beta1", &["*"], 19, Some(22), Some("coordination.k8s.io/v1"), None),
    ("rbac.authorization.k8s.io/v1beta1", &["*"], 17, Some(22), Some("rbac.authorization.k8s.io/v1"), None),
    ("rbac.authorization.k8s.io/v1alpha1", &["*"], 17, Some(22), Some("rbac.authorization.k8s.io/v1"), None),
    ("scheduling.k8s.io/v1beta1", &["*"], 14, Some(22), Some("scheduling.k8s.io/v1"), None),
    (
        "storage.k8s.io/v1beta1",
        &["CSIDriver", "CSINode", "StorageClass", "VolumeAttachment"],
        19,
        Some(22),
        Some("storage.k8s.io/v1"),
        None,
    ),
    ("storage.k8s.io/v1beta1", &["CSIStorageCapacity"], 24, Some(27), Some("storage.k8s.io/v1"), None),
    ("batch/v1beta1", &["CronJob"], 21, Some(25), Some("batch/v1"), None),
    ("discovery.k8s.io/v1beta1", &["EndpointSlice"], 21, Some(25), Some("discovery.k8s.io/v1"), None),
    ("events.k8s.io/v1beta1", &["Event"], 22, Some(25), Some("events.k8s.io/v1"), None),
    ("autoscaling/v2beta1", &["HorizontalPodAutoscaler"], 22, Some(25), Some("autoscaling/v2"), None),
    (
        "policy/v1beta1",
        &["PodDisruptionBudget"],
        21,
        Some(25),
        Some("policy/v1"),
        Some("an empty selector now selects every pod of the namespace"),
    ),
    (
        "policy/v1beta1",
        &["PodSecurityPolicy"],
        21,
        Some(25),
        None,
        Some("use Pod Security Admission (namespace labels `pod-security.kubernetes.io/*`)"),
    ),
    ("node.k8s.io/v1beta1", &["RuntimeClass"], 22, Some(25), Some("node.k8s.io/v1"), None),
    ("autoscaling/v2beta2", &["HorizontalPodAutoscaler"], 23, Some(26), Some("autoscaling/v2"), None),
    (
        "flowcontrol.apiserver.k8s.io/v1beta1",
        &["*"],
        23,
        Some(26),
        Some("flowcontrol.apiserver.k8s.io/v1"),
        Some("v1beta3 on 1.26–1.28"),
    ),
    (
        "flowcontrol.apiserver.k8s.io/v1beta2",
        &["*"],
        26,
        Some(29),
        Some("flowcontrol.apiserver.k8s.io/v1"),
        Some("v1beta3 on 1.26–1.28"),
    ),
    (
        "flowcontrol.apiserver.k8s.io/v1beta3",
        &["*"],
        29,
        Some(32),
        Some("flowcontrol.apiserver.k8s.io/v1"),
        None,
    ),
    ("v1", &["Endpoints"], 33, None, Some("discovery.k8s.io/v1"), Some("EndpointSlice objects")),
];

/// The lifecycle of an API version of a kind, if it is deprecated at some version.
pub fn api_lifecycle(api_version: &str, kind: &str) -> Option<ApiLifecycle> {
    API_TABLE
        .iter()
        .find(|(a, kinds, ..)| *a == api_version && (kinds.contains(&"*") || kinds.contains(&kind)))
        .map(|&(_, _, deprecated, removed, replacement, note)| ApiLifecycle {
            deprecated: v(deprecated),
            removed: removed.map(v),
            replacement,
            note,
        })
}

/// Environment variable names and config keys that conventionally hold credentials.
pub fn credential_name(name: &str) -> bool {
    // `secretName` reads as `SECRET_NAME`: camelCase words are split like snake_case ones.
    let mut upper = String::with_capacity(name.len() + 4);
    let mut previous_lower = false;
    for c in name.chars() {
        if c.is_ascii_uppercase() && previous_lower {
            upper.push('_');
        }
        previous_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        upper.push(match c {
            '-' | '.' => '_',
            c => c.to_ascii_uppercase(),
        });
    }
    const WORDS: [&str; 12] = [
        "PASSWORD",
        "PASSWD",
        "SECRET",
        "TOKEN",
        "API_KEY",
        "APIKEY",
        "ACCESS_KEY",
        "PRIVATE_KEY",
        "CLIENT_SECRET",
        "CREDENTIAL",
        "AUTH_KEY",
        "PWD",
    ];
    // Names that mention a credential but hold a path, a reference or a setting about one.
    const NOT: [&str; 23] = [
        "_FILE",
        "_PATH",
        "_NAME",
        "_REF",
        "_DIR",
        "_LENGTH",
        "_TTL",
        "_EXPIRY",
        "_AUDIENCE",
        "_URL",
        "_URI",
        "_ENDPOINT",
        "_ISSUER",
        "_HEADER",
        "_TYPE",
        "_MODE",
        "_ENABLED",
        "_PREFIX",
        "_KEY_ID",
        "_SECONDS",
        "_TIMEOUT",
        "_POLICY",
        // `imagePullSecrets`, `secrets:` lists: names of Secrets, not their values.
        "_SECRETS",
    ];
    WORDS.iter().any(|w| upper.contains(w))
        && !NOT.iter().any(|s| upper.ends_with(s))
        && !upper.starts_with("EXISTING_")
}

/// What makes a literal value look like a credential, if anything: well-known key formats,
/// private keys and URLs with a password.
pub fn credential_value(value: &str) -> Option<&'static str> {
    let v = value.trim();
    if v.contains("-----BEGIN") && v.contains("PRIVATE KEY") {
        return Some("a private key");
    }
    let token_like = |prefix: &str, min: usize| {
        v.find(prefix).is_some_and(|i| {
            v[i + prefix.len()..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').count()
                >= min
        })
    };
    if v.find("AKIA").or_else(|| v.find("ASIA")).is_some_and(|i| {
        v[i..].chars().take(20).filter(|c| c.is_ascii_uppercase() || c.is_ascii_digit()).count() == 20
    }) {
        return Some("an AWS access key id");
    }
    if token_like("ghp_", 30) || token_like("gho_", 30) || token_like("github_pat_", 30) {
        return Some("a GitHub token");
    }
    if token_like("xoxb-", 10) || token_like("xoxp-", 10) {
        return Some("a Slack token");
    }
    if token_like("sk_live_", 16) {
        return Some("a Stripe secret key");
    }
    if let Some(scheme) = v.find("://") {
        let rest = &v[scheme + 3..];
        let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
        if let Some((userinfo, _)) = authority.rsplit_once('@')
            && let Some((_, password)) = userinfo.split_once(':')
            && !password.is_empty()
            && !is_placeholder(password)
        {
            return Some("a URL with a password");
        }
    }
    None
}

/// A credential found in a config entry: a message that never includes the value, and the key
/// of the offending line when it sits inside an embedded file.
pub struct FoundCredential<'a> {
    pub message: String,
    pub line: Option<&'a str>,
}

/// Describes the credential held by a config entry (its key, one `key=value`/`key: value` line of
/// an embedded file, or the shape of the value), never including the value itself.
pub fn find_credential<'a>(key: &str, value: &'a str) -> Option<FoundCredential<'a>> {
    if let Some(shape) = credential_value(value) {
        return Some(FoundCredential { message: format!("holds {shape} ({})", redacted(value)), line: None });
    }
    if !value.contains('\n')
        && credential_name(key)
        && !is_placeholder(value)
        && !value.trim().contains(char::is_whitespace)
    {
        return Some(FoundCredential {
            message: format!("holds a literal credential ({})", redacted(value)),
            line: None,
        });
    }
    for (n, line) in value.lines().enumerate() {
        let line = line.trim();
        if line.starts_with('#') || line.starts_with("//") {
            continue;
        }
        let Some((k, v)) = line.split_once('=').or_else(|| line.split_once(": ")) else { continue };
        let (k, v) = (k.trim().trim_matches('"'), v.trim().trim_matches(['"', '\'', ',']));
        if credential_name(k) && !is_placeholder(v) && !v.is_empty() && !v.contains(char::is_whitespace) {
            let message = format!("assigns a literal `{k}` on line {} of its value ({})", n + 1, redacted(v));
            return Some(FoundCredential { message, line: Some(line) });
        }
    }
    None
}

/// Values that are clearly not real secrets: empty (`[]`, `{}`, `""` too), references (`$(VAR)`, `${VAR}`, Grafana's
/// `$__file{…}`, SOPS `ENC[…]`, `vault:`/`ref+` references), templating placeholders, booleans and
/// small numbers.
pub fn is_placeholder(value: &str) -> bool {
    let v = value.trim();
    v.is_empty()
        || v.starts_with('$')
        || v.starts_with("ENC[")
        || v.starts_with("vault:")
        || v.starts_with("ref+")
        || v.starts_with("{{")
        || v.starts_with('<')
        || v.starts_with('/')
        || matches!(v, "[]" | "{}" | "\"\"" | "''")
        || v.eq_ignore_ascii_case("changeme")
        || v.eq_ignore_ascii_case("redacted")
        || v.chars().all(|c| c == '*' || c == 'x' || c == 'X')
        || matches!(v.to_ascii_lowercase().as_str(), "true" | "false" | "yes" | "no" | "null" | "none" | "~")
        || v.parse::<f64>().is_ok_and(|n| n.abs() < 100_000.0)
}

/// A message-safe description of a secret value: never the value itself.
pub fn redacted(value: &str) -> String {
    format!("REDACTED, {} characters", value.chars().count())
}

/// Reports every regular and init container of a pod-bearing object that does not set `field`
/// (a `/`-separated path in the container such as `resources/requests/cpu`), e.g. "container `app`
/// has no cpu request".
pub fn report_containers_without(doc: &Document, sink: &mut crate::rules::Sink<'_>, field: &str, what: &str) {
    let Some(pod) = crate::document::PodSpec::of(doc) else { return };
    for c in pod.containers().filter(|c| c.list != "ephemeralContainers") {
        if c.value.at(&format!("/{field}")).is_none_or(Value::is_null) {
            sink.report(&c.field(field), format!("container `{}` has no {what}", c.name()));
        }
    }
}

/// Reports every regular container of a long-running workload without `probe`
/// (`livenessProbe`, `readinessProbe`).
pub fn report_containers_without_probe(doc: &Document, sink: &mut crate::rules::Sink<'_>, probe: &str) {
    let Some(pod) = crate::document::PodSpec::of(doc) else { return };
    if !is_long_running(doc.kind()) {
        return;
    }
    for c in pod.containers().filter(|c| c.list == "containers") {
        if c.value.get(probe).is_none_or(Value::is_null) {
            sink.report(&c.field(probe), format!("container `{}` has no {probe}", c.name()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images_split() {
        let i = Image::parse("registry:5000/team/app:1.2@sha256:abc");
        assert_eq!(
            (i.repository, i.tag, i.digest),
            ("registry:5000/team/app", Some("1.2"), Some("sha256:abc"))
        );
        let i = Image::parse("registry:5000/app");
        assert_eq!((i.repository, i.tag, i.digest), ("registry:5000/app", None, None));
        let i = Image::parse("nginx@sha256:abc");
        assert_eq!((i.repository, i.tag, i.digest), ("nginx", None, Some("sha256:abc")));
    }

    #[test]
    fn credentials() {
        assert!(credential_name("DB_PASSWORD"));
        assert!(credential_name("stripe-api-key"));
        assert!(!credential_name("DB_PASSWORD_FILE"));
        assert!(!credential_name("LOG_LEVEL"));
        assert!(!credential_name("OIDC_TOKEN_AUDIENCE"));
        assert!(!credential_name("AWS_ACCESS_KEY_ID"));
        assert!(credential_name("adminPassword"));
        assert!(credential_name("clientSecret"));
        assert!(!credential_name("secretName"));
        assert!(!credential_name("imagePullSecrets"));
        assert!(!credential_name("existingSecret"));
        assert!(find_credential("values.yaml", "imagePullSecrets: []\nsecretName: web-tls\n").is_none());
        assert!(find_credential("password_hint", "use your work email").is_none());
        assert_eq!(credential_value("postgres://app:hunter2@db:5432/x"), Some("a URL with a password"));
        assert_eq!(credential_value("postgres://app:${PW}@db/x"), None);
        assert_eq!(credential_value("AKIAIOSFODNN7EXAMPLE"), Some("an AWS access key id"));
        assert_eq!(credential_value("http://example.com/a:b@c"), None);
        assert!(redacted("hunter2").starts_with("REDACTED"));
        assert!(find_credential("grafana.ini", "[security]\nadmin_password = $__file{/run/pw}\n").is_none());
        assert!(find_credential("app.conf", "token: ENC[AES256_GCM,data:abc]\n").is_none());
        assert!(
            find_credential("app.conf", "a=1\ntoken: abcdef123\n")
                .is_some_and(|f| f.line == Some("token: abcdef123"))
        );
    }

    #[test]
    fn kube_versions_and_api_lifecycles() {
        assert_eq!(KubeVersion::parse("v1.29.3"), Some(KubeVersion::new(1, 29)));
        assert_eq!(KubeVersion::parse("1.33"), Some(KubeVersion::new(1, 33)));
        assert_eq!(KubeVersion::parse("1"), None);
        assert_eq!(KubeVersion::parse("1.x"), None);
        assert!(KubeVersion::new(1, 9) < KubeVersion::new(1, 10));
        let ingress = api_lifecycle("extensions/v1beta1", "Ingress").map(|a| a.removed);
        assert_eq!(ingress, Some(Some(KubeVersion::new(1, 22))));
        assert!(api_lifecycle("apps/v1", "Deployment").is_none());
        assert!(api_lifecycle("apps/v1beta2", "StatefulSet").is_some());
        assert!(api_lifecycle("v1", "Service").is_none());
    }

    #[test]
    fn selectors() {
        let labels: Map<String, Value> = serde_json::from_str(r#"{"app":"web","tier":"front"}"#).unwrap();
        let sel: Value = serde_json::from_str(
            r#"{"matchLabels":{"app":"web"},"matchExpressions":[{"key":"tier","operator":"In","values":["front"]}]}"#,
        )
        .unwrap();
        assert!(label_selector_matches(&sel, Some(&labels)));
        let sel: Value =
            serde_json::from_str(r#"{"matchExpressions":[{"key":"tier","operator":"DoesNotExist"}]}"#)
                .unwrap();
        assert!(!label_selector_matches(&sel, Some(&labels)));
        assert!(label_selector_matches(&serde_json::json!({}), Some(&labels)));
    }
}
