//! Rendered sources: `helm template` output mapped back to templates and values files, Kustomize
//! overlays rendered with the real `kubectl kustomize`/`kustomize` and mapped back to resources and
//! patches, and the NORMAL DANCE overlays rendering clean under every registered rule.
//!
//! Kustomize tests need `kustomize` or `kubectl` on PATH and chart tests need `helm`
//! (`scripts/install-renderers.sh` installs both). Without them a test prints "skipped: …" and
//! returns, except in CI (`CI` set), where a missing renderer fails the test: nothing is skipped there.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use ndlint::document::Document;
use ndlint::finding::{Finding, Severity};
use ndlint::parse::helm::{self, ChartIndex, HelmMapper};
use ndlint::parse::kustomize;
use ndlint::parse::rendered::copy_tree;
use ndlint::parse::sources::Sources;
use ndlint::rules::{Rule, RuleMeta, Sink};
use ndlint::source::SourceFile;

use crate::common::{fixture, registry, repo};

/// `path:line:column rule` of a finding, and the text of its line.
fn at(f: &Finding) -> (String, String) {
    let lc = f.file.line_col(f.span.start);
    (format!("{}:{}:{} {}", f.file.path, lc.line, lc.column, f.rule), f.file.line_text(lc.line).to_string())
}

/// Reads the finding's line from the file on disk (not from ndlint's copy) and checks it.
fn assert_line_on_disk(f: &Finding, root: &Path, contains: &str) {
    let lc = f.file.line_col(f.span.start);
    let text =
        std::fs::read_to_string(root.join(&f.file.path)).unwrap_or_else(|e| panic!("{}: {e}", f.file.path));
    let line = text.lines().nth(lc.line - 1).unwrap_or("");
    assert!(
        line.contains(contains),
        "{}:{} is `{line}`, expected it to contain `{contains}`",
        f.file.path,
        lc.line
    );
    let at_col: String = line.chars().skip(lc.column - 1).collect();
    assert!(!at_col.trim().is_empty(), "column {} of `{line}` is blank", lc.column);
}

fn demo_index(sources: &Sources) -> ChartIndex {
    ChartIndex::from_dirs(sources, &[fixture("helm/charts/demo"), fixture("helm/charts/demo/charts/cache")])
}

fn demo_output(variant: Option<&str>) -> helm::HelmOutput {
    let path = fixture("helm/demo.rendered.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let file = SourceFile::new("fixtures/helm/demo.rendered.yaml", text);
    helm::parse_output(&file, variant)
}

/// A test rule reporting at a fixed pointer of objects of one kind, like a built-in rule would.
struct At {
    meta: &'static RuleMeta,
    kind: &'static str,
    pointer: &'static str,
}

impl Rule for At {
    fn meta(&self) -> &'static RuleMeta {
        self.meta
    }
    fn check(&self, doc: &Document, sink: &mut Sink<'_>) {
        if doc.kind() == self.kind && doc.get(self.pointer).is_some() {
            sink.report(self.pointer, format!("{} is set", self.pointer));
        }
    }
}

static TEST_META: RuleMeta = RuleMeta {
    id: "test-field",
    summary: "test",
    severity: Severity::High,
    help: "test",
    docs: "test",
    references: &[],
    tags: &[],
    default_enabled: true,
};

fn run(rule: &At, docs: &[Document]) -> Vec<Finding> {
    let mut out = Vec::new();
    for d in docs {
        rule.check(d, &mut Sink::new(d, rule.meta, &mut out));
    }
    out
}

#[test]
fn helm_output_documents_get_their_template_as_origin() {
    let out = demo_output(Some("prod"));
    assert_eq!(out.parsed.documents.len(), 4);
    assert_eq!(
        out.sources,
        vec![
            Some("demo-app/charts/cache/templates/configmap.yaml".to_string()),
            Some("demo-app/templates/deployment.yaml".to_string()),
            Some("demo-app/templates/prometheusrule.yaml".to_string()),
            Some("demo-app/charts/queue/templates/configmap.yaml".to_string()),
        ]
    );
    let origin = out.parsed.documents[1].origin.as_ref().unwrap();
    assert_eq!(origin.description, "helm template demo-app/templates/deployment.yaml (values: prod)");
    assert!(helm::is_helm_output(&out.parsed.documents[0].file.text));
    assert!(!helm::is_helm_output("apiVersion: v1\nkind: ConfigMap\n"));
}

