//! The SARIF 2.1.0 format for GitHub code scanning (see `notes/sarif-github.md`): one run, every
//! rule listed once with a friendly name, one located result per finding, never a `null`, at most
//! 5,000 results; every URI relative to a declared `originalUriBaseIds` root, related locations on
//! real files only (a rendered stream's position is told in the message), and the git checkout's
//! commit, branch and remote as `versionControlProvenance`.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use rayon::prelude::*;
use serde_json::{Value, json};
use serde_sarif::sarif::{
    ArtifactLocation, Location, LogicalLocation, Message, MultiformatMessageString, PhysicalLocation,
    PropertyBag, Region, ReportingConfiguration, ReportingDescriptor, Result as SarifResult, ResultLevel,
    Run, RunAutomationDetails, Sarif, Suppression, Tool, ToolComponent, VersionControlDetails,
};
use sha2::{Digest, Sha256};

use super::{RenderOptions, Report, git};
use crate::finding::{Finding, Severity};
use crate::rules::RuleInfo;
use crate::source::{SourceFile, Span};

/// GitHub shows the 5,000 most severe results of a run.
pub const MAX_RESULTS: usize = 5000;
const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
const INFORMATION_URI: &str = "https://github.com/normaldance/ndlint";
const SRCROOT: &str = "%SRCROOT%";

/// The documentation anchor of a rule: the heading anchor GitHub derives from the rule id
/// (lowercase; letters, digits, `-` and `_` kept, spaces to `-`, anything else dropped).
pub fn help_uri(rule_id: &str) -> String {
    let anchor: String = rule_id
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect();
    format!("{INFORMATION_URI}/blob/main/docs/rules.md#{}", percent_encode(&anchor))
}

/// The message the CLI prints on stderr when the SARIF report leaves results out.
pub fn sarif_truncated(report: &Report) -> Option<String> {
    let n = report.findings.iter().filter(|f| f.suppressed.is_none()).count();
    (n > MAX_RESULTS).then(|| {
        format!(
            "SARIF: {n} results, only the {MAX_RESULTS} most severe were written \
             (GitHub shows no more); use --format json for all of them"
        )
    })
}

pub fn render(report: &Report, opts: &RenderOptions) -> String {
    let mut rules: Vec<RuleInfo> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for info in &report.rules {
        if !index.contains_key(&info.id) {
            index.insert(info.id.clone(), rules.len());
            rules.push(info.clone());
        }
    }
    // A finding of a rule the run did not describe still needs a rule entry for its ruleIndex.
    for f in &report.findings {
        if !index.contains_key(&*f.rule) {
            index.insert(f.rule.to_string(), rules.len());
            rules.push(RuleInfo {
                id: f.rule.to_string(),
                summary: String::new(),
                severity: f.severity,
                help: String::new(),
                docs: String::new(),
                references: Vec::new(),
                tags: Vec::new(),
                source: f.source,
                default_enabled: true,
            });
        }
    }

    let mut selected: Vec<&Finding> =
        report.findings.iter().filter(|f| opts.sarif_suppressed || f.suppressed.is_none()).collect();
    selected.sort_by_key(|f| std::cmp::Reverse(f.severity)); // stable: keeps the report's order within a level
    selected.truncate(MAX_RESULTS);

    // Every line of a file is hashed (occurrence counts run through the file): once per file, in
    // parallel.
    let mut files: Vec<&SourceFile> = selected.iter().map(|f| &*f.file).collect();
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files.dedup_by(|a, b| a.path == b.path);
    let bases = Bases::new(
        &report.root,
        selected.iter().flat_map(|f| f.related.iter().map(|r| &*r.file).chain([&*f.file])),
    );
    let line_hashes: HashMap<&str, Vec<LineHash>> =
        files.into_par_iter().map(|file| (file.path.as_str(), line_hashes_of(&file.text))).collect();
    let results: Vec<SarifResult> = selected
        .into_iter()
        .map(|f| {
            let hashes = line_hashes.get(f.file.path.as_str()).map_or(&[][..], Vec::as_slice);
            result(f, index.get(&*f.rule).copied().unwrap_or(0), hashes, &bases)
        })
        .collect();

    let driver = ToolComponent::builder()
        .name("ndlint")
        .semantic_version(env!("CARGO_PKG_VERSION"))
        .information_uri(INFORMATION_URI)
        .rules(rules.iter().map(descriptor).collect::<Vec<_>>())
        .build();
    let mut run = Run::builder()
        .tool(Tool::builder().driver(driver).build())
        .results(results)
        .automation_details(RunAutomationDetails::builder().id("ndlint/").build())
        .column_kind(json!("unicodeCodePoints"))
        .original_uri_base_ids(bases.declared())
        .build();
    if let Some(checkout) = git::checkout(&report.root) {
        run.version_control_provenance = Some(vec![provenance(checkout, &report.root)]);
    }
    let log = Sarif::builder().schema(SCHEMA).version(json!("2.1.0")).runs(vec![run]).build();
    let mut s = serde_json::to_string_pretty(&log).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"));
    s.push('\n');
    s
}

