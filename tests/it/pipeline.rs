//! The whole pipeline on one small repository (`fixtures/pipeline`): plain manifests with
//! cross-document findings, a CRD, two Helm charts of the same name (one with two values
//! variants), a kustomize base with file and inline patches, and a Gatekeeper template that reads
//! the inventory. Each input file is read and parsed once; each finding lands in the file a
//! person edits; chart mode loses nothing that a piped `helm template` shows.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use assert_cmd::Command;
use ndlint::parse::rendered::copy_tree;
use serde_json::Value;

use crate::common::repo;

/// A copy of the fixture repository in a temporary directory (with `.git`, so it is the root).
fn pipeline_repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&repo().join("fixtures/pipeline"), dir.path()).unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    dir
}

fn renderers_present() -> bool {
    let found =
        ndlint::parse::kustomize::which("helm").is_some() && ndlint::parse::kustomize::renderer().is_some();
    assert!(
        found || std::env::var_os("CI").is_none(),
        "CI must install helm and kubectl (scripts/install-renderers.sh)"
    );
    if !found {
        println!("skipped: helm or kubectl not on PATH");
    }
    found
}

fn ndlint(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::cargo_bin("ndlint").unwrap().current_dir(dir).env("NO_COLOR", "1").args(args).output().unwrap()
}

fn report(out: &std::process::Output) -> Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&out.stderr)))
}

/// `file:line:column rule` of every finding.
fn located(report: &Value) -> Vec<String> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            format!(
                "{}:{}:{} {}",
                f["file"].as_str().unwrap(),
                f["start"]["line"],
                f["start"]["column"],
                f["rule"].as_str().unwrap()
            )
        })
        .collect()
}

