//! Pod Security Standards rules on the tricky cases: pod-level settings honoured, container
//! overrides, ephemeral containers, `kind: List`, YAML 1.1 booleans and aliases.

use std::fs;

use crate::common::{fixture, lint, registry};

/// `line:column rule message` of each finding of `yaml` with the `select`ed rules.
fn run(yaml: &str, select: &[&str]) -> Vec<String> {
    ndlint::check::lint_text("test.yaml", yaml, &registry(select))
        .iter()
        .map(|f| {
            let lc = f.file.line_col(f.span.start);
            format!("{}:{} {} {}", lc.line, lc.column, f.rule, f.message)
        })
        .collect()
}

const RESTRICTED_POD: &str = "\
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
  namespace: prod
spec:
  template:
    spec:
      securityContext:
        runAsNonRoot: true
        seccompProfile: {type: RuntimeDefault}
      containers:
        - name: db
          image: postgres:16
        - name: exporter
          image: exporter:1.0
          securityContext:
            runAsNonRoot: false
            seccompProfile: {type: Localhost, localhostProfile: exporter.json}
";

#[test]
fn pod_level_run_as_non_root_is_honoured_and_a_container_false_overrides_it() {
    assert_eq!(
        run(RESTRICTED_POD, &["k8s-run-as-non-root-missing"]),
        [
            "18:27 k8s-run-as-non-root-missing container `exporter` of StatefulSet prod/db sets `runAsNonRoot: false`"
        ]
    );
}

#[test]
fn pod_level_seccomp_profile_is_honoured() {
    assert_eq!(
        run(RESTRICTED_POD, &["k8s-seccomp-profile-missing", "k8s-seccomp-unconfined"]),
        Vec::<String>::new()
    );
}

#[test]
fn a_pod_level_false_is_reported_at_the_pod_value_and_missing_fields_at_the_container() {
    let yaml = "\
apiVersion: v1
kind: Pod
metadata: {name: legacy}
spec:
  securityContext:
    runAsNonRoot: false
  containers:
    - image: legacy:1.0
      name: legacy
";
    assert_eq!(
        run(yaml, &["k8s-run-as-non-root-missing", "k8s-privilege-escalation-allowed"]),
        [
            "6:19 k8s-run-as-non-root-missing container `legacy` of Pod legacy may run as root: the pod sets `runAsNonRoot: false`",
            "8:7 k8s-privilege-escalation-allowed container `legacy` of Pod legacy does not set `allowPrivilegeEscalation: false`",
        ]
    );
}

#[test]
fn a_pod_level_false_is_reported_even_when_every_container_overrides_it() {
    let yaml = "\
apiVersion: v1
kind: Pod
metadata: {name: p, namespace: ns}
spec:
  securityContext: {runAsNonRoot: false}
  containers:
    - name: a
      securityContext: {runAsNonRoot: true}
";
    assert_eq!(
        run(yaml, &["k8s-run-as-non-root-missing"]),
        ["5:35 k8s-run-as-non-root-missing the pod of Pod ns/p sets `runAsNonRoot: false`"]
    );
}

#[test]
fn ephemeral_containers_are_checked() {
    let yaml = "\
apiVersion: v1
kind: Pod
metadata:
  name: web
  namespace: default
spec:
  containers:
    - name: web
      image: web:1.0
  ephemeralContainers:
    - name: debugger
      image: busybox:1.36
      securityContext:
        privileged: true
        capabilities: {add: [SYS_PTRACE]}
";
    assert_eq!(
        run(yaml, &["k8s-privileged-container", "k8s-capabilities-added"]),
        [
            "14:21 k8s-privileged-container ephemeral container `debugger` of Pod default/web runs privileged",
            "15:30 k8s-capabilities-added ephemeral container `debugger` of Pod default/web adds capability `SYS_PTRACE`, beyond the baseline default set",
        ]
    );
}

