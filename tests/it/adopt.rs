//! Adopting ndlint: the action's release installer against a release directory served from the
//! local filesystem, `ndlint init`, completions and man page, the platform pack only where a config
//! turns it on, and older Kubernetes versions.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::common::repo;

const TARGET: &str = "x86_64-unknown-linux-gnu";

fn version() -> &'static str {
    env!("CARGO_PKG_VERSION")
}

fn sh(cmd: &mut Command) -> Output {
    cmd.output().unwrap_or_else(|e| panic!("{cmd:?}: {e}"))
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A copy of the action's checkout (the scripts and Cargo.toml) and a release directory holding the
/// packaged test binary, as `scripts/build-release.sh` lays it out.
struct Release {
    dir: tempfile::TempDir,
}

impl Release {
    fn new() -> Release {
        let dir = tempfile::tempdir().unwrap();
        let action = dir.path().join("action");
        fs::create_dir_all(action.join("scripts")).unwrap();
        fs::create_dir_all(action.join("release")).unwrap();
        for f in ["scripts/install-release.sh", "scripts/build-release.sh", "Cargo.toml"] {
            fs::copy(repo().join(f), action.join(f)).unwrap();
        }
        let assets = dir.path().join("releases").join(format!("v{}", version()));
        let out = sh(Command::new("bash")
            .arg(action.join("scripts/build-release.sh"))
            .args([TARGET, assets.to_str().unwrap()])
            .env("NDLINT_BIN", env!("CARGO_BIN_EXE_ndlint")));
        assert!(out.status.success(), "{}", stderr(&out));
        Release { dir }
    }

    fn asset(&self) -> PathBuf {
        let v = version();
        self.dir.path().join(format!("releases/v{v}/ndlint-{v}-{TARGET}.tar.gz"))
    }

    fn commit_digest(&self, digest: &str) {
        let v = version();
        let line = format!("{digest}  ndlint-{v}-{TARGET}.tar.gz\n");
        fs::write(self.dir.path().join(format!("action/release/v{v}.sha256")), line).unwrap();
    }

    fn install(&self) -> (Output, PathBuf) {
        let bin = self.dir.path().join("bin");
        let url = format!("file://{}", self.dir.path().join("releases").display());
        let out = sh(Command::new("bash")
            .arg(self.dir.path().join("action/scripts/install-release.sh"))
            .arg(&bin)
            .env("NDLINT_RELEASE_URL", url)
            .env("NDLINT_TARGET", TARGET));
        (out, bin.join("ndlint"))
    }
}

fn sha256(path: &Path) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(fs::read(path).unwrap()).iter().map(|b| format!("{b:02x}")).collect()
}

/// One release directory for every case: packaging the (large, debug) test binary is the slow part.
#[test]
fn installer_verifies_the_committed_digest_and_says_when_to_build() {
    let release = Release::new();
    let asset = format!("ndlint-{}-{TARGET}.tar.gz", version());

    // No digests committed for this version: the action builds from source (exit 3).
    let (out, bin) = release.install();
    assert_eq!(out.status.code(), Some(3), "no committed digests: {}", stderr(&out));
    assert!(stderr(&out).contains(&format!("no release digests for v{}", version())));

    // A digest that does not match the asset: a clear failure, nothing installed.
    release.commit_digest(&"0".repeat(64));
    let (out, _) = release.install();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let msg = stderr(&out);
    assert!(msg.contains(&format!("checksum mismatch for {asset}")), "{msg}");
    assert!(msg.contains(&format!("got {}", sha256(&release.asset()))), "{msg}");
    assert!(!bin.exists(), "nothing is installed");

    // The committed digest matches: the binary is installed and runs.
    release.commit_digest(&sha256(&release.asset()));
    let (out, bin) = release.install();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains(&format!("installed {asset}")));
    let run = sh(Command::new(&bin).arg("--version"));
    assert_eq!(String::from_utf8_lossy(&run.stdout).trim(), format!("ndlint {}", version()));

    // The digest is committed but the release has no such asset: build from source (exit 3).
    fs::remove_file(release.asset()).unwrap();
    let (out, _) = release.install();
    assert_eq!(out.status.code(), Some(3), "no such asset: {}", stderr(&out));
    assert!(stderr(&out).contains("cannot download file://"), "{}", stderr(&out));
}

fn ndlint(dir: &Path, args: &[&str]) -> Output {
    sh(Command::new(env!("CARGO_BIN_EXE_ndlint")).args(args).current_dir(dir).env("NO_COLOR", "1"))
}

fn tree(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join(".git")).unwrap();
    for (path, text) in files {
        let p = dir.path().join(path);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, text).unwrap();
    }
    dir
}