fn level(s: Severity) -> ResultLevel {
    match s {
        Severity::Critical | Severity::High => ResultLevel::Error,
        Severity::Medium => ResultLevel::Warning,
        Severity::Low | Severity::Info => ResultLevel::Note,
    }
}

fn level_str(s: Severity) -> &'static str {
    match level(s) {
        ResultLevel::Error => "error",
        ResultLevel::Warning => "warning",
        _ => "note",
    }
}

/// GitHub's `security-severity` for security rules; `None` for info (any number would read "low").
fn security_severity(s: Severity) -> Option<&'static str> {
    match s {
        Severity::Critical => Some("9.5"),
        Severity::High => Some("8.0"),
        Severity::Medium => Some("5.5"),
        Severity::Low => Some("3.0"),
        Severity::Info => None,
    }
}

fn problem_severity(s: Severity) -> &'static str {
    match s {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low | Severity::Info => "recommendation",
    }
}

/// Truncates to at most `max` characters (GitHub's limit for descriptions is 1024).
fn clip(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((i, _)) => s[..i].to_string(),
        None => s.to_string(),
    }
}

fn non_empty<'a>(candidates: &[&'a str]) -> &'a str {
    candidates.iter().map(|s| s.trim()).find(|s| !s.is_empty()).unwrap_or("")
}

/// The rule's friendly name: its id as one Pascal-case identifier (`k8s-host-port` → `K8sHostPort`),
/// as SARIF consumers expect of `name`.
pub fn friendly_name(rule_id: &str) -> String {
    rule_id
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut chars = w.chars();
            chars.next().map(|c| c.to_uppercase().chain(chars).collect::<String>()).unwrap_or_default()
        })
        .collect()
}

/// Where the run's files are under version control; the repository is the remote when it is a URL,
/// else the checkout itself.
fn provenance(checkout: git::Checkout, root: &Path) -> VersionControlDetails {
    let mut details = VersionControlDetails::builder()
        .repository_uri(checkout.remote.unwrap_or_else(|| root_uri(root)))
        .revision_id(checkout.revision)
        .mapped_to(ArtifactLocation::builder().uri_base_id(SRCROOT).build())
        .build();
    details.branch = checkout.branch;
    details
}

