//! GitHub Actions front-end: a workflow, an action's metadata (`action.yml`) or a Dependabot config
//! parsed once with its source map, and the pieces the `gha-` rules read — jobs, steps, `uses:`
//! references with the span of their ref, and every `${{ … }}` with its own span, also inside
//! `run:` block scalars.

use std::sync::Arc;

use serde_json::Value;

use crate::document::{Children, SpanNode, pointer_push};
use crate::finding::Finding;
use crate::parse::{parse_error, yaml};
use crate::source::{SourceFile, Span};

/// Which GitHub file a path is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GhaKind {
    /// `.github/workflows/*.yml`.
    Workflow,
    /// `action.yml` anywhere: a composite, Docker or JavaScript action's metadata.
    Action,
    /// `.github/dependabot.yml`.
    Dependabot,
}

/// Classifies a (`/`-separated) path; `None` for every other file.
pub fn kind_of(path: &str) -> Option<GhaKind> {
    let path = path.replace('\\', "/");
    let (dir, name) = path.rsplit_once('/').unwrap_or(("", &path));
    let yaml = name.ends_with(".yml") || name.ends_with(".yaml");
    if !yaml {
        return None;
    }
    let under = |d: &str| dir == d || dir.ends_with(&format!("/{d}"));
    if under(".github/workflows") {
        Some(GhaKind::Workflow)
    } else if name == "action.yml" || name == "action.yaml" {
        Some(GhaKind::Action)
    } else if under(".github") && (name == "dependabot.yml" || name == "dependabot.yaml") {
        Some(GhaKind::Dependabot)
    } else {
        None
    }
}

/// A parsed GitHub file.
#[derive(Debug)]
pub struct GhaFile {
    pub kind: GhaKind,
    pub file: Arc<SourceFile>,
    pub value: Value,
    pub map: SpanNode,
}

/// Parses `file` as `kind`; a syntax error or a document that is not a mapping is a `parse-error`.
pub fn parse(file: &Arc<SourceFile>, kind: GhaKind) -> Result<GhaFile, Box<Finding>> {
    let mut stream = yaml::parse_stream(file);
    if let Some(e) = stream.errors.first() {
        return Err(Box::new(parse_error(file, e.span, e.message.clone())));
    }
    let Some(doc) = stream.documents.drain(..).find(|d| !d.value.is_null()) else {
        return Err(Box::new(parse_error(file, Span::default(), "empty GitHub Actions file".into())));
    };
    if !doc.value.is_object() {
        return Err(Box::new(parse_error(file, doc.map.value, "expected a mapping at the top level".into())));
    }
    Ok(GhaFile { kind, file: file.clone(), value: doc.value, map: doc.map })
}

/// A node of the file: its value, where it is, and its JSON pointer.
#[derive(Clone, Copy, Debug)]
pub struct Node<'a> {
    pub value: &'a Value,
    pub span: &'a SpanNode,
    file: &'a GhaFile,
}