const DEPLOYMENT: &str = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n        - name: web\n          image: docker.io/library/nginx:1.27\n";

fn rules_of(out: &Output) -> Vec<String> {
    let v: serde_json::Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", stderr(out)));
    v["findings"].as_array().unwrap().iter().map(|f| f["rule"].as_str().unwrap().to_string()).collect()
}

#[test]
fn the_platform_pack_runs_only_when_a_config_turns_it_on() {
    let dir = tree(&[("k8s/web.yaml", DEPLOYMENT)]);
    let without = rules_of(&ndlint(dir.path(), &["check", "-f", "json", "."]));
    assert!(!without.is_empty(), "the built-in rules still run");
    assert!(!without.iter().any(|r| r.starts_with("k8s-platform-")), "{without:?}");

    fs::write(dir.path().join(".ndlint.yaml"), "policies:\n  builtin: true\n").unwrap();
    let with = rules_of(&ndlint(dir.path(), &["check", "-f", "json", "."]));
    assert!(with.iter().any(|r| r.starts_with("k8s-platform-")), "{with:?}");
    let off = rules_of(&ndlint(dir.path(), &["check", "-f", "json", "--no-builtin-policies", "."]));
    assert!(!off.iter().any(|r| r.starts_with("k8s-platform-")), "{off:?}");
}

#[test]
fn this_repository_turns_the_platform_pack_on() {
    let text = fs::read_to_string(repo().join(".ndlint.yaml")).unwrap();
    let file = ndlint::source::SourceFile::new(".ndlint.yaml", text);
    assert_eq!(ndlint::config::parse(&file).unwrap().policies.builtin, Some(true));
}

