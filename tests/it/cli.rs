//! The command line as users and CI scripts drive it: exit codes, stdin, formats, determinism,
//! hostile input, config and suppressions.

use std::fs;
use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

use crate::common::assert_valid_sarif;

pub(crate) fn ndlint(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("ndlint").expect("binary");
    cmd.current_dir(dir).env("NO_COLOR", "1");
    cmd
}

/// A temporary repository (it has a `.git` directory, so it is the root that paths are relative to).
pub(crate) fn repo(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    fs::create_dir(dir.path().join(".git")).unwrap();
    for (path, text) in files {
        let p = dir.path().join(path);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, text).unwrap();
    }
    dir
}

pub(crate) fn json(out: &[u8]) -> Value {
    serde_json::from_slice(out).unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(out)))
}

/// `(rule, file, line, column)` of every unsuppressed finding of a JSON report.
pub(crate) fn findings(report: &Value) -> Vec<(String, String, u64, u64)> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["suppressed"].is_null())
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["file"].as_str().unwrap().to_string(),
                f["start"]["line"].as_u64().unwrap(),
                f["start"]["column"].as_u64().unwrap(),
            )
        })
        .collect()
}

const PRIVILEGED: &str = "\
# The API deployment.
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: prod
  labels:
    app.kubernetes.io/name: api
spec:
  replicas: 2
  selector:
    matchLabels:
      app.kubernetes.io/name: api
  template:
    metadata:
      labels:
        app.kubernetes.io/name: api
    spec:
      containers:
        - name: api
          image: ghcr.io/normaldance/api:1.4.2
          securityContext:
            privileged: true
";

#[test]
fn sarif_points_at_the_privileged_value() {
    assert_eq!(PRIVILEGED.lines().nth(22).unwrap(), "            privileged: true");
    let dir = repo(&[("a/deploy.yaml", PRIVILEGED)]);
    let out = ndlint(dir.path()).args(["check", "-f", "sarif", "."]).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    assert_valid_sarif(&text);
    let sarif: Value = serde_json::from_str(&text).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    let r = results.iter().find(|r| r["ruleId"] == "k8s-privileged-container").expect("privileged result");
    let loc = &r["locations"][0]["physicalLocation"];
    assert_eq!(loc["artifactLocation"]["uri"], "a/deploy.yaml");
    assert_eq!(loc["region"]["startLine"], 23);
    assert_eq!(loc["region"]["startColumn"], 25);
    assert_eq!(loc["region"]["endColumn"], 29);
}

#[test]
fn stdin_is_linted_and_reported_as_stdin() {
    let dir = repo(&[]);
    let out = ndlint(dir.path()).args(["check", "-f", "json", "-"]).write_stdin(PRIVILEGED).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let report = json(&out.stdout);
    assert!(findings(&report).contains(&("k8s-privileged-container".into(), "stdin".into(), 23, 25)));
    assert_eq!(report["version"], 1);
}

#[test]
fn exit_codes_follow_fail_on() {
    let dir = repo(&[("a/deploy.yaml", PRIVILEGED)]);
    let code = |args: &[&str]| ndlint(dir.path()).args(args).output().unwrap().status.code();
    assert_eq!(code(&["check", "."]), Some(1));
    assert_eq!(code(&["check", ".", "--fail-on", "never"]), Some(0));
    assert_eq!(code(&["check", ".", "--select", "k8s-host-network"]), Some(0));
    assert_eq!(code(&["check", ".", "--fail-on", "bogus"]), Some(2));
    assert_eq!(code(&["check", "missing-dir"]), Some(2));
    assert_eq!(code(&["explain", "no-such-rule"]), Some(2));
    assert_eq!(code(&["explain", "k8s-privileged-container"]), Some(0));
}

#[test]
fn output_is_identical_across_thread_counts_and_runs() {
    let mut files = Vec::new();
    for i in 0..40 {
        files.push((
            format!("d{}/f{i}.yaml", i % 7),
            PRIVILEGED.replace("name: api", &format!("name: api{i}")),
        ));
    }
    let refs: Vec<(&str, &str)> = files.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    let dir = repo(&refs);
    for format in ["json", "sarif", "human", "github", "junit"] {
        let run =
            |j: &str| ndlint(dir.path()).args(["check", ".", "-f", format, "-j", j]).output().unwrap().stdout;
        let one = run("1");
        assert!(!one.is_empty());
        assert_eq!(one, run("8"), "{format} differs between -j 1 and -j 8");
        assert_eq!(one, run("8"), "{format} differs between runs");
    }
}

