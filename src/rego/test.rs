//! `ndlint test`: runs Rego unit tests (`test_*` rules) with `opa test` semantics, plus Gatekeeper
//! `gator verify` suites (`suite.yaml`).
//!
//! A test is a non-function rule whose last name component starts with `test_`; it passes iff it
//! evaluates to `true` (a partial-object test iff every value is `true`); undefined or `false`
//! fails; an error, a timeout or an engine panic is an error. `todo_test_*` rules are skipped.
//! Duplicate definitions of one test in a package run separately as `test_x#01`, `test_x#02`
//! (regorus would merge them, so ndlint renames the N-th head before loading). `--run REGEX`
//! keeps the tests whose full name (`data.pkg.test_x`) it matches.
//!
//! Output follows `opa test -v`: a `file:` line, then `data.pkg.test_x: PASS (1.2ms)` per test
//! (`FAIL`, `ERROR` with the error indented below, `SKIPPED`; `print` output indented), a rule
//! of dashes, then `PASS: n/N`, `FAIL: n/N`, `ERROR: n/N`, `SKIPPED: n/N` (non-zero counts only).
//! With `--coverage` the output is OPA's JSON coverage report instead: per file `covered` and
//! `not_covered` line ranges (`{"start":{"row"},"end":{"row"}}`), `covered_lines`,
//! `not_covered_lines` and `coverage` (percent), and the same three totals; `_test.rego` files
//! are left out.

use std::collections::{BTreeMap, HashMap};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, bail};

use super::{EMBEDDED_POLICIES, EMBEDDED_TESTS, add_module, ast, collect_files, display_path, new_engine};

/// Outcome of one test.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Pass = 0,
    Fail = 1,
    Error = 2,
    Skip = 3,
}

impl Outcome {
    fn label(self) -> &'static str {
        match self {
            Outcome::Pass => "PASS",
            Outcome::Fail => "FAIL",
            Outcome::Error => "ERROR",
            Outcome::Skip => "SKIPPED",
        }
    }
}

struct Module {
    path: String,
    text: String,
}

/// What `ndlint test` runs and prints.
#[derive(Clone, Debug, Default)]
pub struct TestOptions {
    /// Print OPA's JSON coverage report instead of the results.
    pub coverage: bool,
    /// Only the tests whose full name matches.
    pub run: Option<regex::Regex>,
}

