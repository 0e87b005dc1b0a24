//! The five report formats, rendered from one report built from real fixtures: what users and
//! machines read (line:column in code points, relative URIs, escaping) and that SARIF validates.

use std::path::PathBuf;
use std::sync::Arc;

use ndlint::finding::{Finding, Related, Severity, Suppression};
use ndlint::report::{Format, RenderOptions, Report, Summary, render, sarif_truncated, summary_line};
use ndlint::rules::RuleInfo;
use ndlint::source::SourceFile;
use serde_json::Value;

use crate::common::{assert_valid_sarif, registry, repo};

const APP: &str = "fixtures/report/app.yaml";
const DUP: &str = "fixtures/report/duplicate-key.yaml";
const KUSTOMIZATION: &str = "fixtures/report/kustomization.yaml";

fn source(rel: &str) -> Arc<SourceFile> {
    let text = std::fs::read_to_string(repo().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    SourceFile::new(rel, text)
}

fn rule(id: &str, severity: Severity, tags: &[&str]) -> RuleInfo {
    RuleInfo {
        id: id.into(),
        summary: format!("Summary of {id}"),
        severity,
        help: format!("how to fix {id}"),
        docs: format!("What {id} finds.\n\nWhy it matters, and how to fix it."),
        references: vec!["CIS Kubernetes 5.2.1".into()],
        tags: tags.iter().map(|s| s.to_string()).collect(),
        source: ndlint::finding::FindingSource::Builtin,
        default_enabled: true,
    }
}

/// The rules of the sample run: the internal ones plus three test rules.
fn rules() -> Vec<RuleInfo> {
    let mut rules = registry(&[]).infos;
    rules.push(rule("k8s-test-privileged", Severity::High, &["security", "pss-baseline"]));
    rules.push(rule("k8s-test-labels", Severity::Low, &["hygiene"]));
    rules.push(rule("k8s-test-info", Severity::Info, &["security"]));
    rules
}

fn report(findings: Vec<Finding>, files: &[&str]) -> Report {
    let mut summary = Summary { files: files.len(), documents: 3, ..Default::default() };
    summary.count(&findings);
    Report {
        findings,
        errors: Vec::new(),
        rules: rules(),
        summary,
        root: repo(),
        files: files.iter().map(|s| s.to_string()).collect(),
        fail_on: Some(Severity::Low),
    }
}

/// Findings on the multi-document fixture, located through its source map, plus the parse error
/// that linting the duplicate-key fixture produces.
fn sample() -> Report {
    let app = source(APP);
    let docs = ndlint::parse::kubernetes_documents(&app).documents;
    assert_eq!(docs.len(), 2);
    let (config_map, deployment) = (&docs[0], &docs[1]);

    let pointer = "/spec/template/spec/containers/0/securityContext/privileged";
    let span = deployment.locate(pointer).node.value_span();
    let mut privileged = Finding::new(
        "k8s-test-privileged",
        Severity::High,
        "container `api` runs privileged".into(),
        app.clone(),
        span,
    );
    privileged.help = Some("set `securityContext.privileged: false`".into());
    privileged.pointer = Some(pointer.into());
    privileged.object = deployment.object.clone();
    privileged.related.push(Related {
        file: app.clone(),
        span: deployment.locate("/spec/template/spec/containers/0/name").node.value_span(),
        message: "container declared here".into(),
    });

    let located = config_map.locate("/metadata/labels");
    assert!(!located.exact);
    let mut labels = Finding::new(
        "k8s-test-labels",
        Severity::Low,
        "ConfigMap prod/café has no labels".into(),
        app.clone(),
        located.node.key_span(),
    );
    labels.approximate = true;
    labels.pointer = Some("/metadata/labels".into());
    labels.object = config_map.object.clone();
    labels.related.push(Related {
        file: source(KUSTOMIZATION),
        span: ndlint::source::Span::new(50, 63),
        message: "included by this Kustomization".into(),
    });

    let mut suppressed = Finding::new(
        "k8s-test-labels",
        Severity::Low,
        "Deployment prod/api has no labels".into(),
        app.clone(),
        deployment.locate("/metadata").node.key_span(),
    );
    suppressed.object = deployment.object.clone();
    suppressed.suppressed =
        Some(Suppression { kind: "comment", reason: "labels come from kustomize".into() });

    let text = std::fs::read_to_string(repo().join(DUP)).unwrap();
    let mut findings = ndlint::check::lint_text(DUP, &text, &registry(&[]));
    assert_eq!(findings.len(), 1, "the duplicate key is a parse error");
    findings.extend([labels, privileged, suppressed]);
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    report(findings, &[APP, DUP, KUSTOMIZATION])
}

fn plain() -> RenderOptions {
    RenderOptions { sarif_suppressed: false, color: false }
}

fn json(report: &Report) -> Value {
    serde_json::from_str(&render(report, Format::Json, &plain())).expect("JSON output parses")
}

fn sarif(report: &Report, opts: &RenderOptions) -> Value {
    let text = render(report, Format::Sarif, opts);
    assert_valid_sarif(&text);
    serde_json::from_str(&text).unwrap()
}

fn by_rule<'a>(findings: &'a [Value], rule: &str) -> Vec<&'a Value> {
    findings.iter().filter(|f| f["rule"] == rule || f["ruleId"] == rule).collect()
}

