//! GitHub Actions: every `gha-` rule has docs, references and BAD/OK fixtures whose findings land
//! where `expected*.txt` says, and a run lints `.github/` files like manifests (suppressions,
//! config, SARIF, exit codes).
//!
//! Layout: `fixtures/gha/<rule-id>/bad.yml` (a workflow), `bad.action.yml` (an `action.yml`) or
//! `bad.dependabot.yml`, each with `expected.txt` / `expected.action.txt` / `expected.dependabot.txt`
//! (`<line>:<column> <text at that position>`), and `ok.*` files that must not fire.

use std::fs;
use std::path::Path;

use crate::cli::{findings, json, ndlint, repo};
use crate::common::{assert_valid_sarif, fixture, registry};
use ndlint::parse::workflow::GhaKind;
use ndlint::rules::gha;
use ndlint::source::SourceFile;

/// The kind a fixture is linted as, from its name.
fn kind(path: &Path) -> GhaKind {
    let name = path.file_name().unwrap().to_string_lossy();
    if name.contains(".action.") {
        GhaKind::Action
    } else if name.contains(".dependabot.") {
        GhaKind::Dependabot
    } else {
        GhaKind::Workflow
    }
}

/// `(line, column)` of the findings of one rule on one fixture.
fn positions(path: &Path, id: &str) -> (Vec<(usize, usize)>, Vec<String>) {
    let text = fs::read_to_string(path).unwrap();
    let file = SourceFile::new(path.display().to_string(), text);
    let found: Vec<_> =
        gha::check_file(&file, kind(path), &registry(&[id])).into_iter().filter(|f| &*f.rule == id).collect();
    let pos = found.iter().map(|f| file.line_col(f.span.start)).map(|lc| (lc.line, lc.column)).collect();
    (pos, found.iter().map(|f| f.message.clone()).collect())
}