/// Runs every Rego test (and `suite.yaml` suite) under `dirs`; with no dirs, the embedded pack's
/// tests. Writes the results (see the module docs); returns true when every test passed. Load
/// errors are `Err`.
pub fn run_tests(dirs: &[PathBuf], opts: &TestOptions, out: &mut dyn Write) -> anyhow::Result<bool> {
    let coverage = opts.coverage;
    let mut modules = Vec::new();
    let mut suites = Vec::new();
    if dirs.is_empty() {
        for (p, t) in EMBEDDED_POLICIES.iter().chain(EMBEDDED_TESTS) {
            modules.push(Module { path: p.to_string(), text: t.to_string() });
        }
    }
    for dir in dirs {
        let mut files = Vec::new();
        collect_files(
            dir,
            &mut |p: &Path| {
                let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default();
                name.ends_with(".rego") || name == "suite.yaml" || name == "suite.yml"
            },
            &mut files,
        )
        .with_context(|| format!("reading {}", dir.display()))?;
        files.sort();
        for f in files {
            if f.extension().is_some_and(|e| e == "rego") {
                let text = std::fs::read_to_string(&f).with_context(|| format!("reading {}", f.display()))?;
                modules.push(Module { path: display_path(&f), text });
            } else {
                suites.push(f);
            }
        }
    }
    rename_duplicates(&mut modules)?;
    let mut engine = new_engine(Duration::from_secs(5));
    let mut problems = Vec::new();
    for m in &modules {
        if let Err(p) = add_module(&mut engine, &m.path, &m.text) {
            problems.push(p.to_string());
        }
    }
    if !problems.is_empty() {
        bail!("{}", problems.join("\n"));
    }
    engine.set_enable_coverage(coverage);
    engine.set_input(regorus::Value::new_object());
    let asts: Vec<_> = engine.get_modules().to_vec();
    let mut tests = Vec::new();
    for m in &asts {
        let pkg = ast::package_path(m);
        let file = m.package.span.source.get_path().clone();
        let mut seen = std::collections::HashSet::new();
        for def in ast::rule_defs(m) {
            let Some(last) = def.path.last() else { continue };
            if def.is_function || !(last.starts_with("test_") || last.starts_with("todo_test_")) {
                continue;
            }
            let mut full = pkg.clone();
            full.extend(def.path.iter().cloned());
            if seen.insert(full.clone()) {
                tests.push((file.clone(), def.line, full));
            }
        }
    }
    if let Some(re) = &opts.run {
        tests.retain(|(_, _, path)| re.is_match(&display_name(path)));
    }
    let mut results = String::new();
    let mut counts = [0usize; 4]; // pass, fail, error, skip
    let mut last_file = None;
    for (file, _line, path) in &tests {
        let shown = display_name(path);
        let last = path.last().map(String::as_str).unwrap_or_default();
        let started = std::time::Instant::now();
        let (outcome, detail) = if last.starts_with("todo_test_") {
            (Outcome::Skip, String::new())
        } else {
            let rule = super::conftest::data_ref(path);
            match super::contained(|| engine.eval_rule(rule)) {
                Ok(Ok(v)) if passes(&v) => (Outcome::Pass, String::new()),
                Ok(Ok(_)) => (Outcome::Fail, String::new()),
                Ok(Err(e)) => (Outcome::Error, super::error_message(&format!("{e}"))),
                Err(_) => {
                    engine = engine.clone();
                    (Outcome::Error, "the Rego engine crashed (regorus panic)".to_string())
                }
            }
        };
        counts[outcome as usize] += 1;
        if last_file != Some(file) {
            if last_file.is_some() {
                results.push('\n');
            }
            results.push_str(&format!("{file}:\n"));
            last_file = Some(file);
        }
        match outcome {
            Outcome::Skip => results.push_str(&format!("{shown}: SKIPPED\n")),
            _ => {
                let ms = started.elapsed().as_secs_f64() * 1000.0;
                results.push_str(&format!("{shown}: {} ({ms:.1}ms)\n", outcome.label()));
            }
        }
        if !detail.is_empty() {
            results.push_str(&format!("  {detail}\n"));
        }
        if let Ok(prints) = engine.take_prints() {
            for p in prints {
                results.push_str(&format!("  {p}\n"));
            }
        }
    }
    let [passed, failed, errors, skipped] = counts;
    let mut cases = super::gatekeeper::SuiteCounts::default();
    let mut suite_lines = Vec::new();
    for s in &suites {
        let c = super::gatekeeper::verify_suite(s, &mut suite_lines)?;
        cases.passed += c.passed;
        cases.failed += c.failed;
        cases.skipped += c.skipped;
    }
    if coverage {
        write_coverage(&engine, out)?;
    } else {
        out.write_all(results.as_bytes())?;
        out.write_all(&suite_lines)?;
        let total = passed + failed + errors + skipped;
        if total > 0 {
            writeln!(out, "{}", "-".repeat(80))?;
            for (label, n) in [("PASS", passed), ("FAIL", failed), ("ERROR", errors), ("SKIPPED", skipped)] {
                if n > 0 {
                    writeln!(out, "{label}: {n}/{total}")?;
                }
            }
        }
        writeln!(out, "{total} tests: {passed} passed, {failed} failed, {errors} errors, {skipped} skipped")?;
        if !suites.is_empty() {
            writeln!(
                out,
                "{} suite cases: {} passed, {} failed, {} skipped",
                cases.passed + cases.failed + cases.skipped,
                cases.passed,
                cases.failed,
                cases.skipped
            )?;
        }
    }
    Ok(failed == 0 && errors == 0 && skipped == 0 && cases.failed == 0)
}

fn passes(v: &regorus::Value) -> bool {
    match v {
        regorus::Value::Bool(b) => *b,
        regorus::Value::Object(o) => !o.is_empty() && o.values().all(|x| *x == regorus::Value::Bool(true)),
        _ => false,
    }
}

fn display_name(path: &[String]) -> String {
    let mut s = super::conftest::data_ref(path);
    if let Some(i) = s.find(DUP_MARK) {
        let n = s[i + DUP_MARK.len()..].to_string();
        s.truncate(i);
        s.push('#');
        s.push_str(&n);
    }
    s
}

