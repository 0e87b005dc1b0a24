//! Rego policies: conftest semantics, locations, broken policies, the embedded pack, `ndlint test`.

use std::path::PathBuf;
use std::time::Duration;

use ndlint::document::Document;
use ndlint::finding::{Finding, Severity};
use ndlint::rego::{Policies, RegoOptions};
use ndlint::source::SourceFile;

use crate::common::{fixture, repo};

fn documents(path: &PathBuf) -> Vec<Document> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let rel = path.strip_prefix(repo()).unwrap_or(path).to_string_lossy().replace('\\', "/");
    let file = SourceFile::new(rel, text);
    let parsed = ndlint::parse::kubernetes_documents(&file);
    assert!(parsed.findings.is_empty(), "{:?}", parsed.findings);
    parsed.documents
}

fn run(policies: &Policies, docs: &[Document]) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut ev = policies.evaluator();
    for d in docs {
        ev.check(d, &mut out);
    }
    policies.check_all(docs, &mut out);
    out.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    out
}

/// `line:column rule severity [suppressed] message` as users see it.
fn describe(findings: &[Finding]) -> Vec<String> {
    findings
        .iter()
        .map(|f| {
            let lc = f.file.line_col(f.span.start);
            let sup = if f.suppressed.is_some() { " (excepted)" } else { "" };
            rel(&format!(
                "{}:{}:{} {} {}{sup} {}",
                f.file.path, lc.line, lc.column, f.rule, f.severity, f.message
            ))
        })
        .collect()
}

/// Drops the repository prefix from absolute fixture paths in a text.
fn rel(s: &str) -> String {
    s.replace(&format!("{}/", repo().display()), "")
}

fn conftest_opts(all: bool, namespaces: &[&str]) -> RegoOptions {
    RegoOptions {
        dirs: vec![fixture("rego/conftest/policy")],
        data: vec![fixture("rego/conftest/data")],
        namespaces: namespaces.iter().map(|s| s.to_string()).collect(),
        all_namespaces: all,
        include_embedded: false,
        ..Default::default()
    }
}

#[test]
fn conftest_worked_example_matches_conftest() {
    let policies = Policies::load(&conftest_opts(false, &["main"])).unwrap();
    let docs = documents(&fixture("rego/conftest/manifests.yaml"));
    let got = describe(&run(&policies, &docs));
    let f = "fixtures/rego/conftest/manifests.yaml";
    assert_eq!(
        got,
        vec![
            // `_loc` says line 1 of manifests.yaml: honoured, as conftest does.
            format!("{f}:1:1 main/deny high Deployment web must not run as root"),
            format!("{f}:1:1 main/deny_latest_tag high container app uses a :latest image"),
            format!("{f}:1:1 main/deny_latest_tag high (excepted) container app uses a :latest image"),
            // `path: /spec/replicas` lands on the value.
            format!("{f}:6:13 main/violation high Deployment web has 1 replicas (< 2)"),
            // Without a path: the object's first line.
            format!("{f}:29:1 main/warn medium Service edge uses NodePort"),
        ]
    );
    let excepted: Vec<_> = run(&policies, &docs).into_iter().filter_map(|f| f.suppressed).collect();
    assert_eq!(excepted.len(), 1);
    assert_eq!(excepted[0].kind, "exception");
    assert_eq!(excepted[0].reason, "data.main.exception[_][_] == \"latest_tag\"");
}

#[test]
fn namespaces_select_packages() {
    let docs = documents(&fixture("rego/conftest/manifests.yaml"));
    let all = Policies::load(&conftest_opts(true, &[])).unwrap();
    let warnings: Vec<_> =
        run(&all, &docs).into_iter().filter(|f| f.rule.as_ref() == "k8s.labels/warn_missing_team").collect();
    assert_eq!(warnings.len(), 2, "web and edge have no team label");
    assert!(warnings.iter().all(|f| f.severity == Severity::Medium));

    let k8s = Policies::load(&conftest_opts(false, &["k8s.*"])).unwrap();
    assert_eq!(k8s.packages(), vec!["data.k8s.labels"]);
    assert_eq!(run(&k8s, &docs).len(), 2);

    let unknown = Policies::load(&conftest_opts(false, &["nothing"])).unwrap();
    assert!(run(&unknown, &docs).is_empty());
}