#[test]
fn hostile_input_becomes_findings_and_the_rest_is_still_linted() {
    let deep = format!("a: {}{}\n", "[".repeat(10_000), "]".repeat(10_000));
    let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..12u8 {
        let (prev, cur) = ((b'a' + i - 1) as char, (b'a' + i) as char);
        bomb.push_str(&format!("{cur}: &{cur} [{}]\n", vec![format!("*{prev}"); 10].join(", ")));
    }
    let dir = repo(&[
        ("a/deploy.yaml", PRIVILEGED),
        ("bad/malformed.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: x\n"),
        ("bad/deep.yaml", &deep),
        ("bad/bomb.yaml", &bomb),
        ("bad/dup.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  name: b\n"),
    ]);
    fs::write(dir.path().join("bad/latin1.yaml"), b"apiVersion: v1\nkind: ConfigMap\ndata: {k: caf\xe9}\n")
        .unwrap();
    // Past the configured size cap (default 256 MiB): 3 MiB against a cap of 2.
    let big =
        PRIVILEGED.repeat(3 * 1024 * 1024 / PRIVILEGED.len() + 1).replace("# The API", "---\n# The API");
    fs::write(dir.path().join("bad/huge.yaml"), big).unwrap();
    fs::write(dir.path().join(".ndlint.yaml"), "max-file-mib: 2\n").unwrap();

    let out = ndlint(dir.path())
        .args(["check", "-f", "json", "."])
        .timeout(std::time::Duration::from_secs(120))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    let got = findings(&json(&out.stdout));
    let parse_errors: Vec<(&str, u64)> =
        got.iter().filter(|f| f.0 == "parse-error").map(|f| (f.1.as_str(), f.2)).collect();
    assert_eq!(
        parse_errors,
        vec![
            ("bad/bomb.yaml", 5),
            ("bad/deep.yaml", 1),
            ("bad/dup.yaml", 5),
            ("bad/huge.yaml", 1),
            ("bad/latin1.yaml", 3),
            ("bad/malformed.yaml", 4),
        ]
    );
    assert!(got.contains(&("k8s-privileged-container".into(), "a/deploy.yaml".into(), 23, 25)));
}

#[test]
fn suppressions_comment_annotation_and_config() {
    let commented = PRIVILEGED.replace(
        "          securityContext:\n",
        "          # ndlint: ignore[k8s-privileged-container] the CNI agent needs it\n          securityContext:\n",
    );
    let annotated = PRIVILEGED.replace(
        "  namespace: prod\n",
        "  namespace: prod\n  annotations:\n    ignore.ndlint.io/k8s-privileged-container: \"reviewed in SEC-42\"\n",
    );
    let config = "ignores:\n  - rule: k8s-privileged-container\n    path: c/*.yaml\n    reason: vendor chart\n  - rule: k8s-host-pid\n    reason: nothing uses it\n  - rule: k8s-privileged-container\n    path: old/*.yaml\n    reason: was fine\n    expires: 2020-01-01\n";
    let dir = repo(&[
        ("a/deploy.yaml", &commented),
        ("b/deploy.yaml", &annotated),
        ("c/deploy.yaml", PRIVILEGED),
        (".ndlint.yaml", config),
    ]);
    let out = ndlint(dir.path())
        .args(["check", "-f", "json", "--select", "k8s-privileged-container,k8s-host-pid", "."])
        .output()
        .unwrap();
    let report = json(&out.stdout);
    let all = report["findings"].as_array().unwrap();
    let suppressed: Vec<(&str, &str)> = all
        .iter()
        .filter(|f| !f["suppressed"].is_null())
        .map(|f| (f["file"].as_str().unwrap(), f["suppressed"]["kind"].as_str().unwrap()))
        .collect();
    assert_eq!(
        suppressed,
        vec![("a/deploy.yaml", "comment"), ("b/deploy.yaml", "annotation"), ("c/deploy.yaml", "config")]
    );
    let rest = findings(&report);
    assert_eq!(
        rest,
        vec![
            ("ndlint-unused-ignore".into(), ".ndlint.yaml".into(), 5, 5),
            ("ndlint-expired-ignore".into(), ".ndlint.yaml".into(), 7, 5),
        ]
    );
    assert_eq!(report["summary"]["suppressed"], 3);
    // Suppressed results stay out of SARIF unless asked for.
    let sarif = |extra: &[&str]| {
        let mut args = vec!["check", "-f", "sarif", "--select", "k8s-privileged-container", "."];
        args.extend_from_slice(extra);
        let out = ndlint(dir.path()).args(&args).output().unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        assert_valid_sarif(&text);
        serde_json::from_str::<Value>(&text).unwrap()["runs"][0]["results"].as_array().unwrap().len()
    };
    assert_eq!(sarif(&[]), 1, "only the expired-ignore note");
    assert_eq!(sarif(&["--sarif-suppressed"]), 4);
    // --no-ignores reports everything.
    let out = ndlint(dir.path())
        .args(["check", "-f", "json", "--no-ignores", "--select", "k8s-privileged-container", "."])
        .output()
        .unwrap();
    assert_eq!(findings(&json(&out.stdout)).iter().filter(|f| f.0 == "k8s-privileged-container").count(), 3);
}

