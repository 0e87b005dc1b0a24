//! Documents: one Kubernetes object (or one Terraform resource change) with its source map.

use std::sync::Arc;

use serde_json::{Map, Value};

use crate::source::{SourceFile, Span};

/// Where a node sits in the source: the span of its key (for mapping values) and of its value.
#[derive(Clone, Debug, Default)]
pub struct SpanNode {
    pub key: Option<Span>,
    pub value: Span,
    /// Set when the node was reached through an alias or merge key: the span of the `*alias` site.
    pub via_alias: Option<Span>,
    pub children: Children,
}

#[derive(Clone, Debug, Default)]
pub enum Children {
    #[default]
    None,
    Map(Vec<(Box<str>, SpanNode)>),
    Seq(Vec<SpanNode>),
}

impl SpanNode {
    pub fn child(&self, segment: &str) -> Option<&SpanNode> {
        match &self.children {
            Children::Map(entries) => entries.iter().find(|(k, _)| &**k == segment).map(|(_, n)| n),
            Children::Seq(items) => segment.parse::<usize>().ok().and_then(|i| items.get(i)),
            Children::None => None,
        }
    }

    /// The span a finding about this node should point at: the alias site when the node came
    /// through an alias, else its value.
    pub fn value_span(&self) -> Span {
        self.via_alias.unwrap_or(self.value)
    }

    pub fn key_span(&self) -> Span {
        self.via_alias.or(self.key).unwrap_or(self.value)
    }
}

/// Splits an RFC 6901 JSON pointer into unescaped segments.
pub fn pointer_segments(pointer: &str) -> impl Iterator<Item = std::borrow::Cow<'_, str>> {
    pointer
        .split('/')
        .skip(1)
        .map(|s| if s.contains('~') { s.replace("~1", "/").replace("~0", "~").into() } else { s.into() })
}

/// Appends one segment to a JSON pointer, escaping `~` and `/`.
pub fn pointer_push(pointer: &mut String, segment: &str) {
    pointer.push('/');
    if segment.contains(['~', '/']) {
        pointer.push_str(&segment.replace('~', "~0").replace('/', "~1"));
    } else {
        pointer.push_str(segment);
    }
}

/// Builds a pointer from segments: `ptr(&["spec", "containers", "0"])` is `/spec/containers/0`.
pub fn ptr<S: AsRef<str>>(segments: &[S]) -> String {
    let mut p = String::new();
    for s in segments {
        pointer_push(&mut p, s.as_ref());
    }
    p
}

/// What a pointer resolved to: the node found, and whether it is the node asked for or an ancestor.
#[derive(Clone, Copy, Debug)]
pub struct Located<'a> {
    pub node: &'a SpanNode,
    pub exact: bool,
}

/// The identity of a Kubernetes object.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ObjectRef {
    pub api_version: String,
    pub kind: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

impl ObjectRef {
    pub fn from_value(v: &Value) -> Option<ObjectRef> {
        let api_version = v.get("apiVersion")?.as_str()?.to_string();
        let kind = v.get("kind")?.as_str()?.to_string();
        let meta = v.get("metadata");
        let field = |k: &str| meta.and_then(|m| m.get(k)).and_then(Value::as_str).map(str::to_string);
        Some(ObjectRef { api_version, kind, namespace: field("namespace"), name: field("name") })
    }

    /// `Kind namespace/name` for messages.
    pub fn display(&self) -> String {
        match (&self.namespace, &self.name) {
            (Some(ns), Some(n)) => format!("{} {ns}/{n}", self.kind),
            (None, Some(n)) => format!("{} {n}", self.kind),
            _ => self.kind.clone(),
        }
    }
}

/// Where a rendered document came from (Helm template, Kustomize origin, plan address).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Origin {
    /// Human description, e.g. `helm: normaldance/templates/api.yaml (values: prod)`.
    pub description: String,
}

/// One parsed document of a source file.
#[derive(Clone, Debug)]
pub struct Document {
    pub file: Arc<SourceFile>,
    /// 0-based position of the document in its stream (after `kind: List` expansion, the list's).
    pub index: usize,
    pub value: Value,
    pub map: SpanNode,
    /// Byte span of the whole document, including its leading comment block.
    pub extent: Span,
    pub object: Option<ObjectRef>,
    pub origin: Option<Origin>,
    /// A projection ([`Document::project`]): only some fields, with their source map.
    pub projected: bool,
}

