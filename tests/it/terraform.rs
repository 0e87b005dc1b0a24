//! Terraform plans: findings land on the `.tf` line, carry the plan address, and never leak secrets.

use std::path::Path;
use std::sync::Arc;

use ndlint::finding::Finding;
use ndlint::parse::tfplan::{is_plan, lint_plan};
use ndlint::source::SourceFile;

use crate::common::{registry, repo};

/// Lints a plan under the repository with the given rules selected (all when empty).
fn lint(rel: &str, select: &[&str]) -> Vec<Finding> {
    let text = std::fs::read_to_string(repo().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    assert!(is_plan(&text), "{rel} is not recognised as a plan");
    let file = SourceFile::new(rel, text);
    let mut f = lint_plan(&file, &repo(), None, &registry(select));
    f.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    f
}

/// `rule file:line address | line text`, as users read a finding.
fn describe(f: &Finding) -> String {
    let lc = f.file.line_col(f.span.start);
    let line = f.file.line_text(lc.line).trim().to_string();
    let line: String = line.chars().take(60).collect();
    format!("{} {}:{} {} | {}", f.rule, f.file.path, lc.line, f.address.as_deref().unwrap_or("-"), line)
}

#[test]
fn dump_cis() {
    for f in lint("fixtures/terraform/cis/plan.json", &["tf-"]) {
        println!("{}   # {}{}", describe(&f), f.message, if f.approximate { " (approx)" } else { "" });
    }
}

#[allow(dead_code)]
fn _unused(_: &Path, _: Arc<()>) {}

#[test]
fn dump_modules() {
    for f in lint("fixtures/terraform/modules/live/prod/plan.json", &["tf-"]) {
        println!("{}   # {}{}", describe(&f), f.message, if f.approximate { " (approx)" } else { "" });
    }
}
