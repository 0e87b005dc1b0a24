//! The lint pipeline for one file: parse into documents, run the per-document rules.

use std::sync::Arc;

use crate::document::Document;
use crate::finding::Finding;
use crate::parse;
use crate::rules::Registry;
use crate::rules::k8s::objects;
use crate::source::SourceFile;

/// Parses a YAML/JSON file and runs every per-document rule on its Kubernetes documents (or the
/// `gha-` rules on a GitHub workflow, action or Dependabot config).
/// Returns the documents (for cross-document rules) and the findings, parse errors included.
pub fn lint_file(file: &Arc<SourceFile>, registry: &Registry) -> (Vec<Document>, Vec<Finding>) {
    if let Some(kind) = parse::workflow::kind_of(&file.path) {
        return (Vec::new(), crate::rules::gha::check_file(file, kind, registry));
    }
    let parsed = parse::kubernetes_documents(file);
    let mut findings = parsed.findings;
    for doc in &parsed.documents {
        let start = findings.len();
        registry.check(doc, &mut findings);
        for f in &mut findings[start..] {
            f.document.get_or_insert_with(|| doc.doc_ref());
        }
    }
    (parsed.documents, findings)
}

/// Lints YAML text as if it were the file `path`, including cross-document rules. For tests and
/// embedding; the CLI goes through the parallel walker instead.
pub fn lint_text(path: &str, text: &str, registry: &Registry) -> Vec<Finding> {
    let file = SourceFile::new(path, text);
    let (docs, mut findings) = lint_file(&file, registry);
    // As in a run: the cross-document rules see the fields they read, not whole documents.
    let docs: Vec<Document> = docs.iter().map(|d| d.project(&objects::cross_fields(d))).collect();
    registry.check_all(&docs, &mut findings);
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    findings
}