#[test]
fn rule_infos_come_from_metadata() {
    let policies = Policies::load(&conftest_opts(false, &["main"])).unwrap();
    let infos = policies.rule_infos();
    let deny = infos.iter().find(|i| i.id == "main/deny").unwrap();
    assert_eq!(deny.summary, "Deployments must not run as root");
    assert_eq!(deny.help, "Set spec.template.spec.securityContext.runAsNonRoot to true.");
    assert!(infos.iter().any(|i| i.id == "main/warn" && i.severity == Severity::Medium));
    assert!(infos.iter().any(|i| i.id == "policy-error"));

    let pack = Policies::load(&RegoOptions::default()).unwrap();
    let ids: Vec<_> = pack.rule_infos().into_iter().map(|i| (i.id, i.severity)).collect();
    for id in [
        "k8s-platform-required-labels",
        "k8s-platform-allowed-registries",
        "k8s-platform-ingress-tls",
        "k8s-platform-ingress-class",
        "k8s-platform-service-exposure",
        "k8s-platform-namespace-guardrails",
        "tf-platform-required-tags",
    ] {
        assert!(ids.iter().any(|(i, _)| i == id), "{id} missing from {ids:?}");
    }
}

#[test]
fn path_findings_land_on_exact_positions() {
    let opts = RegoOptions {
        dirs: vec![fixture("rego/locations/policy.rego")],
        include_embedded: false,
        ..Default::default()
    };
    let policies = Policies::load(&opts).unwrap();
    let docs = documents(&fixture("rego/locations/manifests.yaml"));
    let findings = run(&policies, &docs);
    let f = "fixtures/rego/locations/manifests.yaml";
    assert_eq!(
        describe(&findings),
        vec![
            format!("{f}:2:1 main/warn medium object-level message"),
            format!("{f}:14:13 main/deny high replicas must be at least 2"),
            // A missing field: the nearest ancestor (the container's `- name:` entry).
            format!("{f}:18:11 main/warn medium no resource limits"),
            format!(
                "{f}:19:18 main/deny high container app image ghcr.io/normaldance/api:1.0 is not pinned by digest"
            ),
        ]
    );
    let limits = findings.iter().find(|f| f.message == "no resource limits").unwrap();
    assert!(limits.approximate);
    assert_eq!(limits.pointer.as_deref(), Some("/spec/template/spec/containers/0/resources/limits"));
    let replicas = findings.iter().find(|f| f.message.starts_with("replicas")).unwrap();
    assert!(!replicas.approximate);
    assert_eq!(replicas.object.as_ref().unwrap().name.as_deref(), Some("api"));
}

#[test]
fn a_panicking_policy_is_a_policy_error_and_other_rules_still_run() {
    let opts = RegoOptions {
        dirs: vec![fixture("rego/broken/panic")],
        include_embedded: false,
        ..Default::default()
    };
    let policies = Policies::load(&opts).unwrap();
    let docs = documents(&fixture("rego/broken/doc.yaml"));
    let got = describe(&run(&policies, &docs));
    assert_eq!(got.len(), 2, "{got:#?}");
    assert!(got[0].starts_with("fixtures/rego/broken/panic/panic.rego:3:1 policy-error high data.main.deny failed on fixtures/rego/broken/doc.yaml:1 (Deployment web): the Rego engine crashed"), "{got:#?}");
    assert_eq!(
        got[1],
        "fixtures/rego/broken/doc.yaml:1:1 main/deny_replicas high Deployment must have replicas"
    );
}