#[test]
fn helm_output_findings_map_to_template_and_values_lines() {
    let out = demo_output(None);
    let reg = registry(&["prometheus-"]);
    let mut findings = Vec::new();
    for d in &out.parsed.documents {
        reg.check(d, &mut findings);
    }
    let sources = Sources::new(&repo());
    let index = demo_index(&sources);
    let mapper = HelmMapper::new(&sources, &index, None, &[]);
    let mapped = mapper.map_findings(&out, findings);
    let got: Vec<_> = mapped.iter().map(|f| at(f).0).collect();
    assert_eq!(
        got,
        vec![
            "fixtures/helm/charts/demo/templates/prometheusrule.yaml:12:17 prometheus-invalid-promql",
            "fixtures/helm/charts/demo/values.yaml:12:17 prometheus-invalid-duration",
        ]
    );
    // The expression is written in the template: the finding is on its line, exact.
    assert_line_on_disk(&mapped[0], &repo(), "expr: sum(rate(http_requests_total");
    assert!(!mapped[0].approximate);
    // `for: {{ .Values.alerts.errorRateFor }}`: the bad duration is in the values file.
    assert_line_on_disk(&mapped[1], &repo(), "errorRateFor: 10 min");
    assert!(!mapped[1].approximate);
    // The rendered position is kept as a related location, and the template line for the values key.
    let rendered = &mapped[1].related[0];
    assert_eq!(rendered.file.path, "fixtures/helm/demo.rendered.yaml");
    assert_eq!(rendered.file.line_col(rendered.span.start).line, 58);
    assert_eq!(mapped[1].related[1].file.path, "fixtures/helm/charts/demo/templates/prometheusrule.yaml");
}

#[test]
fn helm_findings_follow_values_variants_and_to_yaml_blocks() {
    let out = demo_output(Some("prod"));
    let sources = Sources::new(&repo());
    let index = demo_index(&sources);
    let values = [fixture("helm/demo-values-prod.yaml")];
    let mapper = HelmMapper::new(&sources, &index, None, &values);
    let cases: [(&'static str, &'static str, &str, &str, bool); 5] = [
        // A field rendered by `toYaml .Values.securityContext`: the key in the prod values file.
        (
            "Deployment",
            "/spec/template/spec/containers/0/securityContext/allowPrivilegeEscalation",
            "fixtures/helm/demo-values-prod.yaml:4:29",
            "allowPrivilegeEscalation: true",
            false,
        ),
        // `with .Values.podSecurityContext` + `toYaml .`: the chart's values.yaml (prod does not set it).
        (
            "Deployment",
            "/spec/template/spec/securityContext/runAsNonRoot",
            "fixtures/helm/charts/demo/values.yaml:5:17",
            "runAsNonRoot: true",
            false,
        ),
        // A subchart's template reading its own values.
        (
            "ConfigMap",
            "/data/maxmemory",
            "fixtures/helm/charts/demo/charts/cache/values.yaml:1:12",
            "maxmemory: 64mb",
            false,
        ),
        // Labels from an `include` helper: not in the template, so the template's `kind:` line, approximate.
        (
            "Deployment",
            "/metadata/labels/app.kubernetes.io~1instance",
            "fixtures/helm/charts/demo/templates/deployment.yaml:2:1",
            "kind: Deployment",
            true,
        ),
        // A subchart shipped as an archive (no template in the tree): its dependency entry.
        ("ConfigMap", "/data/mode", "fixtures/helm/charts/demo/Chart.yaml:10:11", "- name: queue", true),
    ];
    for (kind, pointer, want, line, approximate) in cases {
        let rule = At { meta: &TEST_META, kind, pointer };
        let findings = run(&rule, &out.parsed.documents);
        assert_eq!(findings.len(), 1, "{pointer}");
        let f = mapper.map_findings(&out, findings).remove(0);
        assert_eq!(at(&f).0, format!("{want} test-field"), "{pointer}");
        assert_line_on_disk(&f, &repo(), line);
        assert_eq!(f.approximate, approximate, "{pointer}");
        assert!(f.related.iter().any(|r| r.file.path == "fixtures/helm/demo.rendered.yaml"));
    }
}

