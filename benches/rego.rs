//! Rego throughput: the conftest worked-example policies (and then the embedded platform pack on
//! top) over 10,000 generated Kubernetes documents, one evaluator (documents/second on one
//! core) and one evaluator per rayon worker.
//!
//! Run: `cargo bench --bench rego` (release) or `cargo bench --profile dev --bench rego` (quick).

use std::path::PathBuf;
use std::time::Instant;

use ndlint::rego::{Policies, RegoOptions};
use ndlint::source::SourceFile;
use rayon::prelude::*;

const DOCS: usize = 10_000;

fn generate() -> String {
    let mut s = String::new();
    for i in 0..DOCS {
        match i % 3 {
            0 => s.push_str(&format!(
                "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app-{i}\n  namespace: ns-{}\n  labels:\n    app.kubernetes.io/name: app-{i}\n    team: core\nspec:\n  replicas: {}\n  template:\n    spec:\n      securityContext:\n        runAsNonRoot: true\n      containers:\n        - name: app\n          image: ghcr.io/normaldance/app:{}\n        - name: proxy\n          image: nginx:latest\n---\n",
                i % 20,
                i % 4,
                i % 7
            )),
            1 => s.push_str(&format!(
                "apiVersion: v1\nkind: Service\nmetadata:\n  name: svc-{i}\n  namespace: ns-{}\nspec:\n  type: {}\n  ports:\n    - port: 80\n---\n",
                i % 20,
                if i % 2 == 0 { "NodePort" } else { "ClusterIP" }
            )),
            _ => s.push_str(&format!(
                "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-{i}\n  namespace: ns-{}\ndata:\n  key: value-{i}\n---\n",
                i % 20
            )),
        }
    }
    s
}

fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let file = SourceFile::new("bench.yaml", generate());
    let docs = ndlint::parse::kubernetes_documents(&file).documents;
    assert_eq!(docs.len(), DOCS);
    let mut sets = vec![
        (
            "conftest example (5 rules, 2 packages)".to_string(),
            false,
            root.join("fixtures/rego/conftest/policy"),
        ),
        ("+ embedded platform pack".to_string(), true, root.join("fixtures/rego/conftest/policy")),
    ];
    // `NDLINT_BENCH_POLICY=path` measures that policy dir or file alone (with the pack's data).
    if let Ok(p) = std::env::var("NDLINT_BENCH_POLICY") {
        sets = vec![(p.clone(), false, PathBuf::from(p))];
    }
    for (label, embedded, dir) in sets {
        let opts = RegoOptions {
            dirs: vec![dir],
            data: vec![root.join("fixtures/rego/conftest/data"), root.join("policies/data")],
            all_namespaces: true,
            include_embedded: embedded,
            ..Default::default()
        };
        let t = Instant::now();
        let policies = Policies::load(&opts).expect("policies load");
        let load = t.elapsed();

        let t = Instant::now();
        let mut ev = policies.evaluator();
        let mut out = Vec::new();
        for d in &docs {
            ev.check(d, &mut out);
        }
        let seq = t.elapsed();

        let t = Instant::now();
        let par: usize = docs
            .par_iter()
            .map_init(
                || policies.evaluator(),
                |ev, d| {
                    let mut o = Vec::new();
                    ev.check(d, &mut o);
                    o.len()
                },
            )
            .sum();
        let par_time = t.elapsed();
        assert_eq!(par, out.len());
        println!(
            "{label}: load {:.1} ms; 1 thread: {:.0} docs/s ({:.1} µs/doc, {} findings); {} threads: {:.0} docs/s",
            load.as_secs_f64() * 1e3,
            DOCS as f64 / seq.as_secs_f64(),
            seq.as_secs_f64() * 1e6 / DOCS as f64,
            out.len(),
            rayon::current_num_threads(),
            DOCS as f64 / par_time.as_secs_f64(),
        );
    }
}
