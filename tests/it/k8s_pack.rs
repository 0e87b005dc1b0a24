//! The Kubernetes rule pack as users see it: hardened manifests in the style of kube-prometheus and
//! Online Boutique lint clean, cross-object findings carry exact messages and positions, credentials
//! are redacted, and the API rules follow the target Kubernetes version.

use std::fs;
use std::path::Path;

use crate::common::{fixture, lint, positions, registry, repo};
use ndlint::check::lint_file;
use ndlint::finding::Finding;
use ndlint::rules::table::{benchmark_rules, rules_markdown};
use ndlint::rules::{KubeVersion, Registry, builtin};
use ndlint::source::SourceFile;

/// Lints every YAML file under `dir` as one run (per-document rules, then cross-document rules).
fn lint_tree(dir: &Path, registry: &Registry) -> Vec<Finding> {
    let mut paths: Vec<_> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    paths.sort();
    let mut docs = Vec::new();
    let mut findings = Vec::new();
    let mut texts = Vec::new();
    for path in paths {
        let text = fs::read_to_string(&path).expect("fixture");
        texts.push(text.clone());
        let rel = path.strip_prefix(repo()).unwrap_or(&path).to_string_lossy().replace('\\', "/");
        let (d, f) = lint_file(&SourceFile::new(rel, text), registry);
        docs.extend(d);
        findings.extend(f);
    }
    // Every object of the tree was parsed (a mistyped document would otherwise lint clean vacuously).
    let kinds = texts.iter().map(|t| t.lines().filter(|l| l.starts_with("kind: ")).count()).sum::<usize>();
    assert_eq!(docs.len(), kinds, "{}: documents parsed", dir.display());
    registry.check_all(&docs, &mut findings);
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    findings
}

/// Every built-in rule, the off-by-default digest pinning rule excepted.
fn all_rules() -> Registry {
    let ids: Vec<&str> =
        builtin().iter().map(|r| r.meta().id).filter(|id| *id != "k8s-image-not-pinned-by-digest").collect();
    registry(&ids)
}