#[test]
fn helm_same_finding_from_several_variants_is_reported_once() {
    let sources = Sources::new(&repo());
    let index = demo_index(&sources);
    let reg = registry(&["prometheus-invalid-promql"]);
    let mut tagged = Vec::new();
    for variant in ["dev", "prod"] {
        let out = demo_output(Some(variant));
        let mut findings = Vec::new();
        for d in &out.parsed.documents {
            reg.check(d, &mut findings);
        }
        let mapper = HelmMapper::new(&sources, &index, None, &[]);
        tagged.extend(mapper.map_findings(&out, findings).into_iter().map(|f| (variant.to_string(), f)));
    }
    let merged = helm::merge_variants(tagged);
    assert_eq!(merged.len(), 1);
    assert!(merged[0].message.ends_with("(variants: dev, prod)"), "{}", merged[0].message);
    assert!(merged[0].origin.as_deref().unwrap_or("").contains("variants: dev, prod"));
}

#[test]
fn helm_render_chart_uses_the_real_binary_or_says_it_is_missing() {
    let chart = repo().join("helm/normaldance");
    let sources = Sources::new(&repo());
    let result = helm::render_chart(
        &sources,
        &chart,
        "normaldance",
        "normaldance",
        &[chart.join("values-prod.yaml")],
        Some("1.33"),
    );
    if kustomize::which("helm").is_none() {
        assert_eq!(result.unwrap_err().message, "helm not found on PATH");
        skip("helm not on PATH (chart rendering not exercised; the error path was)");
        return;
    }
    let text = result.expect("helm/normaldance renders");
    assert!(helm::is_helm_output(&text));
    let file = SourceFile::new("helm/normaldance (helm template)", text);
    let out = helm::parse_output(&file, Some("prod"));
    assert!(out.sources.iter().all(Option::is_some));
    let index = ChartIndex::discover(&sources);
    for s in out.sources.iter().flatten() {
        let (_, template) = index.resolve(s, None).unwrap_or_else(|| panic!("{s} not resolved"));
        assert!(template.is_file(), "{}", template.display());
    }
}

/// Copies `kubernetes/` into a temporary repository so tests can break files.
fn temp_platform() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&repo().join("kubernetes"), &dir.path().join("kubernetes")).unwrap();
    dir
}

/// Says a test did not exercise what it is about; in CI that is a failure.
fn skip(why: &str) {
    assert!(
        std::env::var_os("CI").is_none(),
        "{why}: CI must install the renderers (scripts/install-renderers.sh)"
    );
    println!("skipped: {why}");
}

fn have_kustomize() -> bool {
    if kustomize::renderer().is_none() {
        skip("neither kustomize nor kubectl on PATH");
        return false;
    }
    true
}