#[test]
fn items_of_a_kind_list_are_checked_at_their_own_lines() {
    let yaml = "\
apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: ConfigMap
    metadata: {name: settings}
    data: {privileged: \"true\"}
  - apiVersion: apps/v1
    kind: Deployment
    metadata: {name: api, namespace: prod}
    spec:
      template:
        spec:
          hostNetwork: true
          containers:
            - name: app
              securityContext: {privileged: true}
";
    assert_eq!(
        run(yaml, &["k8s-privileged-container", "k8s-host-network"]),
        [
            "14:24 k8s-host-network Deployment prod/api shares the host's network namespace (container `app`)",
            "17:45 k8s-privileged-container container `app` of Deployment prod/api runs privileged",
        ]
    );
}

#[test]
fn yaml_1_1_yes_is_true_and_quoted_yes_is_not() {
    let yaml = "\
apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
    - name: a
      securityContext:
        privileged: yes
    - name: b
      securityContext:
        privileged: \"yes\"
";
    assert_eq!(
        run(yaml, &["k8s-privileged-container"]),
        ["8:21 k8s-privileged-container container `a` of Pod p runs privileged"]
    );
}

#[test]
fn a_security_context_carried_by_an_alias_is_reported_at_the_alias() {
    let yaml = "\
apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: prod}
spec:
  template:
    spec:
      initContainers:
        - name: init
          securityContext: &root
            runAsUser: 0
            allowPrivilegeEscalation: true
      containers:
        - name: app
          securityContext: *root
";
    assert_eq!(
        run(yaml, &["k8s-run-as-root-user", "k8s-privilege-escalation-allowed"]),
        [
            "10:24 k8s-run-as-root-user init container `init` of Deployment prod/api runs as user 0 (root)",
            "11:39 k8s-privilege-escalation-allowed init container `init` of Deployment prod/api allows privilege escalation (`allowPrivilegeEscalation: true`)",
            "14:28 k8s-privilege-escalation-allowed container `app` of Deployment prod/api allows privilege escalation (`allowPrivilegeEscalation: true`)",
            "14:28 k8s-run-as-root-user container `app` of Deployment prod/api runs as user 0 (root)",
        ]
    );
}

#[test]
fn windows_pods_are_exempt_from_linux_only_restricted_controls() {
    let yaml = "\
apiVersion: v1
kind: Pod
metadata: {name: win}
spec:
  os: {name: windows}
  containers:
    - name: win
";
    let select =
        ["k8s-privilege-escalation-allowed", "k8s-seccomp-profile-missing", "k8s-capabilities-not-dropped"];
    assert_eq!(run(yaml, &select), Vec::<String>::new());
    let linux = yaml.replace("windows", "linux");
    assert_eq!(run(&linux, &select).len(), 3);
}

#[test]
fn host_path_findings_name_the_containers_that_mount_the_volume() {
    let findings = lint(&fixture("rules/k8s-host-path-volume/bad.yaml"), &["k8s-host-path-volume"]);
    let messages: Vec<_> = findings.iter().map(|f| f.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "DaemonSet ci/builder mounts host path `/var/run/docker.sock` as volume `docker`, mounted by container `builder`, init container `warmup`",
            "CronJob ops/log-shipper mounts host path `/var/log` as volume `logs`, mounted by container `ship`",
            "Pod stray mounts host path `/` as volume `root`",
        ]
    );
}

const PSS: [&str; 19] = [
    "k8s-host-process",
    "k8s-host-network",
    "k8s-host-pid",
    "k8s-host-ipc",
    "k8s-privileged-container",
    "k8s-capabilities-added",
    "k8s-host-path-volume",
    "k8s-host-port",
    "k8s-apparmor-unconfined",
    "k8s-selinux-options",
    "k8s-proc-mount",
    "k8s-seccomp-unconfined",
    "k8s-unsafe-sysctls",
    "k8s-restricted-volume-types",
    "k8s-privilege-escalation-allowed",
    "k8s-run-as-non-root-missing",
    "k8s-run-as-root-user",
    "k8s-seccomp-profile-missing",
    "k8s-capabilities-not-dropped",
];

#[test]
fn pss_rules_carry_severity_references_and_tags() {
    let rules: Vec<_> = ndlint::rules::k8s::ALL.iter().filter(|r| PSS.contains(&r.meta().id)).collect();
    assert_eq!(rules.len(), PSS.len());
    for rule in rules {
        let m = rule.meta();
        assert!(m.id.starts_with("k8s-"), "{}", m.id);
        assert!(m.references.iter().any(|r| r.starts_with("PSS ")), "{}: no PSS reference", m.id);
        let level = if m.tags.contains(&"pss-baseline") { "baseline" } else { "restricted" };
        assert!(
            m.tags.contains(&"security") && m.tags.contains(&format!("pss-{level}").as_str()),
            "{}",
            m.id
        );
        assert!(m.references.iter().any(|r| r.starts_with(&format!("PSS {level}:"))), "{}", m.id);
        assert!(m.default_enabled);
    }
    let sev =
        |id: &str| ndlint::rules::k8s::ALL.iter().find(|r| r.meta().id == id).map(|r| r.meta().severity);
    use ndlint::finding::Severity::{Critical, High};
    assert_eq!(sev("k8s-privileged-container"), Some(Critical));
    assert_eq!(sev("k8s-host-process"), Some(Critical));
    assert_eq!(sev("k8s-host-path-volume"), Some(High));
    assert_eq!(sev("k8s-privilege-escalation-allowed"), Some(High));
}

/// Every `ok.yaml` of the PSS rules is a hardened manifest: no PSS rule fires on it.
#[test]
fn ok_fixtures_pass_every_pss_rule() {
    let mut fired = Vec::new();
    for id in PSS {
        let path = fixture(&format!("rules/{id}/ok.yaml"));
        assert!(fs::metadata(&path).is_ok(), "{}", path.display());
        for f in lint(&path, &PSS) {
            let lc = f.file.line_col(f.span.start);
            fired.push(format!("{}:{}:{} {} {}", f.file.path, lc.line, lc.column, f.rule, f.message));
        }
    }
    assert!(fired.is_empty(), "\n{}", fired.join("\n"));
}