#[test]
fn a_looping_policy_hits_the_time_limit_and_other_rules_still_run() {
    let opts = RegoOptions {
        dirs: vec![fixture("rego/broken/loop")],
        include_embedded: false,
        time_limit: Duration::from_millis(100),
        ..Default::default()
    };
    let policies = Policies::load(&opts).unwrap();
    let docs = documents(&fixture("rego/broken/doc.yaml"));
    let got = describe(&run(&policies, &docs));
    assert_eq!(got.len(), 2, "{got:#?}");
    assert!(
        got[0].starts_with("fixtures/rego/broken/loop/loop.rego:4:1 policy-error high data.main.deny failed"),
        "{got:#?}"
    );
    assert!(got[0].contains("time limit"), "{got:#?}");
    assert_eq!(got[1], "fixtures/rego/broken/doc.yaml:1:1 main/warn medium fast warning");
}

#[test]
fn a_policy_calling_an_opa_builtin_regorus_lacks_is_a_finding_and_the_rest_runs() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(fixture("rego/broken/missing/jwt.rego"), dir.path().join("jwt.rego")).unwrap();
    std::fs::write(dir.path().join("ok.rego"), "package main\n\nwarn contains \"still checked\" if true\n")
        .unwrap();
    let opts = RegoOptions { dirs: vec![dir.path().into()], include_embedded: false, ..Default::default() };
    let policies = Policies::load(&opts).unwrap();
    let got: Vec<String> = describe(policies.load_findings())
        .into_iter()
        .map(|l| l.replace(&format!("{}/", dir.path().display()), ""))
        .collect();
    assert_eq!(
        got,
        vec![
            "jwt.rego:4:21 policy-error high calls builtin `io.jwt.decode`, which regorus (ndlint's Rego engine) does not provide: this policy file is not checked"
        ]
    );
    let file = SourceFile::new("p.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n");
    let docs = ndlint::parse::kubernetes_documents(&file).documents;
    assert_eq!(describe(&run(&policies, &docs)), vec!["p.yaml:1:1 main/warn medium still checked"]);
}

#[test]
fn an_expression_line_followed_by_a_parenthesised_line_is_two_expressions() {
    // As in gatekeeper-library's horizontalpodautoscaler template.
    let policies = inline_policy(
        "package main\n\nspread_ok(h) {\n  input.spec.minimumReplicaSpread\n  (h.spec.maxReplicas - h.spec.minReplicas) >= input.spec.minimumReplicaSpread\n}\n\ndeny[msg] {\n  not spread_ok(input)\n  msg := \"spread too small\"\n}\n",
    );
    let file = SourceFile::new(
        "h.yaml",
        "apiVersion: v1\nkind: HPA\nspec:\n  minimumReplicaSpread: 2\n  minReplicas: 1\n  maxReplicas: 2\n---\napiVersion: v1\nkind: HPA\nspec:\n  minimumReplicaSpread: 2\n  minReplicas: 1\n  maxReplicas: 5\n",
    );
    let docs = ndlint::parse::kubernetes_documents(&file).documents;
    assert_eq!(describe(&run(&policies, &docs)), vec!["h.yaml:1:1 main/deny high spread too small"]);
}

#[test]
fn a_negated_call_on_a_missing_field_is_undefined_as_in_opa() {
    // OPA binds `input.spec.missing` outside the negation: undefined, so no violation.
    let policies = inline_policy(
        "package main\n\nallowed(x) if x == \"a\"\n\ndeny contains \"not allowed\" if {\n  not allowed(input.spec.mode)\n}\n\nwarn contains \"one line\" if not allowed(input.spec.mode)\n",
    );
    let file = SourceFile::new(
        "m.yaml",
        "apiVersion: v1\nkind: A\nspec:\n  mode: b\n---\napiVersion: v1\nkind: B\nspec:\n  other: 1\n---\napiVersion: v1\nkind: C\nspec:\n  mode: a\n",
    );
    let docs = ndlint::parse::kubernetes_documents(&file).documents;
    assert_eq!(
        describe(&run(&policies, &docs)),
        vec!["m.yaml:1:1 main/deny high not allowed", "m.yaml:1:1 main/warn medium one line"]
    );
}

