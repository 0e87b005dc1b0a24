//! Benchmark: lint a 5,000-resource Terraform plan on one core.
//!
//! `cargo bench --bench tfplan` builds two synthetic plans in memory by replicating real ones
//! (each copy gets its own instance key, so addresses stay unique and still map to `.tf` blocks):
//! - the platform's `terraform/environments/prod/plan.json` (clean: no findings);
//! - the CIS fixture plan (about 0.9 findings per resource, all relocated and scrubbed).
//!
//! It reports the best and median wall time of `lint_plan` (parse, source mapping, all rules,
//! relocation, scrubbing) over several runs. `lint_plan` is single-threaded.
//!
//! Measured 2026-11-26 (release, pinned to one core with `taskset -c 1`, on a shared 2-core machine
//! under load ~4): clean 5,000-resource plan best 75 ms / median 82 ms; 5,000 resources with 4,346
//! findings best 162 ms / median 166 ms.

use std::path::Path;
use std::time::{Duration, Instant};

use ndlint::rules::terraform::lint_plan;
use ndlint::rules::{Registry, Selection};
use ndlint::source::SourceFile;
use serde_json::Value;

const RESOURCES: usize = 5_000;
const RUNS: usize = 7;

fn replicate(text: &str, n: usize) -> String {
    let mut plan: Value = serde_json::from_str(text).expect("valid plan");
    let changes = plan["resource_changes"].as_array().cloned().unwrap_or_default();
    let mut out = Vec::with_capacity(n);
    let mut copy = 0;
    while out.len() < n {
        for rc in &changes {
            if out.len() == n {
                break;
            }
            let mut rc = rc.clone();
            let addr = rc["address"].as_str().unwrap_or("").to_string();
            rc["address"] = Value::String(format!("{addr}[{copy}]"));
            out.push(rc);
        }
        copy += 1;
    }
    plan["resource_changes"] = Value::Array(out);
    serde_json::to_string(&plan).expect("serialises")
}

fn measure(name: &str, rel: &str, source: &str) {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(repo.join(source)).expect("plan readable");
    let big = replicate(&text, RESOURCES);
    let registry = Registry::new(Selection::default());
    let mut times: Vec<Duration> = Vec::new();
    let mut findings = 0;
    for _ in 0..RUNS {
        let file = SourceFile::new(rel, big.clone());
        let start = Instant::now();
        let f = lint_plan(&file, repo, None, &registry);
        times.push(start.elapsed());
        findings = f.len();
    }
    times.sort();
    println!(
        "{name}: {RESOURCES} resources, {:.1} MiB, {findings} findings: best {:.1} ms, median {:.1} ms",
        big.len() as f64 / (1 << 20) as f64,
        times[0].as_secs_f64() * 1e3,
        times[RUNS / 2].as_secs_f64() * 1e3
    );
}

fn main() {
    measure(
        "platform prod plan x N",
        "terraform/environments/prod/bench-plan.json",
        "terraform/environments/prod/plan.json",
    );
    measure(
        "CIS fixture plan x N",
        "fixtures/terraform/cis/bench-plan.json",
        "fixtures/terraform/cis/plan.json",
    );
}