#[test]
fn json_has_the_frozen_shape_and_code_point_positions() {
    let out = json(&sample());
    assert_eq!(out["version"], 1);
    let findings = out["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 4, "suppressed findings are listed too");

    let keys: Vec<&str> = findings[0].as_object().unwrap().keys().map(String::as_str).collect();
    let mut want = vec![
        "address",
        "approximate",
        "end",
        "file",
        "message",
        "object",
        "origin",
        "pointer",
        "related",
        "rule",
        "severity",
        "source",
        "start",
        "suppressed",
    ];
    want.sort();
    let mut keys = keys;
    keys.sort();
    assert_eq!(keys, want);

    let p = by_rule(findings, "k8s-test-privileged")[0];
    assert_eq!(p["severity"], "high");
    assert_eq!(p["file"], APP);
    // `true` after `ünïcödé`: column 58 in code points (62 in bytes).
    assert_eq!(p["start"], serde_json::json!({"line": 21, "column": 58}));
    assert_eq!(p["end"], serde_json::json!({"line": 21, "column": 62}));
    assert_eq!(p["pointer"], "/spec/template/spec/containers/0/securityContext/privileged");
    assert_eq!(
        p["object"],
        serde_json::json!({"apiVersion": "apps/v1", "kind": "Deployment", "namespace": "prod", "name": "api"})
    );
    assert_eq!(p["address"], Value::Null);
    assert_eq!(p["origin"], Value::Null);
    assert_eq!(p["source"], "builtin");
    assert_eq!(p["suppressed"], Value::Null);
    assert_eq!(p["approximate"], false);
    assert_eq!(
        p["related"],
        serde_json::json!([{"file": APP, "start": {"line": 19, "column": 17}, "end": {"line": 19, "column": 20},
            "message": "container declared here"}])
    );

    let labels = by_rule(findings, "k8s-test-labels");
    assert_eq!(labels[0]["approximate"], true);
    assert_eq!(labels[0]["start"], serde_json::json!({"line": 4, "column": 1}));
    assert_eq!(
        labels[1]["suppressed"],
        serde_json::json!({"kind": "comment", "reason": "labels come from kustomize"})
    );

    let dup = by_rule(findings, "parse-error")[0];
    assert_eq!(dup["file"], DUP);
    assert_eq!(dup["start"]["line"], 7);
    assert_eq!(dup["object"], Value::Null);
    assert_eq!(dup["related"][0]["start"], serde_json::json!({"line": 6, "column": 3}));

    assert_eq!(out["errors"], serde_json::json!([]));
    assert_eq!(out["summary"]["findings"], 3);
    assert_eq!(out["summary"]["suppressed"], 1);
    assert_eq!(out["summary"]["high"], 2);
    assert_eq!(out["summary"]["low"], 1);
}

#[test]
fn every_format_is_deterministic() {
    for format in [Format::Human, Format::Json, Format::Sarif, Format::Github, Format::Junit] {
        assert_eq!(render(&sample(), format, &plain()), render(&sample(), format, &plain()), "{format:?}");
    }
}

#[test]
fn sarif_validates_and_carries_what_github_needs() {
    let report = sample();
    let out = sarif(&report, &plain());
    assert_eq!(out["version"], "2.1.0");
    let run = &out["runs"][0];
    assert_eq!(out["runs"].as_array().unwrap().len(), 1);
    assert_eq!(run["automationDetails"]["id"], "ndlint/");
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    assert_eq!(run["originalUriBaseIds"]["%SRCROOT%"]["uri"], format!("file://{}/", repo().display()));

    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "ndlint");
    assert_eq!(driver["semanticVersion"], env!("CARGO_PKG_VERSION"));
    let rules = driver["rules"].as_array().unwrap();
    let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    let want: Vec<String> = report.rules.iter().map(|r| r.id.clone()).collect();
    assert_eq!(ids, want, "every rule once, in the run's order");

    let rule = |id: &str| rules.iter().find(|r| r["id"] == id).unwrap();
    let privileged = rule("k8s-test-privileged");
    assert_eq!(privileged["shortDescription"]["text"], "Summary of k8s-test-privileged");
    assert_eq!(privileged["fullDescription"]["text"], "What k8s-test-privileged finds.");
    assert!(privileged["help"]["markdown"].as_str().unwrap().contains("CIS Kubernetes 5.2.1"));
    assert_eq!(
        privileged["helpUri"],
        "https://github.com/normaldance/ndlint/blob/main/docs/rules.md#k8s-test-privileged"
    );
    assert_eq!(privileged["defaultConfiguration"]["level"], "error");
    assert_eq!(privileged["properties"]["security-severity"], "8.0");
    assert_eq!(privileged["properties"]["tags"], serde_json::json!(["security", "pss-baseline"]));
    assert!(privileged["properties"].get("problem.severity").is_none());
    let labels = rule("k8s-test-labels");
    assert_eq!(labels["properties"]["problem.severity"], "recommendation");
    assert!(labels["properties"].get("security-severity").is_none());
    assert_eq!(labels["defaultConfiguration"]["level"], "note");
    let info = rule("k8s-test-info");
    assert!(info["properties"].get("security-severity").is_none(), "info has no security severity");
    assert_eq!(info["properties"]["problem.severity"], "recommendation");

    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 3, "the suppressed finding is left out");
    for r in results {
        assert_eq!(rules[r["ruleIndex"].as_u64().unwrap() as usize]["id"], r["ruleId"]);
        assert_eq!(r["locations"].as_array().unwrap().len(), 1);
        let fp = r["partialFingerprints"]["ndlint/v1"].as_str().unwrap();
        assert_eq!(fp.len(), 64);
        assert!(r["partialFingerprints"]["primaryLocationLineHash"].as_str().unwrap().contains(':'));
    }
    assert_eq!(results[0]["ruleId"], "k8s-test-privileged", "most severe first, then report order");
    assert_eq!(results[1]["ruleId"], "parse-error");

    let p = &by_rule(results, "k8s-test-privileged")[0];
    assert_eq!(p["level"], "error");
    assert_eq!(p["message"]["text"], "container `api` runs privileged");
    let loc = &p["locations"][0];
    let phys = &loc["physicalLocation"];
    assert_eq!(phys["artifactLocation"], serde_json::json!({"uri": APP, "uriBaseId": "%SRCROOT%"}));
    assert_eq!(
        phys["region"],
        serde_json::json!({"startLine": 21, "startColumn": 58, "endLine": 21, "endColumn": 62})
    );
    assert_eq!(loc["logicalLocations"][0]["fullyQualifiedName"], "Deployment/prod/api");
    let related = &p["relatedLocations"][0];
    assert_eq!(related["id"], 1);
    assert_eq!(related["message"]["text"], "container declared here");
    assert_eq!(related["physicalLocation"]["region"]["startLine"], 19);

    let l = &by_rule(results, "k8s-test-labels")[0];
    assert_eq!(l["properties"]["approximateLocation"], true);
    assert_eq!(l["level"], "note");
    assert_eq!(l["relatedLocations"][0]["physicalLocation"]["artifactLocation"]["uri"], KUSTOMIZATION);

    // Opting in keeps the suppressed result, with its suppression.
    let out = sarif(&report, &RenderOptions { sarif_suppressed: true, color: false });
    let results = out["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 4);
    let s = results.iter().find(|r| r.get("suppressions").is_some()).unwrap();
    assert_eq!(
        s["suppressions"],
        serde_json::json!([{"kind": "inSource", "justification": "labels come from kustomize"}])
    );
}