#[test]
fn result_objects_keep_their_extra_keys_as_metadata() {
    let policies = inline_policy(
        "package main\n\ndeny contains {\"msg\": \"bad\", \"details\": {\"min\": 2}, \"container\": \"app\", \"path\": \"/kind\"} if true\n",
    );
    let file = SourceFile::new("p.yaml", "apiVersion: v1\nkind: Pod\n");
    let docs = ndlint::parse::kubernetes_documents(&file).documents;
    let found = run(&policies, &docs);
    assert_eq!(describe(&found), vec!["p.yaml:2:7 main/deny high bad"]);
    assert_eq!(
        serde_json::Value::Object(*found[0].metadata.clone().unwrap()),
        serde_json::json!({"details": {"min": 2}, "container": "app"})
    );
}

#[test]
fn a_syntax_error_is_a_load_error_with_position() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("bad.rego"), "package main\n\ndeny contains msg if {\n  msg := \n")
        .unwrap();
    let opts = RegoOptions { dirs: vec![dir.path().into()], include_embedded: false, ..Default::default() };
    let err = Policies::load(&opts).unwrap_err();
    assert_eq!(err.problems.len(), 1);
    assert!(err.problems[0].file.ends_with("bad.rego"));
    assert!(err.problems[0].line >= 4, "{err}");
}

/// Loads one policy file with this text (without the embedded pack).
fn inline_policy(rego: &str) -> Policies {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("policy.rego"), rego).unwrap();
    let opts = RegoOptions { dirs: vec![dir.path().into()], include_embedded: false, ..Default::default() };
    Policies::load(&opts).unwrap()
}

#[test]
fn v0_policies_load_and_run() {
    let policies =
        inline_policy("package main\n\ndeny[msg] {\n  input.kind == \"Pod\"\n  msg := \"old style\"\n}\n");
    let file = SourceFile::new("p.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n");
    let docs = ndlint::parse::kubernetes_documents(&file).documents;
    assert_eq!(describe(&run(&policies, &docs)), vec!["p.yaml:1:1 main/deny high old style"]);
}

#[test]
fn conftest_file_data_is_set_per_document() {
    let policies = inline_policy(
        "package main\n\ndeny contains msg if {\n  msg := sprintf(\"in %s\", [data.conftest.file.name])\n}\n",
    );
    let file = SourceFile::new("deploy/app.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n");
    let docs = ndlint::parse::kubernetes_documents(&file).documents;
    assert_eq!(describe(&run(&policies, &docs)), vec!["deploy/app.yaml:1:1 main/deny high in app.yaml"]);
}

#[test]
fn embedded_pack_checks_platform_rules() {
    let policies = Policies::load(&RegoOptions::default()).unwrap();
    let docs = documents(&fixture("rego/pack/bad.yaml"));
    let got = describe(&run(&policies, &docs));
    insta::assert_snapshot!(got.join("\n"));
    let ok = documents(&fixture("rego/pack/ok.yaml"));
    assert_eq!(describe(&run(&policies, &ok)), Vec::<String>::new());
}

#[test]
fn embedded_pack_checks_terraform_plans() {
    let policies = Policies::load(&RegoOptions::default()).unwrap();
    let path = fixture("rego/pack/plan.json");
    let text = std::fs::read_to_string(&path).unwrap();
    let file = SourceFile::new("plan.json", text);
    let doc = ndlint::parse::yaml::parse_stream(&file).documents.remove(0).into_document(&file);
    let got = describe(&run(&policies, &[doc]));
    assert_eq!(
        got,
        vec![
            "plan.json:11:17 tf-platform-required-tags medium aws_s3_bucket.assets has no `cost-center` tag",
            "plan.json:11:17 tf-platform-required-tags medium aws_s3_bucket.assets has no `environment` tag",
        ]
    );
}

/// `opa test` output with the durations taken out.
fn without_durations(text: &str) -> Vec<String> {
    let re = regex::Regex::new(r" \([0-9.]+ms\)$").unwrap();
    text.lines().map(|l| re.replace(l, "").into_owned()).collect()
}

