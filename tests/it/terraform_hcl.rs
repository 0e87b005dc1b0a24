//! Terraform from `.tf` sources alone (no plan): values evaluated from variables, tfvars, locals,
//! local modules, count/for_each/dynamic; findings at the attribute; "needs input" when a value
//! is unknown; the same rules as for plans, whose findings cover the HCL ones.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use ndlint::finding::Finding;
use ndlint::rules::terraform::lint_plan;
use ndlint::rules::terraform::lint_root;
use ndlint::source::SourceFile;

use crate::common::{registry, repo};

/// `rule file:line address`, as users read a finding.
fn position(f: &Finding) -> String {
    let lc = f.file.line_col(f.span.start);
    format!("{} {}:{} {}", f.rule, f.file.path, lc.line, f.address.as_deref().unwrap_or("-"))
}

fn lint_sources(dir: &str, select: &[&str]) -> Vec<Finding> {
    let mut f = lint_root(&repo().join(dir), &repo(), &[], &registry(select));
    f.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    f
}

#[test]
fn hcl_findings_land_on_the_evaluated_attribute() {
    let findings = lint_sources("fixtures/terraform/hcl/root", &["tf-"]);
    let want = fs::read_to_string(repo().join("fixtures/terraform/hcl/root/expected.txt")).unwrap();
    let mut failures = Vec::new();
    let mut expected = BTreeSet::new();
    for l in want.lines().filter(|l| !l.trim().is_empty()) {
        let (pos, text) = l.split_once(" | ").unwrap_or((l, ""));
        expected.insert(pos.to_string());
        if let Some(f) = findings.iter().find(|f| position(f) == pos) {
            let line = f.file.line_text(f.file.line_col(f.span.start).line);
            if !line.contains(text.trim()) {
                failures.push(format!("{pos}: line is `{line}`, expected `{text}`"));
            }
        }
    }
    let got: BTreeSet<String> = findings.iter().map(position).collect();
    for m in expected.difference(&got) {
        failures.push(format!("missing: {m}"));
    }
    for x in got.difference(&expected) {
        failures.push(format!("unexpected: {x}"));
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn values_from_tfvars_and_module_arguments_are_used_and_linked() {
    let findings = lint_sources(
        "fixtures/terraform/hcl/root",
        &["tf-aws-s3-public-acl", "tf-aws-rds-storage-unencrypted"],
    );
    // `acl = var.acl` in the module, set by the caller from `public.auto.tfvars`.
    let acl = findings.iter().find(|f| &*f.rule == "tf-aws-s3-public-acl").expect("public ACL found");
    assert_eq!(acl.address.as_deref(), Some("module.logs.aws_s3_bucket.this"));
    assert_eq!(acl.file.path, "fixtures/terraform/hcl/modules/bucket/main.tf");
    let related: Vec<String> = acl
        .related
        .iter()
        .map(|r| format!("{}:{}", r.file.path, r.file.line_col(r.span.start).line))
        .collect();
    assert!(related.contains(&"fixtures/terraform/hcl/root/main.tf:61".to_string()), "{related:?}");
    // `storage_encrypted = var.encrypt_storage`: true by default, false in terraform.tfvars.
    let db =
        findings.iter().find(|f| &*f.rule == "tf-aws-rds-storage-unencrypted").expect("tfvars value used");
    assert_eq!(db.address.as_deref(), Some("aws_db_instance.db[0]"));
}

#[test]
fn unknown_values_need_input_and_never_fail() {
    let findings = lint_sources("fixtures/terraform/hcl/root", &["tf-aws-kms-rotation-disabled"]);
    let shown: Vec<String> =
        findings.iter().map(|f| format!("{} {:?} {}", position(f), f.severity, f.message)).collect();
    assert_eq!(findings.len(), 1, "{shown:?}");
    let f = &findings[0];
    assert_eq!(&*f.rule, "tf-needs-input");
    assert_eq!(f.severity, ndlint::finding::Severity::Info);
    assert!(
        f.message.contains("tf-aws-kms-rotation-disabled") && f.message.contains("var.rotate_keys"),
        "{}",
        f.message
    );
    assert_eq!(
        f.file.line_text(f.file.line_col(f.span.start).line).trim(),
        "enable_key_rotation = var.rotate_keys"
    );
}

/// The HCL findings of a configuration that has a plan are among the plan's (same rule, line and
/// address), or "needs input".
fn hcl_within_plan(dir: &str, plan: &str) {
    let text = fs::read_to_string(repo().join(plan)).unwrap();
    let plan_findings: BTreeSet<String> =
        lint_plan(&SourceFile::new(plan, text), &repo(), None, &registry(&["tf-"]))
            .iter()
            .map(position)
            .collect();
    let hcl = lint_sources(dir, &["tf-"]);
    assert!(!hcl.is_empty(), "{dir}: nothing found from the sources");
    let extra: Vec<String> = hcl
        .iter()
        .filter(|f| &*f.rule != "tf-needs-input")
        .map(position)
        .filter(|p| !plan_findings.contains(p))
        .collect();
    assert!(extra.is_empty(), "{dir}: HCL findings the plan does not have:\n{}", extra.join("\n"));
}

#[test]
fn hcl_findings_are_a_subset_of_the_plan_findings() {
    hcl_within_plan("fixtures/terraform/cis", "fixtures/terraform/cis/plan.json");
    hcl_within_plan("fixtures/terraform/modules/live/prod", "fixtures/terraform/modules/live/prod/plan.json");
}

#[test]
fn root_modules_exclude_called_modules() {
    let dirs: Vec<_> = ["fixtures/terraform/hcl/root", "fixtures/terraform/hcl/modules/bucket"]
        .iter()
        .map(|d| repo().join(d))
        .collect();
    let roots = ndlint::parse::tfhcl::root_modules(&dirs);
    assert_eq!(roots, vec![repo().join("fixtures/terraform/hcl/root")]);
    assert!(Path::new(&repo().join("fixtures/terraform/hcl/modules/bucket/main.tf")).is_file());
}

#[test]
fn every_hcl_rule_fixture_fires_where_expected() {
    let dir = repo().join("fixtures/terraform/rules");
    let mut failures = Vec::new();
    let mut seen = 0;
    for entry in fs::read_dir(&dir).unwrap() {
        let id = entry.unwrap().file_name().to_string_lossy().to_string();
        assert!(ndlint::rules::terraform::metas().any(|m| m.id == id), "{id}: fixture for an unknown rule");
        seen += 1;
        let bad = lint_sources(&format!("fixtures/terraform/rules/{id}/bad"), &[&id]);
        let ok = lint_sources(&format!("fixtures/terraform/rules/{id}/ok"), &[&id]);
        let want = fs::read_to_string(dir.join(&id).join("expected.txt")).unwrap();
        let mut want: Vec<(usize, &str)> = want
            .lines()
            .filter_map(|l| {
                let (n, t) = l.split_once(" | ")?;
                Some((n.parse().ok()?, t.trim()))
            })
            .collect();
        want.sort();
        let mut got: Vec<(usize, String)> = bad
            .iter()
            .map(|f| {
                let line = f.file.line_col(f.span.start).line;
                (line, f.file.line_text(line).trim().to_string())
            })
            .collect();
        got.sort();
        let got_ref: Vec<(usize, &str)> = got.iter().map(|(n, t)| (*n, t.as_str())).collect();
        if got_ref != want || bad.iter().any(|f| *f.rule != *id) {
            failures.push(format!("{id}: BAD fired at {got_ref:?}, expected {want:?}"));
        }
        if let Some(f) = ok.first() {
            failures.push(format!("{id}: OK fixture fired: {}", f.message));
        }
    }
    assert!(seen >= 16, "only {seen} HCL rule fixtures");
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn findings_in_vendored_modules_are_shown_at_the_call() {
    let findings = lint_sources("fixtures/terraform/hcl/vendored", &["tf-aws-vpc-flow-logs-missing"]);
    assert_eq!(findings.len(), 1, "{:?}", findings.iter().map(position).collect::<Vec<_>>());
    let f = &findings[0];
    assert_eq!(f.address.as_deref(), Some("module.net.aws_vpc.this"));
    assert_eq!(f.file.path, "fixtures/terraform/hcl/vendored/main.tf");
    assert_eq!(f.file.line_text(f.file.line_col(f.span.start).line), "module \"net\" {");
    assert!(f.approximate && f.message.contains("vendored under `.terraform/`"), "{}", f.message);
    assert!(f.related.iter().all(|r| !r.file.path.contains(".terraform")));
}

#[test]
fn platform_sources_lint_clean_without_plans() {
    for env in ["dev", "staging", "prod"] {
        let dir = format!("terraform/environments/{env}");
        let findings = lint_sources(&dir, &[]);
        let shown: Vec<String> = findings.iter().map(|f| format!("{}  {}", position(f), f.message)).collect();
        assert!(findings.is_empty(), "{dir}:\n{}", shown.join("\n"));
        // The modules were evaluated: the resources are there.
        let sources =
            ndlint::parse::hcl::TfSources::load(&repo().join(&dir), &repo(), &serde_json::Value::Null);
        let model = ndlint::parse::tfhcl::evaluate(&sources, &repo().join(&dir), &repo(), &[]).unwrap();
        assert!(model.documents.len() > 30, "{dir}: only {} resources evaluated", model.documents.len());
    }
}
