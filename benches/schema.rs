//! Schema validation cost: loading a version, compiling validators on first use, and validating
//! documents once warm. `cargo bench --bench schema` (release profile; debug figures mislead).
//!
//! Measured 2026-11-26 (release, Kubernetes 1.37, 2 shared cores under load from other builds):
//! load 10.8 ms; first pass compiling 8 validators 5.5 ms; valid documents 1.07 µs each
//! (~930,000/s); documents with errors (5 findings per 2 documents, messages and suggestions
//! included) 13.8 µs each (~72,000/s).

use std::time::{Duration, Instant};

use ndlint::document::Document;
use ndlint::parse::kubernetes_documents;
use ndlint::schema::SchemaValidator;
use ndlint::source::SourceFile;

fn docs(rel: &str) -> Vec<Document> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures").join(rel);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    kubernetes_documents(&SourceFile::new(rel, text)).documents
}

fn per_doc(total: Duration, docs: usize) -> String {
    let us = total.as_secs_f64() * 1e6 / docs as f64;
    format!("{us:.2} µs/document ({:.0} documents/s)", 1e6 / us)
}

fn main() {
    let version = SchemaValidator::default_version();
    let t = Instant::now();
    let schemas = SchemaValidator::new(version).expect("embedded version loads");
    println!("load {version} (gunzip + parse + registry, {} kinds): {:?}", schemas.kind_count(), t.elapsed());

    let valid = docs("schema/valid.yaml");
    let invalid = docs("schema/errors.yaml");
    let t = Instant::now();
    let mut out = Vec::new();
    for d in &valid {
        schemas.check(d, &mut out);
    }
    println!("first pass over {} kinds (compiles each validator): {:?}", valid.len(), t.elapsed());

    for (name, set) in [("valid documents", &valid), ("documents with errors", &invalid)] {
        let rounds = 20_000 / set.len().max(1);
        let mut findings = 0;
        let t = Instant::now();
        for _ in 0..rounds {
            for d in set.iter() {
                let mut out = Vec::new();
                schemas.check(d, &mut out);
                findings += out.len();
            }
        }
        let elapsed = t.elapsed();
        println!(
            "{name}: {} over {} validations, {findings} findings",
            per_doc(elapsed, rounds * set.len()),
            rounds * set.len()
        );
    }
}