#[test]
fn rego_tests_pass_on_the_pack_and_fail_on_a_broken_test() {
    use ndlint::rego::test::{TestOptions, run_tests};
    let mut out = Vec::new();
    let ok = run_tests(&[repo().join("policies")], &TestOptions::default(), &mut out).unwrap();
    let text = rel(&String::from_utf8(out).unwrap());
    assert!(ok, "{text}");
    let lines = without_durations(&text);
    assert!(lines.contains(&"policies/labels_test.rego:".to_string()), "{text}");
    assert!(
        lines.contains(&"data.ndlint.platform.labels_test.test_missing_team_is_reported: PASS".to_string()),
        "{text}"
    );

    let mut out = Vec::new();
    let ok = run_tests(&[fixture("rego/conftest/policy")], &TestOptions::default(), &mut out).unwrap();
    assert!(ok, "{}", String::from_utf8_lossy(&out));

    let mut out = Vec::new();
    let ok = run_tests(&[fixture("rego/tests")], &TestOptions::default(), &mut out).unwrap();
    let text = rel(&String::from_utf8(out).unwrap());
    assert!(!ok);
    assert_eq!(
        without_durations(&text),
        vec![
            "fixtures/rego/tests/t_test.rego:",
            "data.t.test_a#01: PASS",
            "data.t.test_a#02: FAIL",
            "data.t.test_false: FAIL",
            "data.t.todo_test_later: SKIPPED",
            "--------------------------------------------------------------------------------",
            "PASS: 1/4",
            "FAIL: 2/4",
            "SKIPPED: 1/4",
            "4 tests: 1 passed, 2 failed, 0 errors, 1 skipped",
        ]
    );

    // --run keeps the tests whose full name matches.
    let mut out = Vec::new();
    let run = Some(regex::Regex::new(r"test_a").unwrap());
    let ok =
        run_tests(&[fixture("rego/tests")], &TestOptions { run, ..Default::default() }, &mut out).unwrap();
    let text = rel(&String::from_utf8(out).unwrap());
    assert!(!ok);
    assert_eq!(without_durations(&text)[1..3], ["data.t.test_a#01: PASS", "data.t.test_a#02: FAIL"]);
    assert!(text.ends_with("2 tests: 1 passed, 1 failed, 0 errors, 0 skipped\n"), "{text}");
}

#[test]
fn coverage_is_opa_json() {
    use ndlint::rego::test::{TestOptions, run_tests};
    let mut out = Vec::new();
    let opts = TestOptions { coverage: true, ..Default::default() };
    assert!(run_tests(&[repo().join("policies")], &opts, &mut out).unwrap());
    let report: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let files = report["files"].as_object().unwrap();
    let labels = files.iter().find(|(k, _)| k.ends_with("policies/labels.rego")).map(|(_, v)| v).unwrap();
    assert!(labels["covered_lines"].as_u64().unwrap() > 0, "{labels}");
    assert!(labels["covered"][0]["start"]["row"].as_u64().unwrap() >= 1, "{labels}");
    assert!(labels["covered"][0]["end"]["row"].as_u64() >= labels["covered"][0]["start"]["row"].as_u64());
    assert!(files.keys().all(|k| !k.ends_with("_test.rego")));
    let pct = report["coverage"].as_f64().unwrap();
    assert!(pct > 0.0 && pct <= 100.0, "{report}");
}

#[test]
fn admission_review_cases_run_with_their_operation_old_object_and_user() {
    let mut out = Vec::new();
    let dir = repo().join("policies/gatekeeper/immutable-team");
    assert!(ndlint::rego::test::run_tests(&[dir], &Default::default(), &mut out).unwrap());
    let text = rel(&String::from_utf8(out).unwrap());
    for case in [
        "immutable-team/developer-changes-team",
        "immutable-team/admin-changes-team",
        "immutable-team/delete-is-not-an-update",
        "allowed-groups-must-be-a-list (invalid constraint)",
    ] {
        assert!(
            text.contains(&format!("PASS policies/gatekeeper/immutable-team/suite.yaml {case}\n")),
            "{text}"
        );
    }
}