#[test]
fn sarif_of_a_clean_run_has_empty_results_and_rules() {
    let clean = Report::default();
    let text = render(&clean, Format::Sarif, &plain());
    assert_valid_sarif(&text);
    let out: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(out["runs"][0]["results"], serde_json::json!([]));
    assert_eq!(out["runs"][0]["tool"]["driver"]["rules"], serde_json::json!([]));

    let with_rules = report(Vec::new(), &[APP]);
    let out = sarif(&with_rules, &plain());
    assert_eq!(out["runs"][0]["results"], serde_json::json!([]));
    assert_eq!(out["runs"][0]["tool"]["driver"]["rules"].as_array().unwrap().len(), with_rules.rules.len());
}

#[test]
fn sarif_uris_are_relative_and_percent_encoded() {
    let file = SourceFile::new("/work/repo dir/k8s/my app/svc,ü.yaml", "apiVersion: v1\nkind: Service\n");
    let f =
        Finding::new("k8s-unknown", Severity::Medium, "m".into(), file, ndlint::source::Span::new(15, 19));
    let mut report = report(vec![f], &[]);
    report.root = PathBuf::from("/work/repo dir");
    let out = sarif(&report, &plain());
    assert_eq!(out["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"], "file:///work/repo%20dir/");
    let result = &out["runs"][0]["results"][0];
    let artifact = &result["locations"][0]["physicalLocation"]["artifactLocation"];
    assert_eq!(artifact["uri"], "k8s/my%20app/svc%2C%C3%BC.yaml");
    assert_eq!(artifact["uriBaseId"], "%SRCROOT%");
    // A rule the run did not describe still gets a descriptor, so ruleIndex is valid.
    let rules = out["runs"][0]["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules[result["ruleIndex"].as_u64().unwrap() as usize]["id"], "k8s-unknown");
    assert_eq!(result["locations"][0]["physicalLocation"]["region"]["startLine"], 2);
}

#[test]
fn sarif_keeps_the_5000_most_severe_results() {
    let file = source(APP);
    let mut findings: Vec<Finding> = (0..5001)
        .map(|i| {
            let s = if i == 5000 { Severity::Critical } else { Severity::Low };
            Finding::new(
                "k8s-test-labels",
                s,
                format!("finding {i}"),
                file.clone(),
                ndlint::source::Span::new(0, 1),
            )
        })
        .collect();
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    let report = report(findings, &[APP]);
    let out = sarif(&report, &plain());
    let results = out["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 5000);
    assert_eq!(results[0]["message"]["text"], "finding 5000");
    assert_eq!(results[0]["level"], "error");
    let note = sarif_truncated(&report).expect("truncation is reported");
    assert!(note.contains("5001 results") && note.contains("5000"), "{note}");
    assert_eq!(sarif_truncated(&sample()), None);
}

#[test]
fn github_annotations_are_escaped_and_most_severe_first() {
    let file = SourceFile::new("k8s/a,b:c%.yaml", "kind: Pod\nspec: {}\n");
    let mut f = Finding::new(
        "k8s-test-labels",
        Severity::Medium,
        "100% wrong:\r\nsee, here".into(),
        file.clone(),
        ndlint::source::Span::new(6, 9),
    );
    f.help = Some("ignored".into());
    let info = Finding::new(
        "k8s-test-info",
        Severity::Info,
        "fyi".into(),
        file.clone(),
        ndlint::source::Span::new(10, 14),
    );
    let out = render(&report(vec![info, f], &[]), Format::Github, &plain());
    assert_eq!(
        out,
        "::warning file=k8s/a%2Cb%3Ac%25.yaml,line=1,col=7,endLine=1,endColumn=10,title=k8s-test-labels::100%25 wrong:%0D%0Asee, here\n\
         ::notice file=k8s/a%2Cb%3Ac%25.yaml,line=2,col=1,endLine=2,endColumn=5,title=k8s-test-info::fyi\n"
    );

    let out = render(&sample(), Format::Github, &plain());
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 3, "suppressed findings are omitted");
    assert!(
        lines[0].starts_with("::error file=fixtures/report/app.yaml,line=21,col=58,endLine=21,endColumn=62,")
    );
    assert!(lines[2].starts_with("::notice "));
}

#[test]
fn junit_is_well_formed_and_lists_every_file() {
    let mut report = sample();
    report.files.push("fixtures/report/clean <&\">.yaml".into());
    let xml = render(&report, Format::Junit, &plain());
    let doc = roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("{e}\n{xml}"));
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "testsuites");
    assert_eq!(root.attribute("failures"), Some("3"));
    let suites: Vec<_> = root.children().filter(|n| n.is_element()).collect();
    let names: Vec<&str> = suites.iter().filter_map(|s| s.attribute("name")).collect();
    assert_eq!(names, [APP, "fixtures/report/clean <&\">.yaml", DUP, KUSTOMIZATION]);

    let app = &suites[0];
    let cases: Vec<_> = app.children().filter(|n| n.has_tag_name("testcase")).collect();
    let case_names: Vec<&str> = cases.iter().filter_map(|c| c.attribute("name")).collect();
    assert_eq!(
        case_names,
        ["k8s-test-labels", "k8s-test-privileged"],
        "one case per rule; suppressed omitted"
    );
    let failure = cases[1].children().find(|n| n.has_tag_name("failure")).unwrap();
    assert_eq!(failure.attribute("type"), Some("high"));
    assert_eq!(failure.attribute("message"), Some("container `api` runs privileged"));
    assert_eq!(
        failure.text(),
        Some("fixtures/report/app.yaml:21:58: high k8s-test-privileged: container `api` runs privileged\n")
    );

    // A clean file still shows up, as one passing test case.
    let clean = suites[1].children().filter(|n| n.is_element()).collect::<Vec<_>>();
    assert_eq!(clean.len(), 1);
    assert_eq!(clean[0].children().filter(|n| n.is_element()).count(), 0);
}