#[test]
fn init_writes_a_commented_config_for_the_tree() {
    let dir = tree(&[
        ("charts/app/Chart.yaml", "apiVersion: v2\nname: app\nversion: 0.1.0\n"),
        ("charts/app/values.yaml", "replicas: 1\n"),
        ("charts/app/values-prod.yaml", "replicas: 3\n"),
        ("charts/app/values-dev.yaml", "replicas: 1\n"),
        ("charts/app/charts/sub/Chart.yaml", "apiVersion: v2\nname: sub\nversion: 0.1.0\n"),
        ("deploy/base/kustomization.yaml", "resources: [web.yaml]\n"),
        ("deploy/base/web.yaml", DEPLOYMENT),
        ("deploy/overlays/prod/kustomization.yaml", "resources: [../../base]\n"),
        ("infra/live/main.tf", "terraform {}\n"),
        ("infra/modules/net/main.tf", "variable \"x\" {}\n"),
        ("policy/deny.rego", "package main\n"),
        ("policy/lib/util.rego", "package lib\n"),
    ]);
    let out = ndlint(dir.path(), &["init"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = fs::read_to_string(dir.path().join(".ndlint.yaml")).unwrap();
    for expected in [
        "    - path: charts/app\n",
        "        dev: [values-dev.yaml]\n        prod: [values-prod.yaml]\n",
        "  roots:\n    - deploy/overlays/prod\n",
        "  root: infra/live\n",
        "  dirs:\n    - policy\n",
        "  builtin: false\n",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in\n{text}");
    }
    assert!(!text.contains("charts/app/charts/sub"), "subcharts are the chart's own\n{text}");
    // Every key is commented: each top-level key follows a comment line.
    let lines: Vec<&str> = text.lines().collect();
    for (i, line) in lines.iter().enumerate() {
        if !line.starts_with([' ', '#']) && !line.is_empty() {
            assert!(lines[i - 1].starts_with('#'), "`{line}` has no comment above it\n{text}");
        }
    }
    // The config it wrote is one ndlint reads.
    let file = ndlint::source::SourceFile::new(".ndlint.yaml", text);
    let config = ndlint::config::parse(&file).unwrap();
    assert_eq!(config.helm.charts[0].values["prod"], ["values-prod.yaml"]);
    assert_eq!(config.kustomize.roots, ["deploy/overlays/prod"]);

    let again = ndlint(dir.path(), &["init"]);
    assert_eq!(again.status.code(), Some(2));
    assert!(stderr(&again).contains("exists; use --force"), "{}", stderr(&again));
}

#[test]
fn completions_and_man_page_come_from_the_cli_definition() {
    let dir = tempfile::tempdir().unwrap();
    let bash = ndlint(dir.path(), &["completions", "bash"]);
    assert!(bash.status.success());
    let bash = String::from_utf8_lossy(&bash.stdout);
    assert!(bash.contains("_ndlint()") && bash.contains("--kube-version"), "{bash}");
    let zsh = String::from_utf8_lossy(&ndlint(dir.path(), &["completions", "zsh"]).stdout).into_owned();
    assert!(zsh.starts_with("#compdef ndlint"), "{zsh}");
    let man = ndlint(dir.path(), &["man"]);
    assert!(man.status.success());
    let man = String::from_utf8_lossy(&man.stdout);
    assert!(man.contains(".TH ndlint 1") && man.contains("Policy and validation linter"), "{man}");
    assert_eq!(ndlint(dir.path(), &["completions", "tcsh"]).status.code(), Some(2));
}

#[test]
fn kubernetes_1_28_to_1_30_are_embedded_with_their_deprecations() {
    let flow = "apiVersion: flowcontrol.apiserver.k8s.io/v1beta2\nkind: FlowSchema\nmetadata:\n  name: f\nspec:\n  priorityLevelConfiguration:\n    name: p\n";
    let dir = tree(&[("flow.yaml", flow)]);
    let at = |v: &str| rules_of(&ndlint(dir.path(), &["check", "-f", "json", "--kube-version", v, "."]));
    assert!(at("1.28").contains(&"k8s-deprecated-api".to_string()), "{:?}", at("1.28"));
    let removed = at("1.29");
    assert!(removed.contains(&"k8s-removed-api".to_string()), "{removed:?}");
    assert!(!at("1.30").contains(&"k8s-deprecated-api".to_string()));
    let out = ndlint(dir.path(), &["check", "--kube-version", "1.27", "."]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("ndlint embeds 1.28, 1.29, 1.30"), "{}", stderr(&out));
}

fn sarif_of(out: &Output) -> serde_json::Value {
    let text = String::from_utf8_lossy(&out.stdout);
    crate::common::assert_valid_sarif(&text);
    serde_json::from_str(&text).unwrap()
}

#[test]
fn sarif_names_rules_and_records_the_git_checkout() {
    let dir = tree(&[("k8s/web.yaml", DEPLOYMENT)]);
    let git = dir.path().join(".git");
    let id = "89abcdef0123456789abcdef0123456789abcdef";
    fs::create_dir_all(git.join("refs/heads/feature")).unwrap();
    fs::write(git.join("HEAD"), "ref: refs/heads/feature/sarif\n").unwrap();
    fs::write(git.join("refs/heads/feature/sarif"), format!("{id}\n")).unwrap();
    fs::write(
        git.join("config"),
        "[core]\n\tbare = false\n[remote \"origin\"]\n\turl = https://ci-bot:hunter2@example.com/org/repo.git\n",
    )
    .unwrap();
    let sarif = sarif_of(&ndlint(dir.path(), &["check", "-f", "sarif", "."]));
    let run = &sarif["runs"][0];
    let vcs = &run["versionControlProvenance"][0];
    assert_eq!(vcs["repositoryUri"], "https://example.com/org/repo.git", "credentials stripped");
    assert_eq!(vcs["revisionId"], id);
    assert_eq!(vcs["branch"], "feature/sarif");
    assert_eq!(vcs["mappedTo"]["uriBaseId"], "%SRCROOT%");
    assert!(!run.to_string().contains("hunter2"));
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let privileged = rules.iter().find(|r| r["id"] == "k8s-privileged-container").unwrap();
    assert_eq!(privileged["name"], "K8sPrivilegedContainer");
    assert!(rules.iter().all(|r| r["name"].is_string()), "every rule has a name");

    // Without `.git` there is no checkout to record.
    let plain = tempfile::tempdir().unwrap();
    fs::write(plain.path().join("web.yaml"), DEPLOYMENT).unwrap();
    let sarif = sarif_of(&ndlint(plain.path(), &["check", "-f", "sarif", "."]));
    assert!(sarif["runs"][0]["versionControlProvenance"].is_null());
}

#[test]
fn sarif_uris_are_relative_to_a_declared_root_when_scanning_outside_the_working_repository() {
    let cwd = tree(&[("README.md", "here\n")]);
    let elsewhere = tempfile::tempdir().unwrap();
    fs::create_dir_all(elsewhere.path().join("apps")).unwrap();
    fs::write(elsewhere.path().join("apps/web.yaml"), DEPLOYMENT).unwrap();
    let target = elsewhere.path().to_str().unwrap();
    let sarif = sarif_of(&ndlint(cwd.path(), &["check", "-f", "sarif", target]));
    let run = &sarif["runs"][0];
    let bases = run["originalUriBaseIds"].as_object().unwrap();
    let results = run["results"].as_array().unwrap();
    assert!(!results.is_empty());
    for r in results {
        let artifact = &r["locations"][0]["physicalLocation"]["artifactLocation"];
        let uri = artifact["uri"].as_str().unwrap();
        assert_eq!(uri, "apps/web.yaml", "{r}");
        let base = bases[artifact["uriBaseId"].as_str().unwrap()]["uri"].as_str().unwrap();
        let canon = elsewhere.path().canonicalize().unwrap();
        assert_eq!(base, format!("file://{}/", canon.display()));
    }
    assert!(!run["results"].to_string().contains("file://"), "no absolute URI in results");
}

/// The pre-commit fixture repository, copied into a fresh directory with a `.git`.
fn precommit_repo() -> tempfile::TempDir {
    let dir = tree(&[]);
    let src = repo().join("fixtures/precommit");
    let mut stack = vec![src.clone()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).unwrap().flatten() {
            let p = entry.path();
            let to = dir.path().join(p.strip_prefix(&src).unwrap());
            if p.is_dir() {
                fs::create_dir_all(&to).unwrap();
                stack.push(p);
            } else {
                fs::copy(&p, &to).unwrap();
            }
        }
    }
    dir
}

/// `(rule, file:line)` of the unsuppressed findings of `ndlint check --changed -f json FILES`, and stderr.
fn changed(dir: &Path, files: &[&str]) -> (Option<i32>, Vec<(String, String)>, String) {
    let mut args = vec!["check", "--changed", "-f", "json"];
    args.extend(files);
    let out = ndlint(dir, &args);
    let v: serde_json::Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", stderr(&out)));
    let found = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["suppressed"].is_null())
        .map(|f| {
            let at = format!("{}:{}", f["file"].as_str().unwrap(), f["start"]["line"]);
            (f["rule"].as_str().unwrap().to_string(), at)
        })
        .collect();
    (out.status.code(), found, stderr(&out))
}