impl Document {
    pub fn doc_ref(&self) -> crate::finding::DocRef {
        crate::finding::DocRef { file: self.file.clone(), index: self.index }
    }

    /// Finds the node of a pointer, or its nearest existing ancestor.
    pub fn locate(&self, pointer: &str) -> Located<'_> {
        let mut node = &self.map;
        for seg in pointer_segments(pointer) {
            match node.child(&seg) {
                Some(n) => node = n,
                None => return Located { node, exact: false },
            }
        }
        Located { node, exact: true }
    }

    /// A compact copy for keeping many documents around: only the fields at `fields` (JSON
    /// pointers where `*` matches any key or index) with their subtrees and ancestors, and the
    /// source map of exactly what is kept, so a finding on a projection lands where it would on the
    /// whole document. The object's identity (`apiVersion`, `kind`, name, namespace) is always
    /// kept. Arrays on the way keep every item (projected), so pointers into them stay valid.
    pub fn project(&self, fields: &[String]) -> Document {
        let mut patterns: Vec<Vec<&str>> = fields.iter().map(|f| f.split('/').skip(1).collect()).collect();
        patterns.extend(IDENTITY.iter().map(|p| p.to_vec()));
        let patterns: Vec<&[&str]> = patterns.iter().map(Vec::as_slice).collect();
        let (value, map) = project(&self.value, &self.map, &patterns);
        Document {
            file: self.file.clone(),
            index: self.index,
            value,
            map,
            extent: self.extent,
            object: self.object.clone(),
            origin: self.origin.clone(),
            projected: true,
        }
    }

    /// The span of the object's first line (its `apiVersion:` or `kind:` key), for object-level findings.
    pub fn head_span(&self) -> Span {
        ["/kind", "/apiVersion"]
            .iter()
            .filter_map(|p| self.map.child(&p[1..]).map(SpanNode::key_span))
            .min()
            .unwrap_or(self.map.value)
    }

    pub fn kind(&self) -> &str {
        self.object.as_ref().map_or("", |o| o.kind.as_str())
    }

    pub fn get(&self, pointer: &str) -> Option<&Value> {
        self.value.at(pointer)
    }
}

/// The fields every projection keeps: the object's identity and its head line.
const IDENTITY: [&[&str]; 4] =
    [&["apiVersion"], &["kind"], &["metadata", "name"], &["metadata", "namespace"]];

/// The part of `value` (and of its source map `node`) that `patterns` select; see [`Document::project`].
fn project(value: &Value, node: &SpanNode, patterns: &[&[&str]]) -> (Value, SpanNode) {
    if patterns.iter().any(|p| p.is_empty()) {
        return (value.clone(), node.clone());
    }
    let below = |segment: &str| -> Vec<&[&str]> {
        patterns.iter().filter(|p| p[0] == "*" || p[0] == segment).map(|p| &p[1..]).collect()
    };
    let shell = |children| SpanNode { key: node.key, value: node.value, via_alias: node.via_alias, children };
    let empty = SpanNode::default();
    match value {
        Value::Object(map) => {
            let kept: Vec<_> = map
                .iter()
                .map(|(key, child)| (key, child, below(key)))
                .filter(|(.., sub)| !sub.is_empty())
                .collect();
            // Sized exactly: projections are kept for the whole run.
            let mut out = Map::with_capacity(kept.len());
            let mut nodes = Vec::with_capacity(kept.len());
            for (key, child, sub) in kept {
                let (v, n) = project(child, node.child(key).unwrap_or(&empty), &sub);
                out.insert(key.clone(), v);
                nodes.push((Box::from(key.as_str()), n));
            }
            (Value::Object(out), shell(Children::Map(nodes)))
        }
        Value::Array(items) => {
            let (values, nodes): (Vec<Value>, Vec<SpanNode>) = items
                .iter()
                .enumerate()
                .map(|(i, item)| {
                    let i = i.to_string();
                    project(item, node.child(&i).unwrap_or(&empty), &below(&i))
                })
                .unzip();
            (Value::Array(values), shell(Children::Seq(nodes)))
        }
        scalar => (scalar.clone(), shell(Children::None)),
    }
}

/// A container of a pod spec, with the pointer to it.
pub struct ContainerRef<'a> {
    pub pointer: String,
    pub value: &'a Value,
    /// `containers`, `initContainers` or `ephemeralContainers` (an Argo template's `container`,
    /// `script` and `sidecars` count as `containers`).
    pub list: &'static str,
    /// For an Argo workflow's container, its template (pointer and value): the template's
    /// `securityContext`, `serviceAccountName`, ... override the workflow's for its pod.
    pub template: Option<(String, &'a Value)>,
}