#[test]
fn junit_fails_only_at_or_above_fail_on() {
    let mut report = sample();
    report.fail_on = Some(Severity::High);
    let xml = render(&report, Format::Junit, &plain());
    let doc = roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("{e}\n{xml}"));
    let root = doc.root_element();
    assert_eq!(root.attribute("failures"), Some("2"), "{xml}");
    let app = root.children().find(|n| n.attribute("name") == Some(APP)).unwrap();
    assert_eq!(app.attribute("failures"), Some("1"));
    let labels = app.children().find(|n| n.attribute("name") == Some("k8s-test-labels")).unwrap();
    assert!(
        labels.children().all(|n| !n.has_tag_name("failure")),
        "a low finding passes under --fail-on high"
    );
    let out = labels.children().find(|n| n.has_tag_name("system-out")).unwrap();
    assert!(out.text().unwrap().contains("low k8s-test-labels"), "{xml}");

    report.fail_on = None;
    let xml = render(&report, Format::Junit, &plain());
    assert!(xml.contains("failures=\"0\"") && !xml.contains("<failure"), "{xml}");
}

#[test]
fn human_output_has_code_frames_and_no_colour_when_asked() {
    let report = sample();
    let out = render(&report, Format::Human, &plain());
    assert!(!out.contains('\u{1b}'), "no ANSI escapes without colour");
    assert!(!out.contains("Deployment prod/api has no labels"), "suppressed findings are not shown");
    assert!(out.contains("[fixtures/report/app.yaml:21:58]"), "{out}");
    insta::assert_snapshot!("human_plain", out);

    let coloured = render(&report, Format::Human, &RenderOptions { sarif_suppressed: false, color: true });
    assert!(coloured.contains('\u{1b}'));
}

#[test]
fn summary_line_counts_findings_and_suppressions() {
    let mut report = sample();
    assert_eq!(
        summary_line(&report),
        "✖ 3 findings (2 high, 1 low) in 2 files; linted 3 files, 3 documents; 1 suppressed"
    );
    report.summary.renderings = 2;
    report.summary.files = 1;
    assert!(summary_line(&report).contains("; linted 1 file and 2 renderings, 3 documents"));
    let clean =
        Report { summary: Summary { files: 1, documents: 1, ..Default::default() }, ..Default::default() };
    assert_eq!(summary_line(&clean), "✔ no findings; linted 1 file, 1 document");
}

#[test]
#[should_panic(expected = "SARIF does not validate")]
fn the_sarif_check_rejects_what_github_rejects() {
    let text = render(&sample(), Format::Sarif, &plain());
    assert!(text.contains("\"startLine\": 21"));
    assert_valid_sarif(&text.replace("\"startLine\": 21", "\"startLine\": 0"));
}