/// A test's package and name.
type TestKey = (Vec<String>, String);

const DUP_MARK: &str = "__ndlint_dup";

/// Renames the 2nd, 3rd… definition of a test name within one package: `test_x` → `test_x__ndlint_dup02`
/// (shown as `test_x#02`), and the first to `#01`, so that each runs separately.
fn rename_duplicates(modules: &mut [Module]) -> anyhow::Result<()> {
    // (package, test name) -> [(module index, line)]
    let mut defs: BTreeMap<TestKey, Vec<(usize, u32)>> = BTreeMap::new();
    for (i, m) in modules.iter().enumerate() {
        let mut scratch = new_engine(Duration::from_secs(5));
        if add_module(&mut scratch, &m.path, &m.text).is_err() {
            continue; // reported when loading for real
        }
        let Some(module) = scratch.get_modules().first().cloned() else { continue };
        let pkg = ast::package_path(&module);
        for def in ast::rule_defs(&module) {
            if def.is_function || def.path.len() != 1 {
                continue;
            }
            let name = def.path[0].clone();
            if name.starts_with("test_") {
                defs.entry((pkg.clone(), name)).or_default().push((i, def.line));
            }
        }
    }
    let mut edits: HashMap<usize, Vec<(u32, String, String)>> = HashMap::new();
    for ((_, name), places) in defs {
        if places.len() < 2 {
            continue;
        }
        for (n, (i, line)) in places.into_iter().enumerate() {
            edits.entry(i).or_default().push((line, name.clone(), format!("{name}{DUP_MARK}{:02}", n + 1)));
        }
    }
    for (i, list) in edits {
        let Some(m) = modules.get_mut(i) else { continue };
        let mut lines: Vec<String> = m.text.lines().map(str::to_string).collect();
        for (line, from, to) in list {
            if let Some(l) = lines.get_mut((line as usize).saturating_sub(1))
                && let Some(at) = l.find(&from)
            {
                l.replace_range(at..at + from.len(), &to);
            }
        }
        m.text = lines.join("\n");
        m.text.push('\n');
    }
    Ok(())
}

/// OPA's JSON coverage report (see the module docs).
fn write_coverage(engine: &regorus::Engine, out: &mut dyn Write) -> anyhow::Result<()> {
    let report = engine.get_coverage_report()?;
    let ranges = |lines: &[u32]| -> Vec<serde_json::Value> {
        let mut sorted = lines.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        let mut out: Vec<(u32, u32)> = Vec::new();
        for l in sorted {
            match out.last_mut() {
                Some((_, end)) if *end + 1 == l => *end = l,
                _ => out.push((l, l)),
            }
        }
        out.into_iter().map(|(s, e)| serde_json::json!({"start": {"row": s}, "end": {"row": e}})).collect()
    };
    let percent = |c: usize, n: usize| if c + n == 0 { 0.0 } else { c as f64 * 100.0 / (c + n) as f64 };
    let mut files = serde_json::Map::new();
    let (mut covered, mut not_covered) = (0, 0);
    for f in &report.files {
        let name = Path::new(&f.path).file_name().and_then(|n| n.to_str()).unwrap_or_default();
        if name.ends_with("_test.rego") {
            continue;
        }
        let (c, n) = (f.covered.len(), f.not_covered.len());
        covered += c;
        not_covered += n;
        let mut entry = serde_json::Map::new();
        if c > 0 {
            entry.insert("covered".into(), ranges(&f.covered.iter().copied().collect::<Vec<_>>()).into());
        }
        if n > 0 {
            entry.insert(
                "not_covered".into(),
                ranges(&f.not_covered.iter().copied().collect::<Vec<_>>()).into(),
            );
        }
        entry.insert("covered_lines".into(), c.into());
        entry.insert("not_covered_lines".into(), n.into());
        entry.insert("coverage".into(), percent(c, n).into());
        files.insert(f.path.clone(), entry.into());
    }
    let report = serde_json::json!({
        "files": files,
        "covered_lines": covered,
        "not_covered_lines": not_covered,
        "coverage": percent(covered, not_covered),
    });
    writeln!(out, "{}", serde_json::to_string_pretty(&report)?)?;
    Ok(())
}
