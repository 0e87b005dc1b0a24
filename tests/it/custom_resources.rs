//! Custom resources as workloads: pod-spec rules on the pod templates of Argo Rollouts and
//! Workflows, KEDA ScaledJobs and Knative Services, at exact lines.

use crate::common::{fixture, lint, positions};

#[test]
fn pod_spec_rules_run_on_the_pod_templates_of_custom_resources() {
    let rules = [
        "k8s-host-pid",
        "k8s-host-ipc",
        "k8s-host-network",
        "k8s-privileged-container",
        "k8s-run-as-root-user",
        "k8s-privilege-escalation-allowed",
        "k8s-capabilities-added",
        "k8s-image-latest-tag",
    ];
    let findings = lint(&fixture("custom-resources/pod-templates.yaml"), &rules);
    let shown: Vec<String> =
        positions(&findings).into_iter().zip(&findings).map(|(p, f)| format!("{p} {}", f.message)).collect();
    assert_eq!(
        shown,
        [
            "14:16 k8s-host-pid Rollout shop/api shares the host's PID namespace (container `api`)",
            "17:18 k8s-image-latest-tag container `api` uses image `ghcr.io/example/api:latest` with the latest tag",
            "18:11 k8s-privilege-escalation-allowed container `api` of Rollout shop/api does not set `allowPrivilegeEscalation: false`",
            "19:25 k8s-privileged-container container `api` of Rollout shop/api runs privileged",
            "32:16 k8s-host-network WorkflowTemplate ci/build shares the host's network namespace (containers `compile`, `lint`, `dind`)",
            "39:9 k8s-privilege-escalation-allowed container `compile` of WorkflowTemplate ci/build does not set `allowPrivilegeEscalation: false`",
            "40:23 k8s-privileged-container container `compile` of WorkflowTemplate ci/build runs privileged",
            "43:20 k8s-run-as-root-user the pod of template `lint` of WorkflowTemplate ci/build runs as user 0 (root)",
            "44:7 k8s-privilege-escalation-allowed container `lint` of WorkflowTemplate ci/build does not set `allowPrivilegeEscalation: false`",
            "50:11 k8s-privilege-escalation-allowed container `dind` of WorkflowTemplate ci/build does not set `allowPrivilegeEscalation: false`",
            "51:25 k8s-privileged-container container `dind` of WorkflowTemplate ci/build runs privileged",
            "67:39 k8s-privilege-escalation-allowed container `main` of CronWorkflow ci/nightly allows privilege escalation (`allowPrivilegeEscalation: true`)",
            "78:18 k8s-host-ipc ScaledJob shop/worker shares the host's IPC namespace (container `worker`)",
            "80:13 k8s-privilege-escalation-allowed container `worker` of ScaledJob shop/worker does not set `allowPrivilegeEscalation: false`",
            "96:11 k8s-privilege-escalation-allowed container `<unnamed>` of Service web/hello does not set `allowPrivilegeEscalation: false`",
            "98:21 k8s-capabilities-added container `<unnamed>` of Service web/hello adds capability `SYS_ADMIN`, beyond the baseline default set",
        ]
    );
}

#[test]
fn cross_document_rules_count_rollouts_as_workloads() {
    let rules = [
        "k8s-service-selector-matches-nothing",
        "k8s-service-target-port-not-exposed",
        "k8s-hpa-target-missing",
        "k8s-single-replica-without-pdb",
    ];
    let findings = lint(&fixture("custom-resources/rollout-workload.yaml"), &rules);
    assert_eq!(
        positions(&findings),
        ["36:13 k8s-service-selector-matches-nothing"],
        "{:#?}",
        findings.iter().map(|f| &f.message).collect::<Vec<_>>()
    );
}

#[test]
fn the_docs_table_lists_every_custom_pod_kind() {
    let docs = std::fs::read_to_string(crate::common::repo().join("docs/custom-resources.md")).unwrap();
    for (group, kind, ..) in ndlint::document::POD_KINDS.iter().filter(|(g, ..)| g.contains('.')) {
        let row = docs
            .lines()
            .find(|l| l.starts_with(&format!("| `{group}` |")) && l.contains(&format!("`{kind}`")));
        assert!(row.is_some(), "docs/custom-resources.md has no row for {group} {kind}");
    }
}

#[test]
fn references_between_objects_without_a_namespace_resolve_in_default() {
    // As in argo-rollouts' examples: no `metadata.namespace` anywhere, everything lands in `default`.
    let text = "\
apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata: {name: api}
spec:
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      containers: [{name: api, image: \"ghcr.io/example/api:1.0.0\"}]
  strategy:
    canary:
      analysis: {templates: [{templateName: success-rate}]}
      trafficRouting: {istio: {virtualService: {name: api}}}
---
apiVersion: argoproj.io/v1alpha1
kind: AnalysisTemplate
metadata: {name: success-rate}
spec:
  metrics: [{name: up, provider: {prometheus: {address: http://prometheus:9090, query: up}}}]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: api}
spec:
  hosts: [api]
  gateways: [public, default/public]
  http: [{name: primary, route: [{destination: {host: api}}]}]
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: public}
spec:
  selector: {istio: ingressgateway}
  servers: [{port: {number: 80, name: http, protocol: HTTP}, hosts: [api]}]
";
    let registry = crate::common::registry(&["rollouts-", "istio-gateway-missing"]);
    let findings = ndlint::check::lint_text("refs.yaml", text, &registry);
    assert_eq!(
        positions(&findings),
        Vec::<String>::new(),
        "{:?}",
        findings.iter().map(|f| &f.message).collect::<Vec<_>>()
    );
}