#[test]
fn kustomize_render_roots_are_the_overlays() {
    let root = repo().join("kubernetes");
    let roots: Vec<String> = kustomize::discover_roots(&Sources::new(&root))
        .iter()
        .map(|p| p.strip_prefix(&root).unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(roots, ["overlays/dev", "overlays/prod", "overlays/staging"]);
    let consumed: Vec<String> = kustomize::consumed_files(&Sources::new(&root), &root.join("overlays/prod"))
        .iter()
        .map(|p| {
            p.strip_prefix(std::fs::canonicalize(&root).unwrap()).unwrap().to_string_lossy().into_owned()
        })
        .collect();
    for f in [
        "base/api.yaml",
        "base/kustomization.yaml",
        "base/network-policies.yaml",
        "overlays/prod/pdb.yaml",
        "overlays/prod/kustomization.yaml",
    ] {
        assert!(consumed.iter().any(|c| c == f), "{f} not in {consumed:?}");
    }
    assert!(!consumed.iter().any(|c| c.starts_with("overlays/dev")));
}

#[test]
fn kustomize_findings_map_to_base_files_patches_and_image_entries() {
    if !have_kustomize() {
        return;
    }
    let tmp = temp_platform();
    let overlay = tmp.path().join("kubernetes/overlays/dev");
    let rendered = kustomize::render(&Sources::new(tmp.path()), &overlay).expect("dev overlay renders");
    assert_eq!(rendered.root, "kubernetes/overlays/dev");
    // The origin annotation kustomize added for ndlint is gone before rules see the objects.
    for d in &rendered.documents {
        assert!(d.get("/metadata/annotations/config.kubernetes.io~1origin").is_none());
        assert!(d.origin.as_ref().unwrap().description.starts_with("kustomize kubernetes/overlays/dev"));
    }
    assert!(!rendered.file.text.is_empty());
    let cases: [(&'static str, &'static str, &str, &str); 5] = [
        // Unchanged by the overlay: the exact line in the base resource.
        (
            "Deployment",
            "/spec/template/spec/containers/0/securityContext/readOnlyRootFilesystem",
            "kubernetes/base/api.yaml:",
            "readOnlyRootFilesystem: true",
        ),
        // Set by the overlay's strategic-merge patch.
        (
            "Deployment",
            "/spec/template/spec/containers/0/resources/requests/cpu",
            "kubernetes/overlays/dev/api-deployment.yaml:17:",
            "cpu: 100m",
        ),
        // Set by the `images:` transformer: the `newTag` of the overlay's kustomization.
        (
            "Deployment",
            "/spec/template/spec/containers/0/image",
            "kubernetes/overlays/dev/kustomization.yaml:",
            "newTag: 1.9.0-rc.1",
        ),
        // A label added by the overlay's `labels:` transformer.
        (
            "Service",
            "/metadata/labels/environment",
            "kubernetes/overlays/dev/kustomization.yaml:",
            "environment: dev",
        ),
        // Another kind, unchanged by the overlay.
        ("Ingress", "/spec/ingressClassName", "kubernetes/base/ingress.yaml:15:", "ingressClassName: nginx"),
    ];
    for (kind, pointer, want, line) in cases {
        let rule = At { meta: &TEST_META, kind, pointer };
        let findings = run(&rule, &rendered.documents);
        assert!(!findings.is_empty(), "{pointer}");
        let f = rendered.map_finding(findings.into_iter().next().unwrap());
        assert!(at(&f).0.starts_with(want), "{pointer}: {} ({})", at(&f).0, at(&f).1);
        assert_line_on_disk(&f, tmp.path(), line);
        assert!(!f.approximate, "{pointer}");
        assert!(f.related.iter().any(|r| Arc::ptr_eq(&r.file, &rendered.file)));
    }
}

#[test]
fn kustomize_breaking_a_field_in_an_overlay_patch_points_at_the_patch_line() {
    if !have_kustomize() {
        return;
    }
    let tmp = temp_platform();
    let patch = tmp.path().join("kubernetes/overlays/staging/api-deployment.yaml");
    let text = std::fs::read_to_string(&patch).unwrap();
    // A person adds a securityContext override to the staging patch.
    let broken = text.replace(
        "          env:\n",
        "          securityContext:\n            allowPrivilegeEscalation: true\n          env:\n",
    );
    assert_ne!(text, broken);
    std::fs::write(&patch, broken).unwrap();
    let rendered =
        kustomize::render(&Sources::new(tmp.path()), &tmp.path().join("kubernetes/overlays/staging"))
            .unwrap();
    let rule = At {
        meta: &TEST_META,
        kind: "Deployment",
        pointer: "/spec/template/spec/containers/0/securityContext/allowPrivilegeEscalation",
    };
    let findings: Vec<Finding> = run(&rule, &rendered.documents)
        .into_iter()
        .filter(|f| f.object.as_ref().and_then(|o| o.name.as_deref()) == Some("api"))
        .collect();
    assert_eq!(findings.len(), 1);
    assert_eq!(
        findings[0].file.line_text(findings[0].file.line_col(findings[0].span.start).line).trim(),
        "allowPrivilegeEscalation: true"
    );
    let f = rendered.map_finding(findings.into_iter().next().unwrap());
    assert_eq!(at(&f).0, "kubernetes/overlays/staging/api-deployment.yaml:13:39 test-field");
    assert_line_on_disk(&f, tmp.path(), "allowPrivilegeEscalation: true");
    assert!(!f.approximate);

    // The same object in the other overlays keeps the base value: mapped to the base line, and
    // merging across overlays reports it once listing them.
    let mut tagged = Vec::new();
    for env in ["dev", "prod"] {
        let r = kustomize::render(
            &Sources::new(tmp.path()),
            &tmp.path().join(format!("kubernetes/overlays/{env}")),
        )
        .unwrap();
        let rule = At {
            meta: &TEST_META,
            kind: "Deployment",
            pointer: "/spec/template/spec/containers/0/securityContext/allowPrivilegeEscalation",
        };
        for f in r.map_findings(run(&rule, &r.documents)) {
            tagged.push((r.root.clone(), f));
        }
    }
    let merged = kustomize::merge_overlays(tagged);
    assert_eq!(merged.len(), 3, "api, web and worker each once");
    for f in &merged {
        assert!(f.file.path.starts_with("kubernetes/base/"), "{}", f.file.path);
        assert!(
            f.message.ends_with("(variants: kubernetes/overlays/dev, kubernetes/overlays/prod)"),
            "{}",
            f.message
        );
        assert_line_on_disk(f, tmp.path(), "allowPrivilegeEscalation: false");
    }
}

#[test]
fn kustomize_name_prefixes_and_generated_objects_map_back() {
    if !have_kustomize() {
        return;
    }
    let tmp = temp_platform();
    let k = tmp.path().join("kubernetes/overlays/dev/kustomization.yaml");
    let text = std::fs::read_to_string(&k).unwrap();
    let extra = "namePrefix: dev-\nconfigMapGenerator:\n  - name: api-settings\n    literals:\n      - FEATURE_FLAGS=beta\n";
    std::fs::write(&k, format!("{text}{extra}")).unwrap();
    let rendered =
        kustomize::render(&Sources::new(tmp.path()), &tmp.path().join("kubernetes/overlays/dev")).unwrap();
    let names: Vec<_> = rendered.documents.iter().filter_map(|d| d.object.as_ref()?.name.clone()).collect();
    assert!(names.iter().any(|n| n == "dev-api"), "{names:?}");
    let generated = names.iter().find(|n| n.starts_with("dev-api-settings-")).expect("hashed generator name");

    // `dev-api` is `api` in the base.
    let rule = At {
        meta: &TEST_META,
        kind: "Deployment",
        pointer: "/spec/template/spec/automountServiceAccountToken",
    };
    let f = rendered.map_finding(run(&rule, &rendered.documents).remove(0));
    assert!(at(&f).0.starts_with("kubernetes/base/api.yaml:"), "{}", at(&f).0);
    assert_line_on_disk(&f, tmp.path(), "automountServiceAccountToken: false");

    // A generated ConfigMap (`dev-api-settings-<hash>`): its generator entry, approximate.
    let rule = At { meta: &TEST_META, kind: "ConfigMap", pointer: "/data/FEATURE_FLAGS" };
    let findings = run(&rule, &rendered.documents);
    assert_eq!(findings[0].object.as_ref().unwrap().name.as_deref(), Some(generated.as_str()));
    let f = rendered.map_finding(findings.into_iter().next().unwrap());
    assert!(at(&f).0.starts_with("kubernetes/overlays/dev/kustomization.yaml:"), "{}", at(&f).0);
    assert_line_on_disk(&f, tmp.path(), "- name: api-settings");
    assert!(f.approximate);
}

#[test]
fn kustomize_build_failure_is_a_clear_error() {
    if !have_kustomize() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("broken");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("kustomization.yaml"), "resources:\n  - ../missing-base\n").unwrap();
    let err = kustomize::render(&Sources::new(tmp.path()), &dir).err().expect("build fails").message;
    assert!(err.contains("failed") && err.contains("missing-base"), "{err}");
    assert!(!err.contains("ndlint-kustomize-"), "the wrapper's temp path leaks: {err}");
}