impl ContainerRef<'_> {
    /// The container's name; an Argo template's `container` or `script` is named after its template.
    pub fn name(&self) -> &str {
        let template = self.template.as_ref().and_then(|(_, t)| t.get("name")).and_then(Value::as_str);
        self.value.get("name").and_then(Value::as_str).or(template).unwrap_or("<unnamed>")
    }

    pub fn field(&self, path: &str) -> String {
        format!("{}/{}", self.pointer, path)
    }
}

/// How a pod-bearing kind lays out its containers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PodLayout {
    /// A Kubernetes pod spec: `containers`, `initContainers`, `ephemeralContainers`.
    Pod,
    /// An Argo workflow spec: the pod-level fields (`securityContext`, `hostNetwork`,
    /// `serviceAccountName`, `volumes`, ...) on the workflow, the containers in its `templates`
    /// (`container`, `script`, `containerSet.containers`, `initContainers`, `sidecars`).
    Workflow,
}

/// The pod spec of a pod-bearing object, with the pointer to it.
pub struct PodSpec<'a> {
    pub pointer: &'static str,
    pub value: &'a Value,
    pub layout: PodLayout,
}

/// Where each pod-bearing kind keeps its pod spec: (API group, kind, pointer, layout). The
/// documentation's table of covered kinds (`docs/custom-resources.md`) lists the same.
pub const POD_KINDS: &[(&str, &str, &str, PodLayout)] = &[
    ("", "Pod", "/spec", PodLayout::Pod),
    ("*", "Deployment", "/spec/template/spec", PodLayout::Pod),
    ("*", "StatefulSet", "/spec/template/spec", PodLayout::Pod),
    ("*", "DaemonSet", "/spec/template/spec", PodLayout::Pod),
    ("*", "ReplicaSet", "/spec/template/spec", PodLayout::Pod),
    ("*", "ReplicationController", "/spec/template/spec", PodLayout::Pod),
    ("*", "Job", "/spec/template/spec", PodLayout::Pod),
    ("*", "CronJob", "/spec/jobTemplate/spec/template/spec", PodLayout::Pod),
    ("*", "PodTemplate", "/template/spec", PodLayout::Pod),
    ("argoproj.io", "Rollout", "/spec/template/spec", PodLayout::Pod),
    ("argoproj.io", "Workflow", "/spec", PodLayout::Workflow),
    ("argoproj.io", "WorkflowTemplate", "/spec", PodLayout::Workflow),
    ("argoproj.io", "ClusterWorkflowTemplate", "/spec", PodLayout::Workflow),
    ("argoproj.io", "CronWorkflow", "/spec/workflowSpec", PodLayout::Workflow),
    ("keda.sh", "ScaledJob", "/spec/jobTargetRef/template/spec", PodLayout::Pod),
    ("serving.knative.dev", "Service", "/spec/template/spec", PodLayout::Pod),
    ("serving.knative.dev", "Configuration", "/spec/template/spec", PodLayout::Pod),
];

impl<'a> PodSpec<'a> {
    /// The pod spec of a pod-bearing object: Kubernetes' workload kinds (whatever their group,
    /// as before), and the custom resources of [`POD_KINDS`] (Argo Rollouts and Workflows, KEDA
    /// ScaledJobs, Knative Services).
    pub fn of(doc: &'a Document) -> Option<PodSpec<'a>> {
        let object = doc.object.as_ref()?;
        let group = object.api_version.rsplit_once('/').map_or("", |(g, _)| g);
        let &(_, _, pointer, layout) =
            POD_KINDS.iter().find(|(g, kind, ..)| *kind == object.kind && (*g == "*" || *g == group))?;
        let value = doc.value.at(pointer)?;
        value.is_object().then_some(PodSpec { pointer, value, layout })
    }

    pub fn field(&self, path: &str) -> String {
        format!("{}/{}", self.pointer, path)
    }

    pub fn get(&self, path: &str) -> Option<&'a Value> {
        self.value.at(&format!("/{path}"))
    }