fn descriptor(info: &RuleInfo) -> ReportingDescriptor {
    let summary = non_empty(&[&info.summary, &info.id]);
    let first_paragraph = info.docs.trim().split("\n\n").next().unwrap_or("");
    let full = non_empty(&[first_paragraph, summary]);
    let mut markdown = non_empty(&[&info.docs, summary]).to_string();
    if !info.help.trim().is_empty() {
        markdown.push_str(&format!("\n\n**How to fix:** {}", info.help.trim()));
    }
    if !info.references.is_empty() {
        markdown.push_str(&format!("\n\n**References:** {}", info.references.join("; ")));
    }

    let mut tags: Vec<String> = Vec::new();
    for t in &info.tags {
        if !t.is_empty() && !tags.contains(t) && tags.len() < 10 {
            tags.push(t.clone());
        }
    }
    let mut extra = BTreeMap::new();
    let security = info.tags.iter().any(|t| t == "security");
    match security_severity(info.severity).filter(|_| security) {
        Some(score) => {
            extra.insert("security-severity".to_string(), json!(score));
        }
        None => {
            extra.insert("problem.severity".to_string(), json!(problem_severity(info.severity)));
        }
    }
    let mut props = PropertyBag::builder().additional_properties(extra).build();
    if !tags.is_empty() {
        props.tags = Some(tags);
    }

    ReportingDescriptor::builder()
        .id(info.id.clone())
        .name(friendly_name(&info.id))
        .short_description(MultiformatMessageString::builder().text(clip(summary, 1024)).build())
        .full_description(MultiformatMessageString::builder().text(clip(full, 1024)).build())
        .help(MultiformatMessageString::builder().text(markdown.clone()).markdown(markdown).build())
        .help_uri(help_uri(&info.id))
        .default_configuration(
            ReportingConfiguration::builder().level(json!(level_str(info.severity))).build(),
        )
        .properties(props)
        .build()
}

fn region(file: &SourceFile, span: Span) -> Region {
    let start = file.line_col(span.start);
    let end = file.line_col(span.end.max(span.start));
    let as_i64 = |v: usize| i64::try_from(v).unwrap_or(i64::MAX).max(1);
    Region::builder()
        .start_line(as_i64(start.line))
        .start_column(as_i64(start.column))
        .end_line(as_i64(end.line))
        .end_column(as_i64(end.column))
        .build()
}

/// The base URIs of a run: `%SRCROOT%` (the repository root) and, for files outside it (a
/// directory scanned from elsewhere), one `%ROOTn%` per directory, so that every URI is relative.
struct Bases {
    root: std::path::PathBuf,
    /// Absolute directories outside the root, with their base id.
    outside: Vec<(std::path::PathBuf, String)>,
}