#[test]
fn gatekeeper_constraints_run_per_document_and_keep_only_what_deferred_ones_read() {
    let opts = RegoOptions {
        dirs: vec![repo().join("policies/gatekeeper")],
        include_embedded: false,
        ..Default::default()
    };
    let policies = Policies::load(&opts).unwrap();
    // Deferred: only unique-ingress-host, which reads the Ingresses of the inventory.
    let whole = policies.whole_documents();
    assert!(matches!(whole.keep("Ingress"), ndlint::rego::Keep::Whole));
    assert!(matches!(whole.keep("Deployment"), ndlint::rego::Keep::Fields));
    assert!(matches!(whole.keep("Namespace"), ndlint::rego::Keep::Fields));
    assert!(matches!(whole.keep("ConfigMap"), ndlint::rego::Keep::Fields));
    assert!(matches!(whole.keep("Service"), ndlint::rego::Keep::Fields));
    // A per-document constraint fires from the worker's evaluator alone.
    let file = SourceFile::new(
        "d.yaml",
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          image: evil.io/app:1\n",
    );
    let docs = ndlint::parse::kubernetes_documents(&file).documents;
    let mut out = Vec::new();
    policies.evaluator().check(&docs[0], &mut out);
    assert!(out.iter().any(|f| f.rule.starts_with("K8sAllowedRepos/")), "{:?}", describe(&out));
}

#[test]
fn gator_suites_pass() {
    let mut out = Vec::new();
    let ok =
        ndlint::rego::test::run_tests(&[repo().join("policies/gatekeeper")], &Default::default(), &mut out)
            .unwrap();
    let text = rel(&String::from_utf8(out).unwrap());
    assert!(ok, "{text}");
    let passes = text.lines().filter(|l| l.starts_with("PASS policies/gatekeeper/")).count();
    assert_eq!(passes, 25, "{text}");
    assert!(text.contains("25 suite cases: 25 passed, 0 failed, 0 skipped"), "{text}");
}

#[test]
fn gatekeeper_constraints_run_on_scanned_documents_with_inventory() {
    let opts = RegoOptions {
        dirs: vec![
            repo().join("policies/gatekeeper/unique-ingress-host"),
            repo().join("policies/gatekeeper/required-labels"),
        ],
        include_embedded: false,
        ..Default::default()
    };
    let mut policies = Policies::load(&opts).unwrap();
    let ids: Vec<_> = policies.rule_infos().into_iter().map(|i| i.id).collect();
    assert!(ids.contains(&"K8sUniqueIngressHost/unique-ingress-hosts".to_string()), "{ids:?}");
    let docs = documents(&fixture("rego/gatekeeper/objects.yaml"));
    // The template and constraint among the scanned documents are registered first.
    assert!(policies.add_scanned(&docs).is_empty());
    assert_eq!(
        describe(&run(&policies, &docs)),
        vec![
            "fixtures/rego/gatekeeper/objects.yaml:1:1 K8sUniqueIngressHost/unique-ingress-hosts high ingress host conflicts with an existing ingress <b/two>: shop.normaldance.io",
            "fixtures/rego/gatekeeper/objects.yaml:10:1 K8sUniqueIngressHost/unique-ingress-hosts high ingress host conflicts with an existing ingress <a/one>: shop.normaldance.io",
            "fixtures/rego/gatekeeper/objects.yaml:19:1 K8sRequiredLabels/platform-labels high Service edge is missing required labels: [\"app.kubernetes.io/name\", \"app.kubernetes.io/part-of\", \"team\"]",
            "fixtures/rego/gatekeeper/objects.yaml:19:1 NdWarnOnly/warn-only medium found Service edge",
        ]
    );
}