#[test]
fn config_errors_name_the_line() {
    let dir = repo(&[(".ndlint.yaml", "fail-on: high\nselekt: [k8s-]\n"), ("a.yaml", PRIVILEGED)]);
    let out = ndlint(dir.path()).args(["check", "."]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(".ndlint.yaml:2:1: unknown key `selekt`"), "{err}");
}

#[test]
fn helm_templates_are_never_parsed_as_yaml_and_a_missing_helm_is_said() {
    let dir = repo(&[
        ("charts/web/Chart.yaml", "apiVersion: v2\nname: web\nversion: 0.1.0\n"),
        ("charts/web/values.yaml", "replicas: 2\n"),
        ("charts/web/templates/deploy.yaml", "apiVersion: apps/v1\nkind: Deployment\n{{- if .Values.x }}\n"),
    ]);
    let out = ndlint(dir.path()).args(["check", "-f", "json", "."]).output().unwrap();
    let got = findings(&json(&out.stdout));
    if which_helm() {
        assert!(got.iter().all(|f| f.1 != "charts/web/templates/deploy.yaml"), "{got:?}");
    } else {
        eprintln!("helm not on PATH: checking that the chart is reported as not rendered");
        assert_eq!(got, vec![("helm-render".into(), "charts/web/Chart.yaml".into(), 1, 1)]);
        assert_eq!(out.status.code(), Some(0), "a missing helm is info, not a failure");
    }
}

/// Secret data a template generates at render time (a CA and certificate, a random password, a
/// value read back with `lookup`) is not committed to the repository; a literal one still is.
#[test]
fn secret_data_generated_at_render_time_is_not_committed() {
    if !which_helm() {
        eprintln!("helm not on PATH: skipped");
        return;
    }
    let dir = repo(&[
        ("charts/web/Chart.yaml", "apiVersion: v2\nname: web\nversion: 0.1.0\n"),
        ("charts/web/values.yaml", "apiKey: abc123\n"),
        (
            "charts/web/templates/tls.yaml",
            "{{- $ca := genCA \"web-ca\" 365 }}\n\
             {{- $cert := genSignedCert \"web\" nil (list \"web.default.svc\") 365 $ca }}\n\
             apiVersion: v1\nkind: Secret\nmetadata:\n  name: web-tls\ntype: kubernetes.io/tls\ndata:\n\
             \x20 ca.crt: {{ $ca.Cert | b64enc }}\n\
             \x20 tls.crt: {{ $cert.Cert | b64enc }}\n\
             \x20 tls.key: {{ $cert.Key | b64enc }}\n",
        ),
        (
            "charts/web/templates/password.yaml",
            "{{- $existing := lookup \"v1\" \"Secret\" .Release.Namespace \"web-password\" }}\n\
             apiVersion: v1\nkind: Secret\nmetadata:\n  name: web-password\nstringData:\n\
             \x20 {{- if $existing }}\n\
             \x20 password: {{ index $existing.data \"password\" | b64dec }}\n\
             \x20 {{- else }}\n\
             \x20 password: {{ randAlphaNum 24 }}\n\
             \x20 {{- end }}\n",
        ),
        (
            "charts/web/templates/api-key.yaml",
            "apiVersion: v1\nkind: Secret\nmetadata:\n  name: web-api-key\nstringData:\n\
             \x20 nonce: {{ randAlphaNum 8 }}\n\
             \x20 api-key: {{ .Values.apiKey }}\n",
        ),
    ]);
    let out = ndlint(dir.path())
        .args(["check", "-f", "json", "--select", "k8s-secret-data-committed", "."])
        .output()
        .unwrap();
    assert_eq!(
        findings(&json(&out.stdout)),
        vec![("k8s-secret-data-committed".into(), "charts/web/templates/api-key.yaml".into(), 5, 1)]
    );
}