#[test]
fn every_gha_rule_is_documented_and_fixture_tested() {
    assert!(gha::ALL.len() >= 30, "only {} gha rules", gha::ALL.len());
    let mut failures = Vec::new();
    for rule in gha::ALL {
        let meta = rule.meta();
        let id = meta.id;
        assert!(id.starts_with("gha-"), "{id}");
        if meta.docs.trim().len() < 80 || meta.summary.is_empty() || meta.help.is_empty() {
            failures.push(format!("{id}: docs, summary or help missing"));
        }
        if meta.references.is_empty() {
            failures.push(format!("{id}: no references"));
        }
        let dir = fixture(&format!("gha/{id}"));
        let files: Vec<_> =
            fs::read_dir(&dir).map(|d| d.flatten().map(|e| e.path()).collect()).unwrap_or_default();
        let (bad, ok): (Vec<_>, Vec<_>) = files
            .iter()
            .filter(|p| p.extension().is_some_and(|e| e == "yml"))
            .partition(|p| p.file_name().unwrap().to_string_lossy().starts_with("bad"));
        if bad.is_empty() || ok.is_empty() {
            failures.push(format!("{id}: needs bad.* and ok.* fixtures under fixtures/gha/{id}"));
        }
        for path in ok {
            let (got, messages) = positions(path, id);
            if !got.is_empty() {
                failures.push(format!("{id}: {} fired at {got:?}: {}", path.display(), messages[0]));
            }
        }
        for path in bad {
            let name = path.file_name().unwrap().to_string_lossy();
            let expected = dir.join(name.replacen("bad", "expected", 1).replace(".yml", ".txt"));
            let expected = fs::read_to_string(&expected).unwrap_or_default();
            let src = fs::read_to_string(path).unwrap();
            let mut want = Vec::new();
            for line in expected.lines().filter(|l| !l.trim().is_empty()) {
                let (pos, text) = line.split_once(' ').unwrap_or((line, ""));
                let (l, c) = pos.split_once(':').expect("expected.txt: <line>:<column> <text>");
                let (l, c): (usize, usize) = (l.parse().unwrap(), c.parse().unwrap());
                let at: String = src.lines().nth(l - 1).unwrap_or("").chars().skip(c - 1).collect();
                if !at.starts_with(text) {
                    failures
                        .push(format!("{id}: {name}: expected `{text}` at {l}:{c}, the fixture has `{at}`"));
                }
                want.push((l, c));
            }
            if want.is_empty() {
                failures.push(format!("{id}: {name}: its expected file lists no finding"));
            }
            let (got, _) = positions(path, id);
            if got != want {
                failures.push(format!("{id}: {name}: findings at {got:?}, expected {want:?}"));
            }
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn gha_rules_are_known_to_the_registry_and_documented() {
    let reg = registry(&[]);
    for rule in gha::ALL {
        assert!(reg.info(rule.meta().id).is_some(), "{}", rule.meta().id);
    }
    let docs = ndlint::rules::table::rules_docs();
    assert!(docs.contains("\n## gha-untrusted-checkout\n"));
}

const WORKFLOW: &str = "\
name: ci
on:
  pull_request:
permissions:
  contents: read
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          persist-credentials: false
      - run: |
          echo start
          echo \"${{ github.event.pull_request.title }}\"
";

const ACTION: &str = "\
name: setup
description: composite
runs:
  using: composite
  steps:
    - uses: actions/setup-node@main
";

const DEPENDABOT: &str = "\
version: 2
updates:
  - package-ecosystem: github-actions
    directory: /
    schedule:
      interval: weekly
";

/// The walker finds workflows, actions and Dependabot configs; the run lints them with exact
/// positions (the expression inside the block scalar), and exit codes follow the findings.
#[test]
fn a_run_lints_workflows_actions_and_dependabot() {
    let dir = repo(&[
        (".github/workflows/ci.yml", WORKFLOW),
        (".github/actions/setup/action.yml", ACTION),
        (".github/dependabot.yml", DEPENDABOT),
        (".github/ISSUE_TEMPLATE/bug.yml", "name: Bug\nbody: []\n"),
    ]);
    let out = ndlint(dir.path()).args(["check", "-f", "json", "--select", "gha-", "."]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let got = findings(&json(&out.stdout));
    let want: Vec<(String, String, u64, u64)> = [
        ("gha-branch-ref", ".github/actions/setup/action.yml", 6, 32),
        ("gha-dependabot-cooldown", ".github/dependabot.yml", 3, 5),
        ("gha-unpinned-uses", ".github/workflows/ci.yml", 10, 32),
        ("gha-template-injection", ".github/workflows/ci.yml", 15, 17),
    ]
    .iter()
    .map(|(r, f, l, c)| (r.to_string(), f.to_string(), *l, *c))
    .collect();
    assert_eq!(got, want);
    let report = json(&out.stdout);
    // The issue template is read as a manifest (it holds no object) and gets no `gha-` finding.
    assert_eq!(report["summary"]["files"], 4);
    // Clean workflows exit 0.
    let clean =
        repo(&[(".github/dependabot.yml", &format!("{DEPENDABOT}    cooldown:\n      default-days: 7\n"))]);
    let out = ndlint(clean.path()).args(["check", "--select", "gha-", "."]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
}

/// Comments, config select/ignore/severity and ignores, `--fail-on` and SARIF treat `gha-`
/// findings as they treat manifest findings.
#[test]
fn suppressions_config_and_sarif_work_for_workflows() {
    let commented = WORKFLOW.replace(
        "      - uses: actions/checkout@v4\n",
        "      # ndlint: ignore[gha-unpinned-uses] pinned by the org's allow-list\n      - uses: actions/checkout@v4\n",
    );
    let config = "ignore: [gha-dependabot-cooldown]\nseverity:\n  gha-template-injection: low\nignores:\n  - rule: gha-branch-ref\n    path: .github/actions/**\n    reason: internal action\n";
    let dir = repo(&[
        (".github/workflows/ci.yml", &commented),
        (".github/actions/setup/action.yml", ACTION),
        (".github/dependabot.yml", DEPENDABOT),
        (".ndlint.yaml", config),
    ]);
    let out = ndlint(dir.path()).args(["check", "-f", "json", "--select", "gha-", "."]).output().unwrap();
    let report = json(&out.stdout);
    let suppressed: Vec<(&str, &str, &str)> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| !f["suppressed"].is_null())
        .map(|f| {
            (
                f["rule"].as_str().unwrap(),
                f["file"].as_str().unwrap(),
                f["suppressed"]["kind"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        suppressed,
        vec![
            ("gha-branch-ref", ".github/actions/setup/action.yml", "config"),
            ("gha-unpinned-uses", ".github/workflows/ci.yml", "comment"),
        ]
    );
    let rest = findings(&report);
    assert_eq!(rest, vec![("gha-template-injection".into(), ".github/workflows/ci.yml".into(), 16, 17)]);
    assert_eq!(
        report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["rule"] == "gha-template-injection")
            .unwrap()["severity"],
        "low"
    );
    // `--fail-on medium`: the low finding no longer fails the run.
    let out =
        ndlint(dir.path()).args(["check", "--select", "gha-", "--fail-on", "medium", "."]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    // SARIF: valid, the result on the expression, and the rule's help present.
    let out = ndlint(dir.path()).args(["check", "-f", "sarif", "--select", "gha-", "."]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert_valid_sarif(&text);
    let sarif: serde_json::Value = serde_json::from_str(&text).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 1);
    assert_eq!(results[0]["ruleId"], "gha-template-injection");
    let region = &results[0]["locations"][0]["physicalLocation"]["region"];
    assert_eq!((region["startLine"].as_u64(), region["startColumn"].as_u64()), (Some(16), Some(17)));
}

/// A workflow that is not valid YAML is a `parse-error` finding with its line, not a crash.
#[test]
fn broken_workflows_are_parse_errors() {
    let dir = repo(&[(".github/workflows/broken.yml", "on: push\njobs:\n  a: [\n")]);
    let out = ndlint(dir.path()).args(["check", "-f", "json", "."]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let got = findings(&json(&out.stdout));
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!((got[0].0.as_str(), got[0].1.as_str()), ("parse-error", ".github/workflows/broken.yml"));
}

/// The repository's own workflows, its `action.yml` and its Dependabot config pass every `gha-` rule.
#[test]
fn the_platform_workflows_pass() {
    let root = crate::common::repo();
    let out = ndlint(&root)
        .args(["check", "-f", "json", "--select", "gha-", "--no-ignores", ".github", "action.yml"])
        .output()
        .unwrap();
    let report = json(&out.stdout);
    assert_eq!(findings(&report), vec![], "{report}");
    assert!(report["summary"]["files"].as_u64().unwrap() >= 5, "{report}");
    assert_eq!(out.status.code(), Some(0));
}

/// The README's example workflow passes once its two placeholders (the commit SHA of ndlint to
/// pin and its version) are filled in.
#[test]
fn the_readme_example_workflow_passes() {
    let readme = fs::read_to_string(crate::common::repo().join("README.md")).unwrap();
    let start =
        readme.find("```yaml\nname: ndlint\n").expect("the README's example workflow") + "```yaml\n".len();
    let end = start + readme[start..].find("```").unwrap();
    let example = readme[start..end]
        .replace("<commit sha>", "0123456789abcdef0123456789abcdef01234567")
        .replace("<version>", "v0.1.0");
    assert!(example.contains("normaldance/ndlint@0123456789abcdef0123456789abcdef01234567 # v0.1.0"));
    let file = SourceFile::new(".github/workflows/ndlint.yml", example);
    let found = gha::check_file(&file, GhaKind::Workflow, &registry(&["gha-"]));
    assert!(found.is_empty(), "{:?}", found.iter().map(|f| (&f.rule, &f.message)).collect::<Vec<_>>());
}