#[test]
fn gator_suite_reports_a_wrong_expectation() {
    let dir = tempfile::tempdir().unwrap();
    let src = repo().join("policies/gatekeeper/service-exposure");
    for f in ["template.yaml", "constraint.yaml"] {
        std::fs::copy(src.join(f), dir.path().join(f)).unwrap();
    }
    std::fs::copy(src.join("samples/disallowed.yaml"), dir.path().join("obj.yaml")).unwrap();
    std::fs::write(
        dir.path().join("suite.yaml"),
        "kind: Suite\napiVersion: test.gatekeeper.sh/v1alpha1\ntests:\n- name: t\n  template: template.yaml\n  constraint: constraint.yaml\n  cases:\n  - name: c\n    object: obj.yaml\n    assertions:\n    - violations: no\n",
    )
    .unwrap();
    let mut out = Vec::new();
    let ok = ndlint::rego::test::run_tests(&[dir.path().into()], &Default::default(), &mut out).unwrap();
    let text = String::from_utf8(out).unwrap();
    assert!(!ok);
    assert!(
        text.contains("FAIL ") && text.contains("suite.yaml t/c: expected violations false got 1"),
        "{text}"
    );
}

#[test]
fn malformed_results_are_policy_errors_at_the_rule() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("p.rego"),
        "package main\n\ndeny contains {\"message\": \"no msg key\"} if true\n\nwarn_flag := true\n\nviolation_ok contains \"fine\" if true\n",
    )
    .unwrap();
    let opts = RegoOptions { dirs: vec![dir.path().into()], include_embedded: false, ..Default::default() };
    let policies = Policies::load(&opts).unwrap();
    let file = SourceFile::new("p.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n");
    let docs = ndlint::parse::kubernetes_documents(&file).documents;
    let got: Vec<String> = describe(&run(&policies, &docs))
        .into_iter()
        .map(|l| l.replace(&dir.path().display().to_string(), "D"))
        .collect();
    assert_eq!(
        got,
        vec![
            "D/p.rego:3:1 policy-error high data.main.deny failed on p.yaml:1 (Pod p): \"msg\" field must be present and a string",
            "D/p.rego:5:1 policy-error high data.main.warn_flag failed on p.yaml:1 (Pod p): rule must be a set or array of messages, got a boolean",
            "p.yaml:1:1 main/violation_ok high fine",
        ]
    );
}

#[test]
fn data_dirs_nest_and_conflicts_are_load_errors() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir_all(data.join("teams")).unwrap();
    std::fs::write(data.join("top.yaml"), "limits:\n  max: 3\n").unwrap();
    std::fs::write(data.join("teams/core.json"), "{\"owner\": \"core\"}").unwrap();
    std::fs::write(
        dir.path().join("p.rego"),
        "package main\n\ndeny contains sprintf(\"%v %v\", [data.limits.max, data.teams.owner]) if true\n",
    )
    .unwrap();
    let opts = RegoOptions {
        dirs: vec![dir.path().join("p.rego")],
        data: vec![data.clone()],
        include_embedded: false,
        ..Default::default()
    };
    let policies = Policies::load(&opts).unwrap();
    let file = SourceFile::new("p.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n");
    let docs = ndlint::parse::kubernetes_documents(&file).documents;
    assert_eq!(describe(&run(&policies, &docs)), vec!["p.yaml:1:1 main/deny high 3 core"]);

    std::fs::write(dir.path().join("other.yaml"), "limits:\n  max: 4\n").unwrap();
    let opts = RegoOptions { data: vec![data, dir.path().join("other.yaml")], ..opts };
    let err = Policies::load(&opts).unwrap_err();
    assert!(err.to_string().contains("data conflict at `/limits/max`"), "{err}");
}

#[test]
fn no_network_and_no_environment() {
    let policies = inline_policy(
        "package main\n\ndeny contains \"network\" if {\n  r := http.send({\"method\": \"get\", \"url\": \"http://127.0.0.1:9/\"})\n  r\n}\n\ndeny contains \"env\" if {\n  opa.runtime().env\n}\n\nwarn contains \"ran\" if true\n",
    );
    let file = SourceFile::new("p.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n");
    let docs = ndlint::parse::kubernetes_documents(&file).documents;
    assert_eq!(describe(&run(&policies, &docs)), vec!["p.yaml:1:1 main/warn medium ran"]);
}