impl<'a> Node<'a> {
    pub fn get(&self, key: &str) -> Option<Node<'a>> {
        let value = self.value.get(key)?;
        let span = self.span.child(key)?;
        Some(Node { value, span, file: self.file })
    }

    /// The first of several spellings of a key that exists.
    pub fn get_any(&self, keys: &[&str]) -> Option<Node<'a>> {
        keys.iter().find_map(|k| self.get(k))
    }

    pub fn str(&self) -> Option<&'a str> {
        self.value.as_str()
    }

    /// A scalar as text (`true`, `7`, `v1`); `None` for mappings, sequences and null.
    pub fn text(&self) -> Option<String> {
        match self.value {
            Value::String(s) => Some(s.clone()),
            Value::Bool(b) => Some(b.to_string()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        }
    }

    /// Mapping entries in source order.
    pub fn entries(&self) -> Vec<(&'a str, Node<'a>)> {
        let (Value::Object(map), Children::Map(spans)) = (self.value, &self.span.children) else {
            return Vec::new();
        };
        spans
            .iter()
            .filter_map(|(k, span)| {
                let value = map.get(&**k)?;
                Some((&**k, Node { value, span, file: self.file }))
            })
            .collect()
    }

    /// Sequence items.
    pub fn items(&self) -> Vec<Node<'a>> {
        let (Value::Array(items), Children::Seq(spans)) = (self.value, &self.span.children) else {
            return Vec::new();
        };
        items.iter().zip(spans).map(|(value, span)| Node { value, span, file: self.file }).collect()
    }

    pub fn key_span(&self) -> Span {
        self.span.key_span()
    }

    pub fn value_span(&self) -> Span {
        self.span.value_span()
    }

    /// The source text of the value as written (block scalar indicators and quotes included).
    pub fn raw(&self) -> &'a str {
        let s = self.span.value;
        self.file.file.text.get(s.start as usize..s.end as usize).unwrap_or("")
    }

    /// Every `${{ … }}` written in this scalar, with its exact span in the file.
    pub fn expressions(&self) -> Vec<Expression<'a>> {
        if self.value.is_object() || self.value.is_array() || self.span.via_alias.is_some() {
            return Vec::new();
        }
        let base = self.span.value.start as usize;
        find_expressions(self.raw())
            .into_iter()
            .map(|(start, end, inner)| Expression { inner, span: Span::new(base + start, base + end) })
            .collect()
    }

    /// The lines of a scalar as written, each with its span (without indentation), for scripts.
    pub fn lines(&self) -> Vec<(&'a str, Span)> {
        if self.span.via_alias.is_some() {
            return Vec::new();
        }
        let raw = self.raw();
        let mut base = self.span.value.start as usize;
        let mut out = Vec::new();
        for line in raw.split_inclusive('\n') {
            let content = line.trim_end_matches(['\n', '\r']);
            let indent = content.len() - content.trim_start().len();
            let text = content.trim();
            if !text.is_empty() {
                out.push((text, Span::new(base + indent, base + indent + text.len())));
            }
            base += line.len();
        }
        out
    }

    /// Every scalar below this node (itself included), depth first.
    pub fn scalars(&self) -> Vec<Node<'a>> {
        let mut out = Vec::new();
        let mut stack = vec![*self];
        while let Some(n) = stack.pop() {
            match n.value {
                Value::Object(_) => stack.extend(n.entries().into_iter().rev().map(|(_, c)| c)),
                Value::Array(_) => stack.extend(n.items().into_iter().rev()),
                _ => out.push(n),
            }
        }
        out
    }
}

/// One `${{ … }}` expression: its inner text (trimmed) and the span of the whole `${{ … }}`.
#[derive(Clone, Copy, Debug)]
pub struct Expression<'a> {
    pub inner: &'a str,
    pub span: Span,
}

/// `(start, end, inner)` of each `${{ … }}` in `text`, skipping `}}` inside quoted strings.
pub fn find_expressions(text: &str) -> Vec<(usize, usize, &str)> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(open) = text[from..].find("${{").map(|i| from + i) {
        let body = open + 3;
        let mut quote = false;
        let mut close = None;
        let bytes = text.as_bytes();
        let mut i = body;
        while i + 1 < bytes.len() {
            match bytes[i] {
                b'\'' => quote = !quote,
                b'}' if !quote && bytes[i + 1] == b'}' => {
                    close = Some(i);
                    break;
                }
                _ => {}
            }
            i += 1;
        }
        let Some(close) = close else { break };
        out.push((open, close + 2, text[body..close].trim()));
        from = close + 2;
    }
    out
}

/// How a step or job refers to what it runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UsesKind {
    /// `owner/repo[/path]@ref` in a step.
    Action,
    /// `owner/repo/.github/workflows/x.yml@ref` at job level.
    ReusableWorkflow,
    /// `./path` in the same repository.
    Local,
    /// `docker://image`.
    Docker,
}