    /// Containers, init containers and ephemeral containers, in that order; for a workflow, the
    /// containers of each template in turn.
    pub fn containers(&self) -> std::vec::IntoIter<ContainerRef<'a>> {
        let mut out = Vec::new();
        match self.layout {
            PodLayout::Pod => {
                for list in ["containers", "initContainers", "ephemeralContainers"] {
                    push_list(&mut out, self.value, self.pointer, list, list, None);
                }
            }
            PodLayout::Workflow => {
                let templates = self.value.get("templates").and_then(Value::as_array);
                for (i, template) in templates.into_iter().flatten().enumerate() {
                    let at = format!("{}/templates/{i}", self.pointer);
                    let owner = Some((at.clone(), template));
                    for single in ["container", "script"] {
                        if let Some(value) = template.get(single).filter(|v| v.is_object()) {
                            let pointer = format!("{at}/{single}");
                            out.push(ContainerRef {
                                pointer,
                                value,
                                list: "containers",
                                template: owner.clone(),
                            });
                        }
                    }
                    if let Some(set) = template.get("containerSet") {
                        push_list(
                            &mut out,
                            set,
                            &format!("{at}/containerSet"),
                            "containers",
                            "containers",
                            owner.clone(),
                        );
                    }
                    push_list(&mut out, template, &at, "initContainers", "initContainers", owner.clone());
                    push_list(&mut out, template, &at, "sidecars", "containers", owner);
                }
            }
        }
        out.into_iter()
    }

    /// The pod's metadata (annotations of the template, or of the Pod itself; a workflow's
    /// `podMetadata`).
    pub fn metadata_pointer(&self) -> String {
        if self.layout == PodLayout::Workflow {
            return format!("{}/podMetadata", self.pointer);
        }
        match self.pointer.strip_suffix("/spec") {
            Some("") | None => "/metadata".into(),
            Some(prefix) => format!("{prefix}/metadata"),
        }
    }
}

/// Appends the containers of the list `field` of `parent` (at `at`), reported as `list`.
fn push_list<'a>(
    out: &mut Vec<ContainerRef<'a>>,
    parent: &'a Value,
    at: &str,
    field: &str,
    list: &'static str,
    template: Option<(String, &'a Value)>,
) {
    let items = parent.get(field).and_then(Value::as_array).map(Vec::as_slice).unwrap_or(&[]);
    for (i, value) in items.iter().enumerate() {
        out.push(ContainerRef {
            pointer: format!("{at}/{field}/{i}"),
            value,
            list,
            template: template.clone(),
        });
    }
}

/// JSON pointer lookup that, unlike `serde_json::Value::pointer`, allocates only for segments that
/// need unescaping (`~0`, `~1`): rules look up fields of every document.
pub trait Lookup {
    fn at(&self, pointer: &str) -> Option<&Value>;
}

impl Lookup for Value {
    fn at(&self, pointer: &str) -> Option<&Value> {
        if pointer.is_empty() {
            return Some(self);
        }
        let rest = pointer.strip_prefix('/')?;
        let mut v = self;
        for seg in rest.split('/') {
            let seg: std::borrow::Cow<'_, str> =
                if seg.contains('~') { seg.replace("~1", "/").replace("~0", "~").into() } else { seg.into() };
            v = match v {
                Value::Object(m) => m.get(seg.as_ref())?,
                Value::Array(a) => a.get(seg.parse::<usize>().ok()?)?,
                _ => return None,
            };
        }
        Some(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn projection_keeps_selected_fields_with_their_positions() {
        let text = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: a, namespace: ns1}\nspec:\n  replicas: 2\n  template:\n    spec:\n      containers:\n      - name: a\n        image: x:1\n      - name: b\n        ports: [{containerPort: 80}]\n";
        let file = SourceFile::new("d.yaml", text);
        let doc = crate::parse::kubernetes_documents(&file).documents.remove(0);
        let projected =
            doc.project(&["/metadata/name", "/spec/template/spec/containers/*/ports"].map(String::from));
        assert_eq!(
            projected.value,
            serde_json::json!({"apiVersion": "apps/v1", "kind": "Deployment",
                "metadata": {"name": "a", "namespace": "ns1"},
                "spec": {"template": {"spec": {"containers": [{}, {"ports": [{"containerPort": 80}]}]}}}})
        );
        assert_eq!(projected.kind(), "Deployment");
        let port = projected.locate("/spec/template/spec/containers/1/ports/0/containerPort");
        assert!(port.exact);
        assert_eq!(file.line_col(port.node.value.start).line, 12);
        assert_eq!(projected.head_span(), doc.head_span());
        // A missing field falls back to the same ancestor as on the whole document.
        let missing = "/spec/template/spec/containers/0/ports";
        assert_eq!(projected.locate(missing).node.key_span(), doc.locate(missing).node.key_span());
    }
}