#[test]
fn every_input_file_is_read_and_parsed_once() {
    if !renderers_present() {
        return;
    }
    let dir = pipeline_repo();
    let out = Command::cargo_bin("ndlint")
        .unwrap()
        .current_dir(dir.path())
        .env("NDLINT_TRACE_IO", "1")
        .args(["check", ".", "-f", "json"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let mut events: BTreeMap<(String, String), usize> = BTreeMap::new();
    for line in stderr.lines().filter_map(|l| l.strip_prefix("ndlint-trace: ")) {
        let (event, what) = line.split_once(' ').unwrap();
        *events.entry((event.to_string(), what.to_string())).or_default() += 1;
    }
    // `<…>` names are not files: METADATA comment blocks of policies, origin annotation values.
    let repeated: Vec<_> = events.iter().filter(|((_, what), n)| **n > 1 && !what.starts_with('<')).collect();
    assert!(repeated.is_empty(), "read or parsed more than once: {repeated:?}");
    let root = dir.path().canonicalize().unwrap();
    let read: BTreeSet<String> = events
        .keys()
        .filter(|(e, _)| e == "read")
        .map(|(_, p)| {
            ndlint::parse::rendered::normalize(Path::new(p))
                .strip_prefix(&root)
                .unwrap()
                .display()
                .to_string()
        })
        .collect();
    let parsed: BTreeSet<&str> =
        events.keys().filter(|(e, _)| e == "parse-yaml").map(|(_, p)| p.as_str()).collect();
    for file in [
        "apps/plain.yaml",
        "apps/crd.yaml",
        "charts/web/Chart.yaml",
        "charts/web/values.yaml",
        "charts/web/values-prod.yaml",
        "charts/web/templates/deployment.yaml",
        "kustomize/base/deployment.yaml",
        "kustomize/base/kustomization.yaml",
        "kustomize/overlays/a/replicas.yaml",
        "kustomize/overlays/b/kustomization.yaml",
    ] {
        assert!(read.contains(file), "{file} was not read: {read:?}");
    }
    for stream in [
        "apps/plain.yaml",
        "apps/crd.yaml",
        "charts/web (helm template, values: dev)",
        "charts/web (helm template, values: prod)",
        "kustomize/overlays/a (kustomize build)",
        "kustomize/overlays/b (kustomize build)",
        "kustomize/overlays/b/kustomization.yaml (inline patch at /patches/0/patch)",
    ] {
        assert!(parsed.contains(stream), "{stream} was not parsed: {parsed:?}");
    }
    // What the run found with those single parses: cross-document, inventory and rendered findings.
    let found = located(&report(&out));
    for want in [
        "apps/plain.yaml:24:13 k8s-service-selector-matches-nothing",
        "apps/plain.yaml:13:5 k8s-default-service-account-used",
        "apps/plain.yaml:28:1 K8sUniqueIngressHost/unique-ingress-hosts",
        "apps/crd.yaml:28:9 schema-type",
        "kustomize/overlays/b/kustomization.yaml:18:31 k8s-privileged-container",
        "kustomize/base/deployment.yaml:6:1 k8s-single-replica-without-pdb",
    ] {
        assert!(found.iter().any(|f| f == want), "missing {want} in {found:#?}");
    }
}

/// The findings of a JSON report, by rule and position, with their messages.
fn by_position(report: &Value) -> BTreeMap<String, Vec<(String, bool)>> {
    let mut out: BTreeMap<String, Vec<(String, bool)>> = BTreeMap::new();
    for f in report["findings"].as_array().unwrap() {
        let at = format!(
            "{}:{}:{} {}",
            f["file"].as_str().unwrap(),
            f["start"]["line"],
            f["start"]["column"],
            f["rule"].as_str().unwrap()
        );
        out.entry(at)
            .or_default()
            .push((f["message"].as_str().unwrap().to_string(), f["approximate"].as_bool().unwrap_or(false)));
    }
    out
}

#[test]
fn rendered_findings_land_in_the_file_a_person_edits() {
    if !renderers_present() {
        return;
    }
    let dir = pipeline_repo();
    let got = by_position(&report(&ndlint(dir.path(), &["check", ".", "-f", "json", "--no-ignores"])));
    let at = |key: &str| {
        got.get(key).unwrap_or_else(|| panic!("nothing at {key}: {:#?}", got.keys().collect::<Vec<_>>()))
    };
    // Two host paths from one template line (a `range` over values) stay two findings.
    let host = at("charts/web/templates/deployment.yaml:26:11 k8s-host-path-volume");
    assert_eq!(host.len(), 2, "{host:?}");
    assert!(host.iter().any(|(m, _)| m.contains("`/proc`")) && host.iter().any(|(m, _)| m.contains("`/`")));
    // A multi-document template: the DaemonSet's literal `/sys` is on its own line, exact.
    assert!(!at("charts/web/templates/agent.yaml:22:19 k8s-sensitive-host-path")[0].1);
    // A value a values file provably sets: the key in the file that takes effect.
    assert!(
        at("charts/web/values-dev.yaml:1:11 k8s-single-replica-without-pdb")[0].0.ends_with("(variant: dev)")
    );
    // With several values files, the last one that sets the value is where it is set.
    let staging = &at("charts/web/values-staging.yaml:2:11 k8s-single-replica-without-pdb")[0].0;
    assert!(staging.ends_with("(variant: staging)"), "{staging}");
    // An inline JSON 6902 patch: the `value:` of its operation in kustomization.yaml.
    assert!(got.contains_key("kustomize/overlays/a/kustomization.yaml:11:16 k8s-host-network"));
    // `toYaml .Values.agentResources` of `{}`: the values key, not the template.
    assert!(
        got.contains_key("charts/web/values.yaml:3:1 k8s-cpu-requests-missing"),
        "{:#?}",
        got.keys().collect::<Vec<_>>()
    );
    // Two charts named `web`: each one's findings stay in its own files.
    assert!(got.contains_key("charts/legacy-web/templates/pod.yaml:6:16 k8s-host-network"));
    assert!(!got.keys().any(|k| k.starts_with("charts/web/") && k.ends_with("k8s-host-network")));
    // An inline strategic-merge patch: the line inside kustomization.yaml that sets the field.
    assert!(got.contains_key("kustomize/overlays/b/kustomization.yaml:18:31 k8s-privileged-container"));
    // A `kind: Component` no overlay lists is not a render root of its own.
    assert!(!got.keys().any(|k| k.ends_with("kustomize-render")), "{:#?}", got.keys().collect::<Vec<_>>());
    // Readable at scale: short messages, GitHub annotation lines under 1 KB.
    let github = ndlint(dir.path(), &["check", ".", "-f", "github", "--no-ignores"]);
    for line in String::from_utf8_lossy(&github.stdout).lines() {
        assert!(line.len() < 1024, "{} bytes: {line}", line.len());
    }
    // Never a finding on an unrelated values key.
    for key in got.keys().filter(|k| k.contains("/values")) {
        assert!(
            key.contains("values-dev.yaml:1:")
                || key.contains("values-staging.yaml:2:")
                || key.contains("values.yaml:3:"),
            "unexpected values finding {key}"
        );
    }
}

/// `(rule, kind/namespace/name, pointer)` of each finding, the identity chart mode must keep.
fn identities(report: &Value) -> BTreeSet<(String, String, String)> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let o = &f["object"];
            let object = format!(
                "{}/{}/{}",
                o["kind"].as_str().unwrap_or(""),
                o["namespace"].as_str().unwrap_or(""),
                o["name"].as_str().unwrap_or("")
            );
            (f["rule"].as_str().unwrap().to_string(), object, f["pointer"].as_str().unwrap_or("").to_string())
        })
        .collect()
}