#[test]
fn gitignore_ndlintignore_and_hidden_dirs_are_honoured() {
    let dir = repo(&[
        (".gitignore", "generated/\n"),
        (".ndlintignore", "vendor/\n"),
        ("generated/a.yaml", PRIVILEGED),
        ("vendor/a.yaml", PRIVILEGED),
        (".hidden/a.yaml", PRIVILEGED),
        (".github/workflows/x.yaml", "on: push\n"),
        ("kept/a.yaml", PRIVILEGED),
    ]);
    let out = ndlint(dir.path())
        .args(["check", "-f", "json", "--select", "k8s-privileged-container", "."])
        .output()
        .unwrap();
    let files: Vec<String> = findings(&json(&out.stdout)).into_iter().map(|f| f.1).collect();
    assert_eq!(files, vec!["kept/a.yaml"]);
}

fn which_helm() -> bool {
    std::env::var_os("PATH").is_some_and(|p| std::env::split_paths(&p).any(|d| d.join("helm").is_file()))
}

/// In a real run, documents are kept for the cross-document pass as projections unless a policy
/// needs them whole: the embedded namespace guardrail (which declares its kinds) and a user
/// `data.inventory` policy (which does not, so it sees every kind) both get what they read.
#[test]
fn inventory_policies_see_the_documents_they_need() {
    let dir = repo(&[
        // The embedded platform pack runs when a config turns it on.
        (".ndlint.yaml", "policies:\n  builtin: true\n"),
        ("k8s/ns.yaml", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n"),
        (
            "k8s/guards.yaml",
            "apiVersion: v1\nkind: ResourceQuota\nmetadata: {name: q, namespace: shop}\nspec: {hard: {pods: '10'}}\n---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: shop}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n",
        ),
        (
            "k8s/app.yaml",
            "apiVersion: v1\nkind: Service\nmetadata: {name: api, namespace: shop}\nspec:\n  selector: {app: api}\n  ports: [{port: 80}]\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api, namespace: shop}\nspec:\n  template:\n    metadata: {labels: {app: api}}\n    spec:\n      containers: [{name: api, image: ghcr.io/normaldance/api:1.0}]\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: worker, namespace: shop}\nspec:\n  template:\n    metadata: {labels: {app: worker}}\n    spec:\n      containers: [{name: worker, image: ghcr.io/normaldance/worker:1.0}]\n",
        ),
        (
            "policy/inventory.rego",
            "package main\n\ndeny contains msg if {\n\tinput.kind == \"Deployment\"\n\tnot data.inventory.namespace[input.metadata.namespace].v1.Service[input.metadata.name]\n\tmsg := sprintf(\"Deployment %s has no Service named after it\", [input.metadata.name])\n}\n",
        ),
    ]);
    let out = ndlint(dir.path()).args(["check", "k8s", "-p", "policy", "-f", "json"]).output().unwrap();
    let report = json(&out.stdout);
    let got: Vec<_> = findings(&report)
        .into_iter()
        .filter(|(rule, ..)| rule == "k8s-platform-namespace-guardrails" || rule == "main/deny")
        .collect();
    assert_eq!(
        got,
        vec![
            ("main/deny".to_string(), "k8s/app.yaml".to_string(), 17, 1),
            ("k8s-platform-namespace-guardrails".to_string(), "k8s/ns.yaml".to_string(), 4, 9),
        ],
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let messages: Vec<&str> =
        report["findings"].as_array().unwrap().iter().filter_map(|f| f["message"].as_str()).collect();
    assert!(messages.contains(&"Namespace shop has no LimitRange"), "{messages:?}");
    assert!(messages.contains(&"Deployment worker has no Service named after it"), "{messages:?}");
}

#[test]
fn rego_result_details_are_reported_in_json_sarif_and_human() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("policy")).unwrap();
    std::fs::write(
        dir.path().join("policy/main.rego"),
        "package main\n\ndeny contains {\"msg\": \"too few replicas\", \"details\": {\"min\": 2}} if input.kind == \"Deployment\"\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("d.yaml"),
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n",
    )
    .unwrap();
    let run = |format: &str| {
        let out = ndlint(dir.path())
            .args([
                "check",
                "d.yaml",
                "--policy",
                "policy",
                "--no-builtin-policies",
                "--select",
                "main/deny",
                "-f",
                format,
            ])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    let json: serde_json::Value = serde_json::from_str(&run("json")).unwrap();
    assert_eq!(json["findings"][0]["metadata"], serde_json::json!({"details": {"min": 2}}));
    let sarif: serde_json::Value = serde_json::from_str(&run("sarif")).unwrap();
    assert_eq!(
        sarif["runs"][0]["results"][0]["properties"]["metadata"],
        serde_json::json!({"details": {"min": 2}})
    );
    let human = run("human");
    assert!(human.contains("metadata: {\"details\":{\"min\":2}}"), "{human}");
}

#[test]
fn missing_schemas_name_the_group_have_a_configurable_severity_and_can_be_ignored() {
    let cr = "apiVersion: observability.example.com/v1\nkind: Dashboard\nmetadata:\n  name: api\n  namespace: shop\n";
    let dir = repo(&[("k8s/dashboard.yaml", cr)]);
    let run = |args: &[&str]| {
        let out = ndlint(dir.path()).args(["check", ".", "--format", "json"]).args(args).output().unwrap();
        (out.status.code(), json(&out.stdout))
    };
    let (code, report) = run(&[]);
    assert_eq!(code, Some(0), "an info finding is below the default --fail-on low");
    let f = &report["findings"][0];
    assert_eq!((f["rule"].as_str(), f["severity"].as_str()), (Some("schema-unknown-kind"), Some("info")));
    let message = f["message"].as_str().unwrap();
    assert!(message.contains("ndlint embeds no schema of the group observability.example.com"), "{message}");
    assert!(message.contains("--crd-dir") && message.contains("--ignore-missing-schemas"), "{message}");
    assert_eq!(findings(&report), [("schema-unknown-kind".into(), "k8s/dashboard.yaml".into(), 1, 1)]);

    let (_, report) = run(&["--ignore-missing-schemas"]);
    assert_eq!(findings(&report), []);
    fs::write(dir.path().join(".ndlint.yaml"), "ignore-missing-schemas: true\n").unwrap();
    let (code, report) = run(&[]);
    assert_eq!((code, findings(&report)), (Some(0), vec![]));
    fs::write(dir.path().join(".ndlint.yaml"), "severity:\n  schema-unknown-kind: medium\n").unwrap();
    let (code, report) = run(&[]);
    assert_eq!((code, report["findings"][0]["severity"].as_str()), (Some(1), Some("medium")));
}

#[test]
fn branches_a_team_accepts_are_configured_for_argocd_target_revisions() {
    let app = "\
apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: web
  namespace: argocd
  finalizers: [resources-finalizer.argocd.argoproj.io]
spec:
  project: web
  destination: {server: https://kubernetes.default.svc, namespace: web}
  source:
    repoURL: https://github.com/example/web.git
    path: deploy
    targetRevision: main
";
    let dir = repo(&[("argocd/web.yaml", app)]);
    let run = || {
        let out = ndlint(dir.path())
            .args(["check", ".", "--format", "json", "--select", "argocd-"])
            .output()
            .unwrap();
        findings(&json(&out.stdout))
    };
    assert_eq!(run(), [("argocd-mutable-target-revision".into(), "argocd/web.yaml".into(), 13, 21)]);
    fs::write(dir.path().join(".ndlint.yaml"), "argocd:\n  allowed-target-revisions: [main]\n").unwrap();
    assert_eq!(run(), []);
}