/// A package that declares `custom.input-kinds` in its package METADATA is evaluated on those kinds
/// only (`TerraformPlan` stands for a plan), like a Gatekeeper constraint's match kinds.
#[test]
fn declared_input_kinds_scope_a_package() {
    let opts = RegoOptions {
        dirs: vec![fixture("rego/kinds/policy.rego")],
        namespaces: vec!["kinds".into()],
        include_embedded: false,
        ..RegoOptions::default()
    };
    let policies = Policies::load(&opts).unwrap();
    let docs = documents(&fixture("rego/kinds/objects.yaml"));
    assert_eq!(
        describe(&run(&policies, &docs)),
        ["fixtures/rego/kinds/objects.yaml:6:1 kinds/deny high Service was evaluated"]
    );
    let file = SourceFile::new("plan.json", std::fs::read_to_string(fixture("rego/pack/plan.json")).unwrap());
    let plan = ndlint::parse::yaml::parse_stream(&file).documents.remove(0).into_document(&file);
    assert_eq!(describe(&run(&policies, &[plan])), ["plan.json:1:1 kinds/deny high a plan was evaluated"]);
}

#[test]
fn namespace_selectors_see_namespaces_of_other_files_and_constraints_run_in_workers() {
    let dir = tempfile::tempdir().unwrap();
    let pod = |name: &str, ns: &str| {
        format!(
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: {name}\n  namespace: {ns}\nspec:\n  hostPID: true\n  containers:\n    - name: app\n      image: registry.normaldance.io/app:1\n"
        )
    };
    std::fs::write(
        dir.path().join("pods.yaml"),
        format!("{}---\n{}", pod("agent", "infra"), pod("web", "shop")),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("namespaces.yaml"),
        "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: infra\n  labels:\n    platform.normaldance.io/system: \"true\"\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n",
    )
    .unwrap();
    for threads in [1, 2] {
        let opts = ndlint::run::Options {
            paths: vec![dir.path().into()],
            policies: vec![repo().join("policies/gatekeeper/host-namespaces")],
            no_builtin_policies: true,
            select: vec!["K8sHostNamespaces/no-host-namespaces".into()],
            threads: Some(threads),
            cwd: Some(dir.path().into()),
            ..Default::default()
        };
        let outcome = ndlint::run::run(&opts).unwrap();
        let got: Vec<String> = outcome
            .report
            .findings
            .iter()
            .map(|f| format!("{} {} {}", f.file.path, f.file.line_col(f.span.start).line, f.message))
            .collect();
        // `agent` runs in a system namespace, which the constraint's namespaceSelector leaves out.
        assert_eq!(got, vec!["pods.yaml 12 Pod web shares the host namespace: hostPID"], "-j {threads}");
    }
}

#[test]
fn constraint_parameters_are_validated_against_the_template_schema() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(repo().join("policies/gatekeeper/immutable-team/template.yaml"), dir.path().join("t.yaml"))
        .unwrap();
    let opts = RegoOptions { dirs: vec![dir.path().into()], include_embedded: false, ..Default::default() };
    let mut policies = Policies::load(&opts).unwrap();
    let file = SourceFile::new(
        "c.yaml",
        "apiVersion: constraints.gatekeeper.sh/v1beta1\nkind: NdImmutableTeam\nmetadata:\n  name: bad\nspec:\n  parameters:\n    allowedGroups: admins\n",
    );
    let docs = ndlint::parse::kubernetes_documents(&file).documents;
    let found = policies.add_scanned(&docs);
    assert_eq!(
        describe(&found),
        vec![
            "c.yaml:7:5 policy-error high constraint NdImmutableTeam/bad is invalid (Gatekeeper would reject it): parameters/allowedGroups: \"admins\" is not of type \"array\""
        ]
    );
    // The rejected constraint is not run.
    assert!(policies.rule_infos().iter().all(|i| i.id != "NdImmutableTeam/bad"));
}