#[test]
fn chart_mode_keeps_every_finding_of_the_piped_render() {
    if !renderers_present() {
        return;
    }
    let dir = pipeline_repo();
    let chart = ndlint(dir.path(), &["check", "charts/web", "-f", "json", "--no-ignores"]);
    let chart = identities(&report(&chart));
    for variant in ["dev", "prod"] {
        let values = format!("charts/web/values-{variant}.yaml");
        let render = std::process::Command::new("helm")
            .current_dir(dir.path())
            .args(["template", "web", "charts/web", "--namespace", "default", "--values", &values])
            .output()
            .unwrap();
        assert!(render.status.success(), "{}", String::from_utf8_lossy(&render.stderr));
        let piped = Command::cargo_bin("ndlint")
            .unwrap()
            .current_dir(dir.path())
            .args(["check", "-", "-f", "json", "--no-ignores"])
            .write_stdin(render.stdout)
            .output()
            .unwrap();
        let piped = identities(&report(&piped));
        assert!(piped.len() > 20, "{variant}: only {} findings piped", piped.len());
        let lost: Vec<_> = piped.difference(&chart).collect();
        assert!(lost.is_empty(), "{variant}: chart mode lost {lost:#?}");
    }
}

/// A copy of `fixtures/<name>` as a repository of its own.
fn fixture_repo(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&repo().join("fixtures").join(name), dir.path()).unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    dir
}

