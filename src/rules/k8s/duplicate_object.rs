//! `k8s-duplicate-object`: the same object is defined twice in the run.

use std::collections::HashMap;

use crate::document::Document;
use crate::finding::Severity;
use crate::finding::{Finding, Related};
use crate::rules::Sink;
use crate::rules::{Rule, RuleMeta};

pub struct DuplicateObject;

pub static META: RuleMeta = RuleMeta {
    id: "k8s-duplicate-object",
    summary: "The same object is defined twice in the run",
    severity: Severity::High,
    help: "keep one definition of the object; merge the two or rename one",
    docs: r##"**What**: two documents with the same API group, kind, namespace and name in the same
directory (one `kubectl apply -f <dir>` unit), or rendered from the same Helm values variant. The
later one is reported and the finding links to the first. Copies in different directories are
not reported: GitOps repositories keep one directory per cluster or environment
(`clusters/staging/`, `clusters/prod/`) with the same objects in each.

**Why**: when applied, the later definition silently replaces the earlier one (or the GitOps
tool reports a conflict and stops syncing); reviewers read one definition while the cluster
runs the other.

**Fix**: delete or rename one of them.

```yaml
metadata:
  name: checkout-canary   # was: checkout
```

**References**: Kubernetes documentation, "Object Names and IDs"."##,
    references: &["Kubernetes documentation: Object Names and IDs"],
    tags: &["correctness", "cross-object"],
    default_enabled: true,
};

impl Rule for DuplicateObject {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_all(&self, docs: &[Document], out: &mut Vec<Finding>) {
        type Key<'a> = (&'a str, &'a str, &'a str, &'a str, Option<&'a str>, &'a str);
        let mut seen: HashMap<Key<'_>, &Document> = HashMap::new();
        for doc in docs {
            let Some(object) = &doc.object else { continue };
            let Some(name) = object.name.as_deref() else { continue };
            let group = object.api_version.rsplit_once('/').map_or("", |(g, _)| g);
            let key =
                (scope(doc), variant(doc), group, object.kind.as_str(), object.namespace.as_deref(), name);
            match seen.get(&key) {
                None => {
                    seen.insert(key, doc);
                }
                Some(first) => {
                    let head = first.head_span();
                    let at = first.file.line_col(head.start);
                    let msg = format!(
                        "{} is defined twice; the first definition is at {}:{}:{}",
                        object.display(),
                        first.file.path,
                        at.line,
                        at.column
                    );
                    let mut sink = Sink::new(doc, &META, out);
                    let finding = sink.report("/metadata/name", msg);
                    finding.related.push(Related {
                        file: first.file.clone(),
                        span: head,
                        message: "first definition".into(),
                    });
                }
            }
        }
    }
}

/// The directory of the document's file: the unit that is applied together.
fn scope(doc: &Document) -> &str {
    doc.file.path.rsplit_once('/').map_or("", |(dir, _)| dir)
}

/// The rendering variant of a document (`(values: prod)` of a Helm origin), so that one chart
/// rendered with several values files is not reported as duplicates.
fn variant(doc: &Document) -> &str {
    doc.origin.as_ref().and_then(|o| o.description.rfind(" (").map(|i| &o.description[i..])).unwrap_or("")
}