impl Bases {
    fn new<'a>(root: &Path, files: impl Iterator<Item = &'a SourceFile>) -> Bases {
        let mut bases = Bases { root: root.to_path_buf(), outside: Vec::new() };
        let mut dirs: Vec<std::path::PathBuf> = files
            .filter(|f| relative_path(&f.path, root).is_none())
            .filter_map(|f| Path::new(&f.path).parent().map(Path::to_path_buf))
            .collect();
        dirs.sort();
        dirs.dedup();
        for dir in dirs {
            if !bases.outside.iter().any(|(d, _)| dir.starts_with(d)) {
                let id = format!("%ROOT{}%", bases.outside.len() + 1);
                bases.outside.push((dir, id));
            }
        }
        bases
    }

    fn declared(&self) -> BTreeMap<String, ArtifactLocation> {
        let mut ids = BTreeMap::new();
        ids.insert(SRCROOT.to_string(), ArtifactLocation::builder().uri(root_uri(&self.root)).build());
        for (dir, id) in &self.outside {
            ids.insert(id.clone(), ArtifactLocation::builder().uri(root_uri(dir)).build());
        }
        ids
    }

    /// The file's URI relative to its base, and the base id.
    fn locate(&self, path: &str) -> (String, &str) {
        if let Some(rel) = relative_path(path, &self.root) {
            return (rel, SRCROOT);
        }
        for (dir, id) in &self.outside {
            if let Ok(rel) = Path::new(path).strip_prefix(dir) {
                return (rel.to_string_lossy().replace('\\', "/"), id);
            }
        }
        (path.trim_start_matches('/').to_string(), SRCROOT)
    }

    /// Whether a file is one a person can open (not a rendered stream such as `helm template` output).
    fn is_real_file(&self, path: &str) -> bool {
        let (rel, id) = self.locate(path);
        let base = if id == SRCROOT {
            Some(self.root.as_path())
        } else {
            self.outside.iter().find(|(_, i)| i == id).map(|(d, _)| d.as_path())
        };
        base.is_some_and(|b| b.join(rel).is_file())
    }

    fn physical(&self, file: &SourceFile, span: Span) -> PhysicalLocation {
        let (rel, id) = self.locate(&file.path);
        let artifact = ArtifactLocation::builder().uri(percent_encode(&rel)).uri_base_id(id).build();
        PhysicalLocation::builder().artifact_location(artifact).region(region(file, span)).build()
    }

    /// A related location: on its file when that is real, else (a rendered stream) its position in
    /// the message and the stream as a logical location.
    fn related(&self, id: usize, r: &crate::finding::Related) -> Location {
        let mut loc = Location::builder().id(i64::try_from(id).unwrap_or(i64::MAX)).build();
        let mut text = r.message.trim().to_string();
        if self.is_real_file(&r.file.path) {
            loc.physical_location = Some(self.physical(&r.file, r.span));
        } else {
            let lc = r.file.line_col(r.span.start);
            let at = format!("line {}, column {} of {}", lc.line, lc.column, r.file.path);
            text = if text.is_empty() { at } else { format!("{text} ({at})") };
            loc.logical_locations =
                Some(vec![LogicalLocation::builder().name(r.file.path.clone()).kind("module").build()]);
        }
        if !text.is_empty() {
            loc.message = Some(Message::builder().text(text).build());
        }
        loc
    }
}

fn result(f: &Finding, rule_index: usize, hashes: &[LineHash], bases: &Bases) -> SarifResult {
    let mut message = non_empty(&[&f.message, &f.rule]).to_string();
    if f.approximate {
        message.push_str(" (location is approximate)");
    }
    let mut location = Location::builder().physical_location(bases.physical(&f.file, f.span)).build();
    if let Some(logical) = logical_location(f) {
        location.logical_locations = Some(vec![logical]);
    }
    let uri = bases.locate(&f.file.path).0;

    let mut fingerprints = BTreeMap::new();
    fingerprints.insert("ndlint/v1".to_string(), fingerprint(f, &uri));
    // An empty text is a placeholder for a file ndlint could not read: its hash would be wrong.
    let start_line = f.file.line_col(f.span.start).line;
    if let Some(h) = start_line.checked_sub(1).and_then(|i| hashes.get(i)).filter(|_| !f.file.text.is_empty())
    {
        fingerprints.insert("primaryLocationLineHash".to_string(), h.to_string());
    }

    let mut res = SarifResult::builder()
        .rule_id(f.rule.to_string())
        .rule_index(i64::try_from(rule_index).unwrap_or(0))
        .level(level(f.severity))
        .message(Message::builder().text(message).build())
        .locations(vec![location])
        .partial_fingerprints(fingerprints)
        .build();
    if !f.related.is_empty() {
        res.related_locations =
            Some(f.related.iter().enumerate().map(|(i, r)| bases.related(i + 1, r)).collect());
    }
    let mut extra = BTreeMap::new();
    if f.approximate {
        extra.insert("approximateLocation".to_string(), Value::Bool(true));
    }
    if let Some(m) = &f.metadata {
        extra.insert("metadata".to_string(), Value::Object((**m).clone()));
    }
    if !extra.is_empty() {
        res.properties = Some(PropertyBag::builder().additional_properties(extra).build());
    }
    if let Some(s) = &f.suppressed {
        let kind = if s.kind == "config" { "external" } else { "inSource" };
        let mut sup = Suppression::builder().kind(json!(kind)).build();
        if !s.reason.trim().is_empty() {
            sup.justification = Some(s.reason.clone());
        }
        res.suppressions = Some(vec![sup]);
    }
    res
}

