//! Shared test helpers: lint fixtures the way users do and describe findings as users see them.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use ndlint::finding::Finding;
use ndlint::rules::{Registry, Selection};

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixture(rel: &str) -> PathBuf {
    repo().join("fixtures").join(rel)
}

/// A registry running only the given rules (ids or prefixes), or every default rule when empty.
pub fn registry(select: &[&str]) -> Registry {
    Registry::new(Selection { select: select.iter().map(|s| s.to_string()).collect(), ..Default::default() })
}

/// Lints one file with the given rules selected.
pub fn lint(path: &Path, select: &[&str]) -> Vec<Finding> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let rel = path.strip_prefix(repo()).unwrap_or(path).to_string_lossy().replace('\\', "/");
    ndlint::check::lint_text(&rel, &text, &registry(select))
}

/// `line:column rule-id` of each finding, as users read them.
pub fn positions(findings: &[Finding]) -> Vec<String> {
    findings
        .iter()
        .map(|f| {
            let lc = f.file.line_col(f.span.start);
            format!("{}:{} {}", lc.line, lc.column, f.rule)
        })
        .collect()
}

/// Validates SARIF output against the SARIF 2.1.0 JSON schema (as GitHub's `upload-sarif` does)
/// and checks GitHub's extra rules: no `null` anywhere, a `results` array in every run.
pub fn assert_valid_sarif(sarif: &str) {
    use std::sync::OnceLock;
    static VALIDATOR: OnceLock<jsonschema::Validator> = OnceLock::new();
    let validator = VALIDATOR.get_or_init(|| {
        // A copy of the schema lives in the repository (tests/data/README.md says where it is from).
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/sarif-schema-2.1.0.json");
        let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
        // The distributed schema has a malformed language pattern that jsonschema rejects; patch it.
        let text = text
            .replace(r#""^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$""#, r#""^[a-zA-Z]{2}(-[a-zA-Z]{2})?$""#);
        let schema: serde_json::Value = serde_json::from_str(&text).expect("schema is JSON");
        jsonschema::options().should_validate_formats(true).build(&schema).expect("schema compiles")
    });
    let value: serde_json::Value =
        serde_json::from_str(sarif).unwrap_or_else(|e| panic!("SARIF is not JSON: {e}"));
    let errors: Vec<String> =
        validator.iter_errors(&value).map(|e| format!("{} at {}", e, e.instance_path())).collect();
    assert!(errors.is_empty(), "SARIF does not validate:\n{}", errors.join("\n"));
    fn no_nulls(v: &serde_json::Value, at: &str) {
        match v {
            serde_json::Value::Null => panic!("SARIF has a null at {at}"),
            serde_json::Value::Array(items) => {
                items.iter().enumerate().for_each(|(i, x)| no_nulls(x, &format!("{at}/{i}")))
            }
            serde_json::Value::Object(map) => map.iter().for_each(|(k, x)| no_nulls(x, &format!("{at}/{k}"))),
            _ => {}
        }
    }
    no_nulls(&value, "");
    for run in value["runs"].as_array().expect("runs") {
        assert!(run["results"].is_array(), "a run without a results array");
        assert!(run["tool"]["driver"]["rules"].is_array(), "a driver without a rules array");
    }
    // `.ci/run` sets NDLINT_SARIF_DIR and runs Microsoft's SARIF Multitool on what is kept there.
    if let Some(dir) = std::env::var_os("NDLINT_SARIF_DIR") {
        use sha2::{Digest, Sha256};
        let name: String =
            Sha256::digest(sarif.as_bytes()).iter().take(8).map(|b| format!("{b:02x}")).collect();
        let path = std::path::Path::new(&dir).join(format!("{name}.sarif"));
        std::fs::create_dir_all(&dir).and_then(|()| std::fs::write(&path, sarif)).expect("NDLINT_SARIF_DIR");
    }
}
