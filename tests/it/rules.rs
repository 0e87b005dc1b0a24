//! Every built-in rule has docs, references and a fixture whose findings land where `expected.txt` says.
//!
//! Layout: `fixtures/rules/<rule-id>/bad.yaml` (must fire), `ok.yaml` (must not fire) and
//! `expected.txt`, one finding per line: `<line>:<column> <text at that position>`. The test checks the
//! finding positions exactly and that the source text at each position starts with the given text,
//! so an expectation cannot drift from the fixture.

use std::fs;

use crate::common::{fixture, lint};
use ndlint::rules::builtin;

#[test]
fn every_rule_is_documented_and_fixture_tested() {
    let mut failures = Vec::new();
    for rule in builtin() {
        let meta = rule.meta();
        let id = meta.id;
        if meta.docs.trim().len() < 80 || meta.summary.is_empty() || meta.help.is_empty() {
            failures.push(format!("{id}: docs, summary or help missing"));
        }
        if meta.references.is_empty() {
            failures.push(format!("{id}: no benchmark references"));
        }
        let dir = fixture(&format!("rules/{id}"));
        let Some(bad) = find(&dir, "bad") else {
            failures.push(format!("{id}: no fixtures/rules/{id}/bad.*"));
            continue;
        };
        let Some(ok) = find(&dir, "ok") else {
            failures.push(format!("{id}: no fixtures/rules/{id}/ok.*"));
            continue;
        };
        let fired = lint(&ok, &[id]);
        let fired: Vec<_> = fired.iter().filter(|f| &*f.rule == id).collect();
        if !fired.is_empty() {
            failures.push(format!("{id}: ok fixture fired: {}", fired[0].message));
        }
        let expected = fs::read_to_string(dir.join("expected.txt")).unwrap_or_default();
        let findings: Vec<_> = lint(&bad, &[id]).into_iter().filter(|f| &*f.rule == id).collect();
        let mut got = Vec::new();
        for f in &findings {
            let lc = f.file.line_col(f.span.start);
            got.push((lc.line, lc.column));
        }
        let mut want = Vec::new();
        for line in expected.lines().filter(|l| !l.trim().is_empty()) {
            let (pos, text) = line.split_once(' ').unwrap_or((line, ""));
            let (l, c) = pos.split_once(':').expect("expected.txt: <line>:<column> <text>");
            let (l, c): (usize, usize) = (l.parse().unwrap(), c.parse().unwrap());
            let src = fs::read_to_string(&bad).unwrap();
            let at: String = src.lines().nth(l - 1).unwrap_or("").chars().skip(c - 1).collect();
            if !at.starts_with(text) {
                failures.push(format!("{id}: expected.txt says `{text}` at {l}:{c}, the fixture has `{at}`"));
            }
            want.push((l, c));
        }
        if want.is_empty() {
            failures.push(format!("{id}: expected.txt lists no finding"));
        }
        if got != want {
            failures.push(format!("{id}: findings at {got:?}, expected {want:?}"));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

fn find(dir: &std::path::Path, stem: &str) -> Option<std::path::PathBuf> {
    ["yaml", "yml", "json"].iter().map(|ext| dir.join(format!("{stem}.{ext}"))).find(|p| p.exists())
}

/// What a person sees for each rule's BAD fixture: the human format, snapshotted per rule.
#[test]
fn human_output_of_every_rule() {
    use ndlint::report::{Format, RenderOptions, Report, render};
    for rule in builtin() {
        let id = rule.meta().id;
        let Some(bad) = find(&fixture(&format!("rules/{id}")), "bad") else { continue };
        let findings: Vec<_> = lint(&bad, &[id]).into_iter().filter(|f| &*f.rule == id).collect();
        let report = Report { findings, ..Report::default() };
        let text = render(&report, Format::Human, &RenderOptions::default());
        insta::with_settings!({ snapshot_suffix => id, prepend_module_to_snapshot => false }, {
            insta::assert_snapshot!("human", text);
        });
    }
}

/// The README's rule table is `ndlint rules --format markdown`, byte for byte.
#[test]
fn readme_rule_table_is_generated_from_the_registry() {
    let readme = fs::read_to_string(crate::common::repo().join("README.md")).unwrap();
    let start = readme.find("<!-- rules:start -->\n").expect("start marker") + "<!-- rules:start -->\n".len();
    let end = readme.find("<!-- rules:end -->").expect("end marker");
    let table = ndlint::rules::table::rules_markdown();
    assert!(
        readme[start..end] == table,
        "README rule table is stale: regenerate it with `cargo run -- rules --format markdown`"
    );
}

/// `docs/rules.md` (where SARIF `helpUri`s point) is generated from the registry.
#[test]
fn rule_docs_are_generated_from_the_registry() {
    let docs = fs::read_to_string(crate::common::repo().join("docs/rules.md")).unwrap_or_default();
    assert!(
        docs == ndlint::rules::table::rules_docs(),
        "docs/rules.md is stale: regenerate it with `cargo run -- rules --format docs > docs/rules.md`"
    );
}