/// The Kubernetes object (`Kind/namespace/name`) or the Terraform address a finding is about.
fn logical_location(f: &Finding) -> Option<LogicalLocation> {
    if let Some(o) = &f.object {
        let fqn = [Some(o.kind.as_str()), o.namespace.as_deref(), o.name.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join("/");
        let name = o.name.clone().unwrap_or_else(|| o.kind.clone());
        return Some(
            LogicalLocation::builder().name(name).fully_qualified_name(fqn).kind("resource").build(),
        );
    }
    let address = f.address.as_ref().filter(|a| !a.is_empty())?;
    Some(LogicalLocation::builder().fully_qualified_name(address.clone()).kind("resource").build())
}

/// `sha256(rule id, uri, object identity or resource address, pointer)`, stable under line moves.
fn fingerprint(f: &Finding, uri: &str) -> String {
    let identity = match (&f.object, &f.address) {
        (Some(o), _) => format!(
            "{}/{}/{}/{}",
            o.api_version,
            o.kind,
            o.namespace.as_deref().unwrap_or(""),
            o.name.as_deref().unwrap_or("")
        ),
        (None, Some(a)) => a.clone(),
        (None, None) => String::new(),
    };
    let mut h = Sha256::new();
    for part in [&*f.rule, uri, &identity, f.pointer.as_deref().unwrap_or("")] {
        h.update(part.as_bytes());
        h.update([0u8]);
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// The finding path relative to the repository root, `/`-separated; `None` for a path outside it.
fn relative_path(path: &str, root: &Path) -> Option<String> {
    let path = path.replace('\\', "/");
    let mut rel = path.as_str();
    while let Some(rest) = rel.strip_prefix("./") {
        rel = rest;
    }
    if rel.starts_with('/') || Path::new(rel).is_absolute() {
        let stripped = Path::new(rel).strip_prefix(root).ok()?;
        return Some(stripped.to_string_lossy().replace('\\', "/"));
    }
    Some(rel.to_string())
}

fn file_uri(path: &str) -> String {
    let p = path.replace('\\', "/");
    let p = if p.starts_with('/') { p } else { format!("/{p}") };
    format!("file://{}", percent_encode(&p))
}

/// `file:///…/` for the repository root (absolute, ending in `/`).
fn root_uri(root: &Path) -> String {
    let abs = std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf());
    let mut uri = file_uri(&abs.to_string_lossy());
    if !uri.ends_with('/') {
        uri.push('/');
    }
    uri
}

/// Percent-encodes everything but unreserved characters and `/` (RFC 3986).
pub fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// GitHub's `primaryLocationLineHash` of one line: the rolling hash and how often it occurred up
/// to that line; shown as `hex:occurrence`.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct LineHash {
    hash: u64,
    occurrence: u32,
}

impl std::fmt::Display for LineHash {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:x}:{}", self.hash, self.occurrence)
    }
}