#[test]
fn changed_values_file_is_linted_through_its_charts_variants() {
    let dir = precommit_repo();
    let (code, found, err) = changed(dir.path(), &["charts/web/values-prod.yaml"]);
    assert_eq!(code, Some(1), "{err}");
    assert!(
        found.contains(&("k8s-privileged-container".into(), "charts/web/values-prod.yaml:2".into())),
        "{found:?}\n{err}"
    );
    assert!(found.iter().all(|(_, at)| at.starts_with("charts/web/")), "only the chart is linted: {found:?}");
    assert!(
        err.contains("changed files: 1 → linted 0 plain; charts charts/web (every values variant)"),
        "{err}"
    );
    assert!(err.contains("linted 0 files and 2 renderings"), "{err}");
}

#[test]
fn changed_patch_or_base_is_linted_through_the_overlays_consuming_it() {
    let dir = precommit_repo();
    for file in ["deploy/overlays/prod/patch.yaml", "deploy/base/deployment.yaml"] {
        let (code, found, err) = changed(dir.path(), &[file]);
        assert_eq!(code, Some(1), "{file}: {err}");
        assert!(
            found.contains(&("k8s-host-network".into(), "deploy/overlays/prod/patch.yaml:8".into())),
            "{file}: {found:?}\n{err}"
        );
        assert!(err.contains("overlays deploy/overlays/prod"), "{err}");
        assert!(!found.iter().any(|(_, at)| at.starts_with("charts/")), "{found:?}");
    }
}

#[test]
fn changed_policy_runs_its_tests_and_a_plain_manifest_is_linted_alone() {
    let dir = precommit_repo();
    let (code, found, err) = changed(dir.path(), &["policy/naming.rego"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(found.is_empty(), "{found:?}");
    assert!(err.contains("policy tests of policy") && err.contains("2 passed"), "{err}");

    let test = dir.path().join("policy/naming_test.rego");
    let broken = fs::read_to_string(&test).unwrap().replace("count(deny) == 0", "count(deny) == 3");
    fs::write(&test, broken).unwrap();
    let (code, _, err) = changed(dir.path(), &["policy/naming_test.rego"]);
    assert_eq!(code, Some(1), "a failing policy test fails the hook: {err}");

    let (code, found, err) = changed(dir.path(), &["manifests/config.yaml", "README.md"]);
    assert_eq!(code, Some(1), "{err}");
    assert_eq!(
        found.iter().map(|(_, at)| at.as_str()).collect::<BTreeSet<_>>(),
        BTreeSet::from(["manifests/config.yaml:1"])
    );
    assert!(found.iter().any(|(rule, _)| rule == "main/deny"), "{found:?}");
    assert!(err.contains("1 plain") && err.contains("1 not lintable"), "{err}");
    assert!(err.contains("cross-document rules on plain manifests did not run"), "{err}");
}