#[test]
fn normaldance_overlays_render_clean_under_every_rule() {
    if !have_kustomize() {
        return;
    }
    let reg = registry(&[]);
    let mut problems = Vec::new();
    for env in ["dev", "staging", "prod"] {
        let overlay: PathBuf = repo().join("kubernetes/overlays").join(env);
        let rendered =
            kustomize::render(&Sources::new(&repo()), &overlay).unwrap_or_else(|e| panic!("{env}: {e}"));
        assert!(rendered.documents.len() >= 20, "{env}: {} objects", rendered.documents.len());
        let mut findings = Vec::new();
        for d in &rendered.documents {
            reg.check(d, &mut findings);
        }
        reg.check_all(&rendered.documents, &mut findings);
        for f in rendered.map_findings(findings) {
            let (pos, line) = at(&f);
            problems.push(format!("{env}: {pos}: {} [{}]", f.message, line.trim()));
        }
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

#[test]
fn prometheus_plain_rule_files_are_checked() {
    let path = fixture("prometheus/rules.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let file = SourceFile::new("fixtures/prometheus/rules.yaml", text);
    let parsed = ndlint::parse::kubernetes_documents(&file);
    assert_eq!(parsed.documents.len(), 1);
    assert!(ndlint::rules::k8s::prometheus::is_prometheus_rule_file(&parsed.documents[0].value));
    let reg = registry(&["prometheus-"]);
    let mut findings = Vec::new();
    reg.check(&parsed.documents[0], &mut findings);
    let got: Vec<_> = findings.iter().map(|f| at(f).0).collect();
    assert_eq!(
        got,
        [
            "fixtures/prometheus/rules.yaml:6:15 prometheus-invalid-promql",
            "fixtures/prometheus/rules.yaml:7:14 prometheus-invalid-duration",
            "fixtures/prometheus/rules.yaml:5:9 prometheus-alert-missing-summary",
        ]
    );
    assert!(
        findings[0].message.starts_with("alert `PodRestartRate` has an invalid PromQL expression"),
        "{}",
        findings[0].message
    );
}

/// End to end, as CI runs it: `ndlint check -f sarif` on the platform with a broken overlay patch
/// and a broken values-driven template rendered by `helm template` (committed output on stdin).
/// Every SARIF location is a file of the repository, at a line holding the offending text.
#[test]
fn sarif_locations_of_rendered_findings_are_repository_lines() {
    if !have_kustomize() {
        return;
    }
    let tmp = temp_platform();
    std::fs::create_dir(tmp.path().join(".git")).unwrap();
    let patch = tmp.path().join("kubernetes/overlays/staging/api-deployment.yaml");
    let text = std::fs::read_to_string(&patch).unwrap();
    let broken = text.replace(
        "          env:\n",
        "          securityContext:\n            allowPrivilegeEscalation: true\n          env:\n",
    );
    std::fs::write(&patch, broken).unwrap();
    let out = assert_cmd::Command::cargo_bin("ndlint")
        .unwrap()
        .current_dir(tmp.path())
        .args(["check", "-f", "sarif", "--no-builtin-policies", "."])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    let sarif = String::from_utf8(out.stdout).unwrap();
    crate::common::assert_valid_sarif(&sarif);
    let sarif: serde_json::Value = serde_json::from_str(&sarif).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    let mut found = false;
    for r in results {
        let loc = &r["locations"][0]["physicalLocation"];
        let uri = loc["artifactLocation"]["uri"].as_str().unwrap();
        let line = loc["region"]["startLine"].as_u64().unwrap() as usize;
        let path = tmp.path().join(uri);
        assert!(path.is_file(), "{uri} is not a file of the repository");
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(line >= 1 && line <= text.lines().count(), "{uri}:{line} is past the end");
        // Related locations name only files of the repository; the rendered stream's position is
        // in the message, the stream a logical location.
        for related in r["relatedLocations"].as_array().into_iter().flatten() {
            match related["physicalLocation"]["artifactLocation"]["uri"].as_str() {
                Some(uri) => assert!(tmp.path().join(uri).is_file(), "related {uri} is not a file"),
                None => {
                    let text = related["message"]["text"].as_str().unwrap();
                    assert!(text.contains("(kustomize build)"), "{text}");
                    assert!(text.contains("line "), "{text}");
                    assert_eq!(related["logicalLocations"][0]["kind"], "module");
                }
            }
        }
        if r["ruleId"] == "k8s-privilege-escalation-allowed" {
            assert!(
                r["relatedLocations"].as_array().unwrap().iter().any(|l| l["physicalLocation"].is_null()),
                "the rendered position is kept: {r}"
            );
            assert_eq!(uri, "kubernetes/overlays/staging/api-deployment.yaml");
            assert_eq!(text.lines().nth(line - 1).unwrap().trim(), "allowPrivilegeEscalation: true");
            found = true;
        }
    }
    assert!(found, "the broken patch was not reported");
}

/// `helm template … | ndlint check -f sarif -`: findings land in the chart's templates and values
/// files, at lines that exist.
#[test]
fn helm_output_on_stdin_maps_sarif_locations_to_the_chart() {
    let rendered = std::fs::read_to_string(fixture("helm/demo.rendered.yaml")).unwrap();
    let out = assert_cmd::Command::cargo_bin("ndlint")
        .unwrap()
        .current_dir(repo())
        .args(["check", "-f", "sarif", "--select", "k8s-", "-"])
        .write_stdin(rendered)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    let sarif = String::from_utf8(out.stdout).unwrap();
    crate::common::assert_valid_sarif(&sarif);
    let sarif: serde_json::Value = serde_json::from_str(&sarif).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert!(!results.is_empty());
    for r in results {
        let loc = &r["locations"][0]["physicalLocation"];
        let uri = loc["artifactLocation"]["uri"].as_str().unwrap();
        assert!(uri.starts_with("fixtures/helm/charts/demo/"), "{uri} is not in the chart");
        let text = std::fs::read_to_string(repo().join(uri)).unwrap();
        let line = loc["region"]["startLine"].as_u64().unwrap() as usize;
        assert!(line >= 1 && line <= text.lines().count(), "{uri}:{line} is past the end");
    }
}