/// A parsed `uses:` value.
#[derive(Clone, Debug)]
pub struct Uses<'a> {
    pub node: Node<'a>,
    pub kind: UsesKind,
    /// `owner/repo` (lower-cased), or the image for `docker://`.
    pub repo: String,
    /// The path below the repository (`upload-sarif` of `github/codeql-action/upload-sarif`).
    pub path: String,
    /// The text after `@`, if any.
    pub reference: Option<&'a str>,
    /// The span of the ref (the bytes after `@`), else of the whole value.
    pub ref_span: Span,
    /// The comment after the value on its line (`v4.2.2` of `# v4.2.2`).
    pub comment: Option<&'a str>,
}

impl Uses<'_> {
    /// `owner/repo` or `owner/repo/path`, lower-cased.
    pub fn action(&self) -> String {
        if self.path.is_empty() { self.repo.clone() } else { format!("{}/{}", self.repo, self.path) }
    }

    /// Pinned to a full 40-hex commit SHA.
    pub fn is_sha_pinned(&self) -> bool {
        self.reference.is_some_and(|r| r.len() == 40 && r.bytes().all(|b| b.is_ascii_hexdigit()))
    }
}

/// A step with the job that holds it (none in an action's `runs.steps`).
#[derive(Clone, Copy, Debug)]
pub struct Step<'a> {
    pub node: Node<'a>,
    pub job: Option<Job<'a>>,
}

impl<'a> Step<'a> {
    pub fn uses(&self) -> Option<Uses<'a>> {
        parse_uses(self.node.get("uses")?, false)
    }

    /// The step's `with.<input>`.
    pub fn input(&self, name: &str) -> Option<Node<'a>> {
        self.node.get("with")?.get(name)
    }

    /// The step runs this action (`owner/repo[/path]`, case-insensitive), at any ref.
    pub fn runs_action(&self, action: &str) -> bool {
        self.uses().is_some_and(|u| u.kind == UsesKind::Action && u.action() == action)
    }

    /// The step's `run:` script.
    pub fn run(&self) -> Option<Node<'a>> {
        self.node.get("run").filter(|n| n.value.is_string())
    }
}

/// A workflow job.
#[derive(Clone, Copy, Debug)]
pub struct Job<'a> {
    pub id: &'a str,
    pub node: Node<'a>,
    /// The span of the job's key.
    pub key: Span,
}

impl<'a> Job<'a> {
    pub fn steps(&self) -> Vec<Step<'a>> {
        let items = self.node.get("steps").map(|s| s.items()).unwrap_or_default();
        items.into_iter().map(|node| Step { node, job: Some(*self) }).collect()
    }

    /// A job that calls a reusable workflow.
    pub fn uses(&self) -> Option<Uses<'a>> {
        parse_uses(self.node.get("uses")?, true)
    }
}

fn parse_uses<'a>(node: Node<'a>, job_level: bool) -> Option<Uses<'a>> {
    let text = node.str()?.trim();
    let comment = trailing_comment(&node.file.file, node.value_span());
    let start = node.value_span().start as usize + node.raw().find(text).unwrap_or(0);
    if let Some(image) = text.strip_prefix("docker://") {
        return Some(Uses {
            node,
            kind: UsesKind::Docker,
            repo: image.to_string(),
            path: String::new(),
            reference: None,
            ref_span: Span::new(start, start + text.len()),
            comment,
        });
    }
    if text.starts_with("./") || text.starts_with("../") {
        return Some(Uses {
            node,
            kind: UsesKind::Local,
            repo: text.to_string(),
            path: String::new(),
            reference: None,
            ref_span: Span::new(start, start + text.len()),
            comment,
        });
    }
    let (target, reference, ref_span) = match text.rsplit_once('@') {
        Some((t, r)) => {
            let at = start + t.len() + 1;
            (t, Some(r), Span::new(at, at + r.len()))
        }
        None => (text, None, Span::new(start, start + text.len())),
    };
    let mut parts = target.splitn(3, '/');
    let owner = parts.next().unwrap_or("");
    let repo = parts.next().unwrap_or("");
    let path = parts.next().unwrap_or("").trim_end_matches('/');
    let kind = if job_level { UsesKind::ReusableWorkflow } else { UsesKind::Action };
    Some(Uses {
        node,
        kind,
        repo: format!("{owner}/{repo}").to_ascii_lowercase(),
        path: path.to_ascii_lowercase(),
        reference,
        ref_span,
        comment,
    })
}