fn describe(findings: &[Finding]) -> String {
    findings
        .iter()
        .map(|f| {
            let lc = f.file.line_col(f.span.start);
            format!("{}:{}:{} {} {}", f.file.path, lc.line, lc.column, f.rule, f.message)
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn hardened_kube_prometheus_manifests_have_no_findings() {
    let reg = all_rules();
    assert!(reg.rules.len() >= 52, "only {} rules ran", reg.rules.len());
    let findings = lint_tree(&fixture("hardened/kube-prometheus"), &reg);
    assert!(findings.is_empty(), "\n{}", describe(&findings));
    assert_eq!(fs::read_dir(fixture("hardened/kube-prometheus")).map(Iterator::count).unwrap_or(0), 31);
}

#[test]
fn hardened_online_boutique_manifests_have_no_findings() {
    let findings = lint_tree(&fixture("hardened/online-boutique"), &all_rules());
    assert!(findings.is_empty(), "\n{}", describe(&findings));
}

#[test]
fn hardened_manifests_still_fail_once_a_protection_is_removed() {
    // The clean result above means something only if the cross-object rules see these objects.
    let dir = fixture("hardened/online-boutique");
    let frontend = fs::read_to_string(dir.join("frontend.yaml")).expect("fixture");
    let broken = frontend.replace(
        "  selector:\n    app: frontend\n  ports:\n    - name: http",
        "  selector:\n    app: front-end\n  ports:\n    - name: http",
    );
    assert_ne!(broken, frontend);
    let findings = ndlint::check::lint_text("frontend.yaml", &broken, &all_rules());
    let got: Vec<String> = findings.iter().map(|f| format!("{} {}", f.rule, f.message)).collect();
    assert!(
        got.contains(&"k8s-service-selector-matches-nothing Service frontend selects none of the 1 workload(s) of namespace `onlineboutique`".to_string()),
        "{got:#?}"
    );
}

fn messages(rule: &str) -> Vec<String> {
    let path = fixture(&format!("rules/{rule}/bad.yaml"));
    lint(&path, &[rule])
        .iter()
        .map(|f| {
            let lc = f.file.line_col(f.span.start);
            format!("{}:{} {}", lc.line, lc.column, f.message)
        })
        .collect()
}

#[test]
fn cross_object_rules_point_at_the_object_to_change() {
    assert_eq!(
        messages("k8s-namespace-without-network-policy"),
        [
            "4:9 namespace `shop` runs 1 workload (Deployment web) but no NetworkPolicy in this run applies to it",
            "28:14 namespace `batch` runs 1 workload (Deployment jobs) but no NetworkPolicy in this run applies to it",
        ]
    );
    assert_eq!(
        messages("k8s-network-policy-selects-nothing"),
        ["26:5 NetworkPolicy frontend selects none of the 1 workload(s) of namespace `shop`"]
    );
    assert_eq!(
        messages("k8s-exposed-workload-not-isolated"),
        [
            "30:5 Service web (type LoadBalancer) exposes Deployment web, which no NetworkPolicy isolates for ingress",
            "65:5 Service api (an Ingress backend) exposes Deployment api, which no NetworkPolicy isolates for ingress",
        ]
    );
    assert_eq!(
        messages("k8s-service-selector-matches-nothing"),
        ["30:5 Service api selects none of the 1 workload(s) of namespace `shop`"]
    );
    assert_eq!(
        messages("k8s-service-target-port-not-exposed"),
        [
            "34:19 Service api sends port 80 to `web`, which no container of Deployment api exposes",
            "48:19 Service api-metrics sends port 80 to `9090`, which no container of Deployment api exposes",
        ]
    );
    assert_eq!(
        messages("k8s-single-replica-without-pdb"),
        [
            "7:13 Deployment api runs a single replica and no PodDisruptionBudget covers it",
            "25:1 Deployment web runs a single replica and no PodDisruptionBudget covers it",
        ]
    );
    assert_eq!(
        messages("k8s-pdb-matches-nothing"),
        ["30:5 PodDisruptionBudget api selects none of the 1 workload(s) of namespace `shop`"]
    );
    assert_eq!(
        messages("k8s-pdb-allows-no-disruption"),
        [
            "26:17 PodDisruptionBudget api requires 2 available pods but Deployment api runs 2: no pod can be evicted",
            "37:19 PodDisruptionBudget frozen sets maxUnavailable to 0: no pod can ever be evicted",
            "48:17 PodDisruptionBudget all sets minAvailable to 100%: no pod can ever be evicted",
        ]
    );
    assert_eq!(
        messages("k8s-hpa-target-missing"),
        [
            "31:11 HorizontalPodAutoscaler api targets StatefulSet api, which is not defined in namespace `shop`",
            "44:11 HorizontalPodAutoscaler web targets Deployment web, which is not defined in namespace `shop`",
        ]
    );
    assert_eq!(
        messages("k8s-pod-service-account-token-automount"),
        [
            "20:5 Deployment web mounts the token of service account `web` implicitly; set automountServiceAccountToken"
        ]
    );
}

#[test]
fn duplicate_objects_across_files_link_to_the_first_definition() {
    let reg = registry(&["k8s-duplicate-object"]);
    let text = fs::read_to_string(fixture("rules/k8s-duplicate-object/bad.yaml")).expect("fixture");
    let deployment = text.split("---\n").next().unwrap_or_default().to_string();
    let run = |paths: &[&str]| {
        let mut docs = Vec::new();
        for path in paths {
            docs.extend(lint_file(&SourceFile::new(*path, deployment.clone()), &reg).0);
        }
        let mut findings = Vec::new();
        reg.check_all(&docs, &mut findings);
        findings
    };
    let findings = run(&["apps/shop/api.yaml", "apps/shop/api-v2.yaml"]);
    assert_eq!(findings.len(), 1);
    let f = &findings[0];
    assert_eq!(f.file.path, "apps/shop/api-v2.yaml");
    assert_eq!(positions(&findings), ["4:9 k8s-duplicate-object"]);
    assert_eq!(
        f.message,
        "Deployment shop/api is defined twice; the first definition is at apps/shop/api.yaml:1:1"
    );
    assert_eq!(f.related.len(), 1);
    assert_eq!(f.related[0].file.path, "apps/shop/api.yaml");
    // One directory per environment is the GitOps norm, not a duplicate.
    assert!(run(&["clusters/staging/api.yaml", "clusters/prod/api.yaml"]).is_empty());
}

#[test]
fn credentials_are_redacted_in_every_message() {
    let secrets =
        ["hunter2-prod", "s3cr3t", "AKIAIOSFODNN7EXAMPLE", "Sup3rS3cret", "correct-horse", "pa55word"];
    let mut seen = 0;
    for rule in ["k8s-credential-in-env", "k8s-credential-in-config-map", "k8s-credential-in-annotation"] {
        let findings = lint(&fixture(&format!("rules/{rule}/bad.yaml")), &[rule]);
        assert!(!findings.is_empty(), "{rule} found nothing");
        for f in &findings {
            seen += 1;
            assert!(f.message.contains("REDACTED"), "{}", f.message);
            for s in secrets {
                assert!(!f.message.contains(s), "{rule} leaks `{s}`: {}", f.message);
                assert!(!f.help.as_deref().unwrap_or("").contains(s));
            }
        }
    }
    assert_eq!(seen, 7);
    assert_eq!(
        messages("k8s-credential-in-config-map"),
        [
            "8:19 ConfigMap api-config key `admin_password` holds a literal credential (REDACTED, 11 characters)",
            "11:5 ConfigMap api-config key `application.properties` assigns a literal `spring.datasource.password` on line 2 of its value (REDACTED, 13 characters)",
        ]
    );
}

#[test]
fn api_rules_follow_the_target_kubernetes_version() {
    let path = fixture("rules/k8s-removed-api/bad.yaml");
    let text = fs::read_to_string(&path).expect("fixture");
    let newest =
        ndlint::check::lint_text("apis.yaml", &text, &registry(&["k8s-removed-api", "k8s-deprecated-api"]));
    assert_eq!(
        positions(&newest),
        ["1:13 k8s-removed-api", "11:13 k8s-removed-api", "18:13 k8s-removed-api"]
    );
    assert_eq!(
        newest[0].message,
        "extensions/v1beta1 Ingress was removed in Kubernetes 1.22 (checking against 1.33); use networking.k8s.io/v1 (backends become `service.name`/`service.port`)"
    );

    let mut old = registry(&["k8s-removed-api", "k8s-deprecated-api"]);
    old.set_kube_version(KubeVersion::parse("v1.25.4").expect("version"));
    let findings = ndlint::check::lint_text("apis.yaml", &text, &old);
    assert_eq!(
        positions(&findings),
        ["1:13 k8s-removed-api", "11:13 k8s-removed-api", "18:13 k8s-deprecated-api"]
    );
    assert_eq!(
        findings[2].message,
        "autoscaling/v2beta2 HorizontalPodAutoscaler is deprecated since Kubernetes 1.23 and will be removed in 1.26; use autoscaling/v2"
    );
    old.set_kube_version(KubeVersion::new(1, 13));
    assert!(ndlint::check::lint_text("apis.yaml", &text, &old).is_empty());
}

#[test]
fn benchmarks_and_the_rule_table_come_from_the_registry() {
    let cis = benchmark_rules("cis-k8s").expect("known benchmark");
    for id in ["k8s-rbac-cluster-admin-binding", "k8s-namespace-without-network-policy", "k8s-secret-in-env"]
    {
        assert!(cis.contains(&id), "{id} missing from cis-k8s");
    }
    assert!(!cis.contains(&"k8s-probes-identical"));
    assert!(benchmark_rules("pss-baseline").is_some());
    assert!(benchmark_rules("nope").is_none());
    let table = rules_markdown();
    assert!(table.starts_with(
        "| Rule | Severity | Summary | CIS Kubernetes 1.9 | Pod Security Standards | NSA/CISA guide |\n"
    ));
    assert!(table.contains(
        "| `k8s-rbac-cluster-admin-binding` | high | The cluster-admin ClusterRole is bound to a subject that is not a system group | 5.1.1 |  | RBAC |"
    ));
    assert_eq!(table.lines().count(), builtin().len() + 2);
}

#[test]
fn pods_run_by_an_operator_silence_the_selects_nothing_rules() {
    let ok =
        fs::read_to_string(fixture("rules/k8s-service-selector-matches-nothing/ok.yaml")).expect("fixture");
    let reg = registry(&["k8s-service-selector-matches-nothing"]);
    assert!(ndlint::check::lint_text("ok.yaml", &ok, &reg).is_empty());
    // Without the Prometheus resource, nothing in the namespace runs the selected pods.
    let without_cr = ok
        .replace("kind: Prometheus\n", "kind: PrometheusRule\n")
        .replace("  replicas: 2\n", "  groups: []\n");
    let findings = ndlint::check::lint_text("ok.yaml", &without_cr, &reg);
    assert_eq!(
        findings.iter().map(|f| f.message.as_str()).collect::<Vec<_>>(),
        ["Service prometheus-k8s selects none of the 1 workload(s) of namespace `monitoring`"]
    );
}