#[test]
fn charts_as_people_ship_them() {
    if !renderers_present() {
        return;
    }
    let dir = fixture_repo("charts-in-the-wild");
    let out = ndlint(dir.path(), &["check", ".", "-f", "json", "--no-builtin-policies"]);
    let r = report(&out);
    let got = by_position(&r);
    // A library chart renders nothing; a chart's `files/` are not manifests.
    assert!(!got.keys().any(|k| k.starts_with("lib/") || k.contains("/files/")), "{got:#?}");
    // A dependency that is not vendored: one finding on its entry, saying how to vendor it.
    let dep = &at_key(&got, "missing-dep/Chart.yaml:5:11 helm-render")[0].0;
    assert!(dep.contains("`redis`") && dep.contains("helm dependency build"), "{dep}");
    // A chart that needs values: helm's message, and where to supply them.
    let needs = &at_key(&got, "needs-values/Chart.yaml:1:1 helm-render")[0].0;
    assert!(needs.contains("needs values") && needs.contains("helm: charts:"), "{needs}");
    assert!(!needs.contains(&dir.path().display().to_string()), "absolute path in {needs}");
    // `crds/` register their CRDs: the quoted number is a type error, on the template line.
    let typed = &at_key(&got, "with-crds/templates/gadget.yaml:6:3 schema-type")[0];
    assert!(typed.0.contains("must be an integer"), "{}", typed.0);
    // A `file://` dependency on disk but not built: rendered from a staged copy, the repository
    // untouched, findings in the chart's own template (the helper's output, approximate).
    assert!(got.contains_key("uses-partials/templates/pod.yaml:5:1 k8s-host-network"), "{got:#?}");
    assert!(!dir.path().join("uses-partials/charts").exists());
    assert_eq!(r["summary"]["not_checked"], 2);
    let human = ndlint(dir.path(), &["check", ".", "--no-builtin-policies"]);
    let text = String::from_utf8_lossy(&human.stderr);
    assert!(text.contains("2 charts or overlays not rendered, so not checked"), "{text}");
}

fn at_key<'a>(got: &'a BTreeMap<String, Vec<(String, bool)>>, key: &str) -> &'a [(String, bool)] {
    got.get(key).unwrap_or_else(|| panic!("nothing at {key}: {:#?}", got.keys().collect::<Vec<_>>()))
}

#[test]
fn a_missing_renderer_warns_on_a_workstation_and_fails_in_ci() {
    let dir = pipeline_repo();
    let empty = tempfile::tempdir().unwrap();
    let run = |ci: bool| {
        let mut cmd = Command::cargo_bin("ndlint").unwrap();
        cmd.current_dir(dir.path()).env("PATH", empty.path()).args([
            "check",
            "charts/web",
            "-f",
            "json",
            "--select",
            "helm-render",
        ]);
        if ci {
            cmd.env("CI", "true")
        } else {
            cmd.env_remove("CI")
        };
        let out = cmd.output().unwrap();
        (out.status.code(), report(&out))
    };
    let (local_code, local) = run(false);
    let (ci_code, ci) = run(true);
    let severities = |r: &Value| -> Vec<String> {
        r["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["severity"].as_str().unwrap().to_string())
            .collect()
    };
    // One finding for the chart, listing both values variants; three renderings not checked.
    assert_eq!(severities(&local), ["info"], "{local:#}");
    assert_eq!(severities(&ci), ["medium"], "{ci:#}");
    assert_eq!((local_code, ci_code), (Some(0), Some(1)));
    let message = local["findings"][0]["message"].as_str().unwrap();
    assert!(message.contains("helm not found on PATH") && message.contains("not checked"), "{message}");
    assert_eq!(local["summary"]["not_checked"], 3);
}

#[test]
fn remote_bases_are_refused_before_any_process_runs() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    std::fs::write(
        dir.path().join("kustomization.yaml"),
        "resources:\n  - deployment.yaml\n  - https://github.com/example/infra//base?ref=v1\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("deployment.yaml"),
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n",
    )
    .unwrap();
    // No renderer on PATH at all: the refusal comes first, so nothing was run or fetched.
    let empty = tempfile::tempdir().unwrap();
    let out = Command::cargo_bin("ndlint")
        .unwrap()
        .current_dir(dir.path())
        .env("PATH", empty.path())
        .args(["check", ".", "-f", "json", "--select", "kustomize-render"])
        .output()
        .unwrap();
    let got = by_position(&report(&out));
    let refused = &at_key(&got, "kustomization.yaml:3:5 kustomize-render")[0].0;
    assert!(
        refused.contains("https://github.com/example/infra//base?ref=v1") && refused.contains("network"),
        "{refused}"
    );
    assert!(!refused.contains("not found on PATH"), "{refused}");
}