/// The text of a `# comment` after `span` on the same line, trimmed.
fn trailing_comment(file: &SourceFile, span: Span) -> Option<&str> {
    let end = span.end as usize;
    let rest = file.text.get(end..)?;
    let line = rest.split('\n').next().unwrap_or("");
    let hash = line.find('#')?;
    line[..hash].trim().is_empty().then(|| line[hash + 1..].trim()).filter(|c| !c.is_empty())
}

/// A trigger of a workflow (`on:`), with the span of its name.
#[derive(Clone, Copy, Debug)]
pub struct Trigger<'a> {
    pub name: &'a str,
    pub span: Span,
    /// The trigger's settings (`branches`, `types`), when given as a mapping.
    pub config: Option<Node<'a>>,
}

impl GhaFile {
    pub fn root(&self) -> Node<'_> {
        Node { value: &self.value, span: &self.map, file: self }
    }

    /// The workflow's `on:` (YAML 1.1 reads an unquoted `on` key as `true`).
    pub fn on(&self) -> Option<Node<'_>> {
        self.root().get_any(&["on", "true"])
    }

    /// The events that trigger the workflow.
    pub fn triggers(&self) -> Vec<Trigger<'_>> {
        let Some(on) = self.on() else { return Vec::new() };
        match on.value {
            Value::String(name) => vec![Trigger { name, span: on.value_span(), config: None }],
            Value::Array(_) => on
                .items()
                .into_iter()
                .filter_map(|n| Some(Trigger { name: n.str()?, span: n.value_span(), config: None }))
                .collect(),
            Value::Object(_) => on
                .entries()
                .into_iter()
                .map(|(name, n)| Trigger { name, span: n.key_span(), config: Some(n) })
                .collect(),
            _ => Vec::new(),
        }
    }

    pub fn has_trigger(&self, name: &str) -> bool {
        self.triggers().iter().any(|t| t.name == name)
    }

    pub fn jobs(&self) -> Vec<Job<'_>> {
        let Some(jobs) = self.root().get("jobs") else { return Vec::new() };
        jobs.entries().into_iter().map(|(id, node)| Job { id, node, key: node.key_span() }).collect()
    }

    /// Every step: of every job in a workflow, of `runs.steps` in a composite action.
    pub fn steps(&self) -> Vec<Step<'_>> {
        match self.kind {
            GhaKind::Workflow => self.jobs().iter().flat_map(Job::steps).collect(),
            GhaKind::Action => {
                let steps = self.root().get("runs").and_then(|r| r.get("steps"));
                steps
                    .map(|s| s.items())
                    .unwrap_or_default()
                    .into_iter()
                    .map(|node| Step { node, job: None })
                    .collect()
            }
            GhaKind::Dependabot => Vec::new(),
        }
    }

    /// Every `uses:` of steps and of jobs calling reusable workflows, in source order.
    pub fn uses(&self) -> Vec<Uses<'_>> {
        let mut out: Vec<Uses<'_>> = self.jobs().iter().filter_map(Job::uses).collect();
        out.extend(self.steps().iter().filter_map(Step::uses));
        out.sort_by_key(|u| u.ref_span.start);
        out
    }

    /// The JSON pointer of a node, for reports (found by span).
    pub fn pointer_of(&self, target: &SpanNode) -> String {
        fn walk(node: &SpanNode, target: &SpanNode, at: &mut String) -> bool {
            if std::ptr::eq(node, target) {
                return true;
            }
            let len = at.len();
            match &node.children {
                Children::Map(entries) => {
                    for (k, child) in entries {
                        pointer_push(at, k);
                        if walk(child, target, at) {
                            return true;
                        }
                        at.truncate(len);
                    }
                }
                Children::Seq(items) => {
                    for (i, child) in items.iter().enumerate() {
                        pointer_push(at, &i.to_string());
                        if walk(child, target, at) {
                            return true;
                        }
                        at.truncate(len);
                    }
                }
                Children::None => {}
            }
            false
        }
        let mut at = String::new();
        walk(&self.map, target, &mut at);
        at
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(text: &str) -> GhaFile {
        parse(&SourceFile::new(".github/workflows/t.yml", text), GhaKind::Workflow).expect("parses")
    }

    #[test]
    fn classifies_paths() {
        assert_eq!(kind_of(".github/workflows/ci.yml"), Some(GhaKind::Workflow));
        assert_eq!(kind_of("x/.github/workflows/ci.yaml"), Some(GhaKind::Workflow));
        assert_eq!(kind_of("actions/setup/action.yml"), Some(GhaKind::Action));
        assert_eq!(kind_of(".github/dependabot.yml"), Some(GhaKind::Dependabot));
        assert_eq!(kind_of(".github/workflows/README.md"), None);
        assert_eq!(kind_of("kubernetes/base/deployment.yaml"), None);
        assert_eq!(kind_of("dependabot.yml"), None);
    }

    #[test]
    fn expressions_in_block_scalars_have_their_own_position() {
        let text = "on: push\njobs:\n  a:\n    steps:\n      - run: |\n          echo hi\n            echo \"${{ github.head_ref }}\"\n";
        let w = parsed(text);
        let step = w.steps()[0];
        let exprs = step.run().expect("run").expressions();
        assert_eq!(exprs.len(), 1);
        assert_eq!(exprs[0].inner, "github.head_ref");
        let lc = w.file.line_col(exprs[0].span.start);
        assert_eq!((lc.line, lc.column), (7, 19));
        assert_eq!(w.triggers()[0].name, "push");
    }

    #[test]
    fn uses_refs_and_comments() {
        let w = parsed(
            "on: [push]\njobs:\n  a:\n    steps:\n      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2\n      - uses: ./local\n  b:\n    uses: org/repo/.github/workflows/x.yml@main\n",
        );
        let uses = w.uses();
        assert_eq!(uses.len(), 3);
        assert!(uses[0].is_sha_pinned());
        assert_eq!(uses[0].comment, Some("v4.2.2"));
        assert_eq!(uses[1].kind, UsesKind::Local);
        assert_eq!(uses[2].kind, UsesKind::ReusableWorkflow);
        assert_eq!(uses[2].reference, Some("main"));
        assert_eq!(w.file.line_col(uses[2].ref_span.start).column, 44);
    }

    #[test]
    fn odd_shapes_do_not_crash_the_rules() {
        let registry = crate::rules::Registry::new(crate::rules::Selection::default());
        for text in [
            "on: 7\njobs: [a, b]\n",
            "on: {push: 1}\njobs:\n  a: 1\n  b:\n    steps: run\n  c:\n    steps:\n      - uses: 3\n      - uses: \"@\"\n      - run: [x]\n      - run: \"${{ unterminated\"\n",
            "jobs:\n  a:\n    runs-on: {group: x, labels: [self-hosted]}\n    steps:\n      - uses: /\n        with: 5\n",
            "- a\n- b\n",
            "",
        ] {
            let file = SourceFile::new(".github/workflows/x.yml", text);
            let _ = crate::rules::gha::check_file(&file, GhaKind::Workflow, &registry);
            let _ = crate::rules::gha::check_file(&file, GhaKind::Action, &registry);
            let _ = crate::rules::gha::check_file(&file, GhaKind::Dependabot, &registry);
        }
    }

    #[test]
    fn find_expressions_skips_quoted_braces() {
        let e = find_expressions("a ${{ format('}}', x) }} b ${{ y }}");
        assert_eq!(e.iter().map(|x| x.2).collect::<Vec<_>>(), ["format('}}', x)", "y"]);
    }
}