/// The [`LineHash`] of every line of a file, the first line first: a port of codeql-action's
/// `fingerprints.ts` (UTF-16 code units, spaces and tabs dropped, CR LF and CR read as LF, a
/// rolling hash over the 100 kept units from each line's first).
pub fn line_hashes_of(text: &str) -> Vec<LineHash> {
    const BLOCK: usize = 100;
    const MOD: i64 = 37;
    const EOF: u16 = 65535;
    let first_mod = (0..BLOCK).fold(1i64, |acc, _| acc.wrapping_mul(MOD));

    struct State {
        window: [i64; BLOCK],
        line_numbers: [i64; BLOCK],
        hash: i64,
        index: usize,
        line_number: i64,
        line_start: bool,
        prev_cr: bool,
        counts: HashMap<u64, u32>,
        out: Vec<LineHash>,
    }
    impl State {
        fn output(&mut self) {
            let hash = self.hash as u64;
            let n = self.counts.entry(hash).or_insert(0);
            *n += 1;
            if let Some(line) =
                usize::try_from(self.line_numbers[self.index]).ok().and_then(|l| l.checked_sub(1))
            {
                if self.out.len() <= line {
                    self.out.resize(line + 1, LineHash::default());
                }
                self.out[line] = LineHash { hash, occurrence: *n };
            }
            self.line_numbers[self.index] = -1;
        }
        fn update(&mut self, current: i64, first_mod: i64) {
            let begin = self.window[self.index];
            self.window[self.index] = current;
            self.hash =
                MOD.wrapping_mul(self.hash).wrapping_add(current).wrapping_sub(first_mod.wrapping_mul(begin));
            self.index = (self.index + 1) % BLOCK;
        }
        fn process(&mut self, unit: u16, first_mod: i64) {
            let (space, tab, lf, cr) = (b' ' as u16, b'\t' as u16, b'\n' as u16, b'\r' as u16);
            if unit == space || unit == tab || (self.prev_cr && unit == lf) {
                self.prev_cr = false;
                return;
            }
            let mut current = unit;
            if unit == cr {
                current = lf;
                self.prev_cr = true;
            } else {
                self.prev_cr = false;
            }
            if self.line_numbers[self.index] != -1 {
                self.output();
            }
            if self.line_start {
                self.line_start = false;
                self.line_number += 1;
                self.line_numbers[self.index] = self.line_number;
            }
            if current == lf {
                self.line_start = true;
            }
            self.update(i64::from(current), first_mod);
        }
    }

    let mut st = State {
        window: [0; BLOCK],
        line_numbers: [-1; BLOCK],
        hash: 0,
        index: 0,
        line_number: 0,
        line_start: true,
        prev_cr: false,
        counts: HashMap::new(),
        out: Vec::new(),
    };
    for unit in text.encode_utf16() {
        st.process(unit, first_mod);
    }
    st.process(EOF, first_mod);
    for _ in 0..BLOCK {
        if st.line_numbers[st.index] != -1 {
            st.output();
        }
        st.update(0, first_mod);
    }
    st.out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Expected values from codeql-action's own fingerprint tests.
    #[test]
    fn line_hashes_match_codeql_action() {
        let h = line_hashes_of("");
        assert_eq!(h.iter().map(ToString::to_string).collect::<Vec<_>>(), ["c129715d7a2bc9a3:1"]);
        let h = line_hashes_of(" a\nb\n  \t\tc\n d");
        let got: Vec<String> = h.iter().map(ToString::to_string).collect();
        assert_eq!(
            got,
            ["271789c17abda88f:1", "54703d4cd895b18:1", "180aee12dab6264:1", "a23a3dc5e078b07b:1"]
        );
    }

    #[test]
    fn percent_encodes_reserved_and_non_ascii() {
        assert_eq!(percent_encode("k8s/a b,c:d/ü.yaml"), "k8s/a%20b%2Cc%3Ad/%C3%BC.yaml");
    }

    #[test]
    fn help_uri_is_the_markdown_heading_anchor() {
        let base = "https://github.com/normaldance/ndlint/blob/main/docs/rules.md#";
        assert_eq!(help_uri("k8s-privileged-container"), format!("{base}k8s-privileged-container"));
        assert_eq!(
            help_uri("K8sRequiredLabels/must-have-team"),
            format!("{base}k8srequiredlabelsmust-have-team")
        );
    }

    #[test]
    fn relative_paths() {
        let root = Path::new("/repo");
        assert_eq!(relative_path("./k8s/a.yaml", root).as_deref(), Some("k8s/a.yaml"));
        assert_eq!(relative_path("/repo/k8s/a.yaml", root).as_deref(), Some("k8s/a.yaml"));
        assert_eq!(relative_path("/elsewhere/a.yaml", root), None);
    }
}
