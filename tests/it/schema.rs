//! Offline Kubernetes schema validation: embedded versions, CRDs, exact positions and messages.
//!
//! Fixtures live in `fixtures/schema/`. Each test lists what a user sees: `file:line:column rule:
//! message`, in report order.

use std::sync::Arc;

use ndlint::document::Document;
use ndlint::finding::{Finding, FindingSource, Severity};
use ndlint::parse::kubernetes_documents;
use ndlint::rules::{Registry, Selection};
use ndlint::schema::SchemaValidator;
use ndlint::source::SourceFile;

use crate::common::fixture;

fn docs(rel: &str) -> Vec<Document> {
    let path = fixture(rel);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let file: Arc<SourceFile> = SourceFile::new(format!("fixtures/{rel}"), text);
    let parsed = kubernetes_documents(&file);
    assert!(parsed.findings.is_empty(), "{rel}: parse errors {:?}", parsed.findings);
    parsed.documents
}

/// `file:line:column rule: message`, in report order.
fn show(findings: &[Finding]) -> Vec<String> {
    let mut findings: Vec<&Finding> = findings.iter().collect();
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    findings
        .iter()
        .map(|f| {
            let lc = f.file.line_col(f.span.start);
            let file = f.file.path.trim_start_matches("fixtures/schema/");
            format!("{file}:{}:{} {}: {}", lc.line, lc.column, f.rule, f.message)
        })
        .collect()
}

/// Validates the fixtures together (CRDs among them are registered first), as one run.
fn run(version: &str, rels: &[&str]) -> Vec<Finding> {
    let mut schemas = SchemaValidator::new(version).unwrap();
    let all: Vec<Document> = rels.iter().flat_map(|r| docs(r)).collect();
    let mut findings = schemas.add_crds(&all);
    findings.extend(schemas.check_all(&all));
    findings
}

fn validate(version: &str, rels: &[&str]) -> Vec<String> {
    show(&run(version, rels))
}

/// The source text a finding points at.
fn text_at(f: &Finding) -> &str {
    &f.file.text[f.span.start as usize..f.span.end as usize]
}

#[test]
fn unknown_field_wrong_type_missing_required_and_yaml11_boolean_in_every_version() {
    for version in SchemaValidator::supported_versions() {
        assert_eq!(
            validate(version, &["schema/errors.yaml"]),
            [
                r#"errors.yaml:8:1 schema-required: Deployment.spec is missing required field "selector""#,
                "errors.yaml:9:13 schema-type: Deployment.spec.replicas must be an integer, not a string",
                r#"errors.yaml:18:11 schema-unknown-field: unknown field "imagePullPolicyy" in Deployment.spec.template.spec.containers[0] (did you mean "imagePullPolicy"?)"#,
                "errors.yaml:21:22 schema-type: Deployment.spec.template.spec.containers[0].env[0].value must be a \
string, not a boolean (true: YAML 1.1 reads the unquoted `yes` as true)",
                "errors.yaml:38:19 schema-type: Service.spec.ports[0].targetPort must be a string or an integer, \
not a boolean (true)",
            ],
            "Kubernetes {version}"
        );
    }
}

#[test]
fn findings_point_at_the_key_or_value_and_carry_rule_metadata() {
    let findings = run("1.33", &["schema/errors.yaml"]);
    let by_rule = |id: &str| findings.iter().filter(|f| &*f.rule == id).collect::<Vec<_>>();
    let unknown = by_rule("schema-unknown-field");
    assert_eq!(text_at(unknown[0]), "imagePullPolicyy", "unknown field: the key, not the parent");
    assert_eq!(unknown[0].pointer.as_deref(), Some("/spec/template/spec/containers/0/imagePullPolicyy"));
    let types = by_rule("schema-type");
    assert_eq!(text_at(types[0]), "\"2\"");
    assert_eq!(text_at(types[1]), "yes");
    assert_eq!(types[1].pointer.as_deref(), Some("/spec/template/spec/containers/0/env/0/value"));
    assert_eq!(text_at(by_rule("schema-required")[0]), "spec", "missing field: the parent's key");
    for f in &findings {
        assert_eq!(f.source, FindingSource::Schema);
        assert_eq!(f.severity, Severity::High);
        assert!(f.help.as_deref().is_some_and(|h| !h.is_empty()));
        assert!(f.object.is_some());
    }
}

#[test]
fn a_field_added_in_1_34_is_unknown_in_1_31_and_an_api_removed_in_1_32_is_reported() {
    let field = r#"versions.yaml:14:7 schema-unknown-field: unknown field "restartPolicyRules" in Pod.spec.containers[0]"#;
    for version in SchemaValidator::supported_versions() {
        let minor: u32 = version[2..].parse().unwrap();
        let findings = run(version, &["schema/versions.yaml"]);
        let mut expected = Vec::new();
        if minor < 34 {
            expected.push(field.to_string());
        }
        if minor >= 32 {
            expected.push(format!(
                "versions.yaml:21:1 schema-unknown-kind: FlowSchema flowcontrol.apiserver.k8s.io/v1beta3 is not served \
by Kubernetes {version}, which serves flowcontrol.apiserver.k8s.io/v1"
            ));
            assert_eq!(
                findings.iter().find(|f| &*f.rule == "schema-unknown-kind").map(|f| f.severity),
                Some(Severity::Info)
            );
        }
        assert_eq!(show(&findings), expected, "Kubernetes {version}");
    }
}

#[test]
fn unknown_kinds_are_reported_once_per_kind_as_info() {
    let findings = run("1.37", &["schema/unknown-kind.yaml"]);
    assert_eq!(
        show(&findings),
        [
            "unknown-kind.yaml:1:1 schema-unknown-kind: no schema for Dashboard observability.example.com/v1: no CustomResourceDefinition of the run or of --crd-dir defines it and ndlint embeds no schema of the group observability.example.com; add its CRD to the checked files, point --crd-dir at it, or pass --ignore-missing-schemas (and 1 more object of this kind)",
            "unknown-kind.yaml:19:1 schema-unknown-kind: CronJob batch/v1beta1 is not served by Kubernetes 1.37, which \
serves batch/v1",
        ]
    );
    assert!(findings.iter().all(|f| f.severity == Severity::Info));
}

#[test]
fn custom_resources_are_validated_against_crds_of_the_run() {
    let expected = [
        "crds/widget-v1beta1.yaml:2:1 schema-unknown-kind: CustomResourceDefinition apiextensions.k8s.io/v1beta1 is \
not served by Kubernetes 1.35, which serves apiextensions.k8s.io/v1",
        "custom-resources.yaml:8:18 schema-type: Backup.spec.retentionDays must be an integer, not a string",
        r#"custom-resources.yaml:9:18 schema-enum: Backup.spec.reclaimPolicy must be one of "Retain", "Delete", not "retain""#,
        r#"custom-resources.yaml:14:5 schema-unknown-field: unknown field "sizeGb" in Backup.spec.target"#,
        "custom-resources.yaml:24:11 schema-type: Backup.metadata.labels.tier must be a string, not an integer (1)",
        r#"custom-resources.yaml:25:1 schema-required: Backup.spec is missing required field "target""#,
        r"custom-resources.yaml:26:13 schema-invalid: Backup.spec.schedule does not match the pattern `^(\S+\s+){4}\S+$`",
        "custom-resources.yaml:27:18 schema-invalid: Backup.spec.retentionDays must be at least 1",
        "custom-resources.yaml:29:1 schema-missing: no schema for stable.example.com/v2 Backup: its \
CustomResourceDefinition backups.stable.example.com does not define version v2 (it defines v1)",
        "custom-resources.yaml:43:9 schema-type: Widget.spec.size must be an integer, not a string",
    ];
    assert_eq!(
        validate(
            "1.35",
            &["schema/crds/backup.yaml", "schema/crds/widget-v1beta1.yaml", "schema/custom-resources.yaml"]
        ),
        expected
    );
}

#[test]
fn crds_can_come_from_a_directory() {
    let mut schemas = SchemaValidator::new("1.37").unwrap();
    let setup = schemas.add_crd_dir(&fixture("schema/crds")).unwrap();
    assert!(setup.is_empty(), "{:?}", show(&setup));
    assert_eq!(schemas.crd_count(), 2);
    let findings = schemas.check_all(&docs("schema/custom-resources.yaml"));
    let shown = show(&findings);
    assert_eq!(shown.len(), 9, "{shown:#?}");
    assert_eq!(
        shown[0],
        "custom-resources.yaml:8:18 schema-type: Backup.spec.retentionDays must be an integer, not a string"
    );
    // Without the CRDs the custom resources are unknown kinds, once per kind.
    let bare = SchemaValidator::new("1.37").unwrap().check_all(&docs("schema/custom-resources.yaml"));
    assert_eq!(
        show(&bare),
        [
            "custom-resources.yaml:1:1 schema-unknown-kind: no schema for Backup stable.example.com/v1: no CustomResourceDefinition of the run or of --crd-dir defines it and ndlint embeds no schema of the group stable.example.com; add its CRD to the checked files, point --crd-dir at it, or pass --ignore-missing-schemas (and 1 more object of this kind)",
            "custom-resources.yaml:29:1 schema-unknown-kind: no schema for Backup stable.example.com/v2: no CustomResourceDefinition of the run or of --crd-dir defines it and ndlint embeds no schema of the group stable.example.com; add its CRD to the checked files, point --crd-dir at it, or pass --ignore-missing-schemas",
            "custom-resources.yaml:37:1 schema-unknown-kind: no schema for Widget legacy.example.com/v1: no CustomResourceDefinition of the run or of --crd-dir defines it and ndlint embeds no schema of the group legacy.example.com; add its CRD to the checked files, point --crd-dir at it, or pass --ignore-missing-schemas",
        ]
    );
}

#[test]
fn a_crd_whose_schema_does_not_compile_is_a_finding_on_the_crd() {
    let docs = docs("schema/broken/crd.yaml");
    let mut schemas = SchemaValidator::new("1.37").unwrap();
    let findings = schemas.add_crds(&docs);
    assert_eq!(findings.len(), 1, "{:?}", show(&findings));
    assert_eq!(&*findings[0].rule, "schema-invalid");
    assert_eq!(
        show(&findings),
        [
            "broken/crd.yaml:21:21 schema-invalid: the openAPIV3Schema of Cache example.com/v1 cannot be compiled, so its \
objects are not validated: \"strng\" is not valid under any of the schemas listed in the 'anyOf' keyword"
        ]
    );
    assert_eq!(text_at(&findings[0]), "strng");
}

#[test]
fn a_realistic_application_is_valid_in_every_version() {
    for version in SchemaValidator::supported_versions() {
        let documents = docs("schema/valid.yaml");
        assert_eq!(documents.len(), 8);
        let findings = SchemaValidator::new(version).unwrap().check_all(&documents);
        assert!(findings.is_empty(), "Kubernetes {version}: {:#?}", show(&findings));
    }
}

#[test]
fn versions_and_errors() {
    assert_eq!(SchemaValidator::supported_versions().first(), Some(&"1.28"));
    assert_eq!(SchemaValidator::default_version(), "1.37");
    assert_eq!(SchemaValidator::new("v1.33.4").unwrap().version(), "1.33");
    let err = SchemaValidator::new("1.12").unwrap_err();
    assert_eq!(
        err,
        "no schemas for Kubernetes `1.12`; ndlint embeds 1.28, 1.29, 1.30, 1.31, 1.32, 1.33, 1.34, 1.35, 1.36, 1.37"
    );
}

#[test]
fn validation_is_shared_across_threads_with_identical_results() {
    let schemas = SchemaValidator::new("1.36").unwrap();
    let documents: Vec<Document> = ["schema/errors.yaml", "schema/valid.yaml", "schema/unknown-kind.yaml"]
        .iter()
        .flat_map(|r| docs(r))
        .collect();
    let serial = show(&schemas.check_all(&documents));
    let mut parallel = std::thread::scope(|s| {
        let handles: Vec<_> = documents
            .chunks(2)
            .map(|chunk| {
                let schemas = &schemas;
                s.spawn(move || {
                    let mut out = Vec::new();
                    for d in chunk {
                        schemas.check(d, &mut out);
                    }
                    out
                })
            })
            .collect();
        handles.into_iter().flat_map(|h| h.join().unwrap()).collect::<Vec<_>>()
    });
    SchemaValidator::finish(&mut parallel);
    assert_eq!(show(&parallel), serial);
}

#[test]
fn schema_rules_are_registered_and_documented() {
    let registry = Registry::new(Selection::default());
    for meta in ndlint::schema::RULES {
        let info = registry.info(meta.id).unwrap_or_else(|| panic!("{} not registered", meta.id));
        assert_eq!(info.source, FindingSource::Schema);
        assert!(info.docs.len() > 200 && !info.help.is_empty() && !info.summary.is_empty(), "{}", meta.id);
        assert!(meta.id.starts_with("schema-"));
    }
}

#[test]
fn crd_dir_accepts_the_crds_catalog_layout() {
    let mut schemas = SchemaValidator::new("1.37").unwrap();
    let setup = schemas.add_crd_dir(&fixture("schema/catalog")).unwrap();
    assert!(setup.is_empty(), "{:?}", show(&setup));
    assert_eq!(schemas.crd_count(), 1);
    let text = "apiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nmetadata:\n  name: api\nspec:\n  endpoints:\n    - port: http\n      intervall: 30s\n---\napiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata:\n  name: api\n---\napiVersion: apps/v1\nkind: Deploymnet\nmetadata:\n  name: api\n";
    let file = SourceFile::new("sm.yaml", text);
    let findings = schemas.check_all(&kubernetes_documents(&file).documents);
    assert_eq!(
        show(&findings),
        [
            r#"sm.yaml:8:7 schema-unknown-field: unknown field "intervall" in ServiceMonitor.spec.endpoints[0]"#,
            "sm.yaml:10:1 schema-unknown-kind: no schema for Workflow argoproj.io/v1alpha1: no CustomResourceDefinition of the run or of --crd-dir defines it and ndlint embeds schemas of argoproj.io but not of this kind and version; add its CRD to the checked files, point --crd-dir at it, or pass --ignore-missing-schemas",
            "sm.yaml:15:1 schema-unknown-kind: Deploymnet apps/v1 is not a Kubernetes 1.37 kind",
        ]
    );
}

/// A custom resource of every group, kind and version of the embedded catalog, with one field its
/// schema does not define (under `spec` where the schema closes it, else at the root).
fn probe(gvk: &ndlint::schema::Gvk, schema: &serde_json::Value) -> (String, (usize, usize)) {
    let spec = &schema["properties"]["spec"];
    let closed = spec["additionalProperties"] == serde_json::json!(false)
        && spec.get("x-kubernetes-preserve-unknown-fields").is_none();
    let head =
        format!("apiVersion: {}/{}\nkind: {}\nmetadata:\n  name: probe\n", gvk.group, gvk.version, gvk.kind);
    if closed {
        (format!("{head}spec:\n  ndlintProbe: 1\n"), (6, 3))
    } else {
        (format!("{head}ndlintProbe: 1\n"), (5, 1))
    }
}

#[test]
fn every_embedded_crd_schema_validates_its_custom_resources_at_exact_lines() {
    let schemas = SchemaValidator::new("1.37").unwrap();
    let entries = ndlint::schema::catalog::entries();
    assert_eq!(entries.len(), 313);
    let mut failures = Vec::new();
    for gvk in &entries {
        let schema = ndlint::schema::catalog::schema(gvk).unwrap();
        let (text, at) = probe(gvk, &schema);
        let file = SourceFile::new(format!("{}_{}.yaml", gvk.kind, gvk.version), text);
        let mut findings = Vec::new();
        for doc in kubernetes_documents(&file).documents {
            schemas.check(&doc, &mut findings);
        }
        let unknown: Vec<_> = findings
            .iter()
            .filter(|f| &*f.rule == "schema-unknown-field")
            .map(|f| {
                (f.file.line_col(f.span.start).line, f.file.line_col(f.span.start).column, f.message.clone())
            })
            .collect();
        // Every pattern of the catalog compiles as RE2: none is left out.
        let kinds: Vec<_> = findings
            .iter()
            .filter(|f| {
                matches!(&*f.rule, "schema-unknown-kind" | "schema-pattern-unsupported" | "schema-missing")
            })
            .collect();
        match unknown.as_slice() {
            [(l, c, msg)] if (*l, *c) == at && msg.contains("\"ndlintProbe\"") && kinds.is_empty() => {}
            _ => failures.push(format!("{}/{} {}: {:?}", gvk.group, gvk.version, gvk.kind, show(&findings))),
        }
    }
    assert!(failures.is_empty(), "{} of {}:\n{}", failures.len(), entries.len(), failures.join("\n"));
}

#[test]
fn embedded_crd_schemas_report_wrong_types_enums_and_missing_fields() {
    let text = "\
apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: api
spec:
  replicas: \"3\"
  strategy:
    canary:
      stepz: []
  template:
    spec:
      containers:
        - name: api
          image: example.com/api:1.0.0
---
apiVersion: cert-manager.io/v1
kind: Certificate
metadata:
  name: web
spec:
  secretName: web-tls
  privateKey:
    algorithm: DSA
---
apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: web
spec:
  project: web
  destination:
    server: https://kubernetes.default.svc
  source:
    repoURL: https://example.com/repo.git
    targetRevision: v1.0.0
    pathh: deploy
";
    let file = SourceFile::new("crs.yaml", text);
    let findings = SchemaValidator::new("1.37").unwrap().check_all(&kubernetes_documents(&file).documents);
    assert_eq!(
        show(&findings),
        [
            "crs.yaml:6:13 schema-type: Rollout.spec.replicas must be an integer, not a string",
            r#"crs.yaml:9:7 schema-unknown-field: unknown field "stepz" in Rollout.spec.strategy.canary"#,
            r#"crs.yaml:20:1 schema-required: Certificate.spec is missing required field "issuerRef""#,
            r#"crs.yaml:23:16 schema-enum: Certificate.spec.privateKey.algorithm must be one of "RSA", "ECDSA", "Ed25519", not "DSA""#,
            r#"crs.yaml:36:5 schema-unknown-field: unknown field "pathh" in Application.spec.source"#,
        ]
    );
}

#[test]
fn a_crd_of_the_run_or_of_crd_dir_takes_precedence_over_the_embedded_schema() {
    // The tree's CRD says a Rollout has only `spec.note`; the embedded schema knows better, but loses.
    let crd = "\
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: rollouts.argoproj.io
spec:
  group: argoproj.io
  names: {kind: Rollout, plural: rollouts}
  scope: Namespaced
  versions:
    - name: v1alpha1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              properties:
                note: {type: string}
";
    let cr = "apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata:\n  name: api\nspec:\n  note: hi\n  replicas: 2\n";
    let mut schemas = SchemaValidator::new("1.37").unwrap();
    let crd_file = SourceFile::new("crd.yaml", crd);
    assert!(schemas.add_crds(&kubernetes_documents(&crd_file).documents).is_empty());
    let file = SourceFile::new("cr.yaml", cr);
    let documents = kubernetes_documents(&file).documents;
    assert_eq!(
        show(&schemas.check_all(&documents)),
        [r#"cr.yaml:7:3 schema-unknown-field: unknown field "replicas" in Rollout.spec"#]
    );
    // Without the CRD the embedded schema applies: `note` is the unknown field.
    assert_eq!(
        show(&SchemaValidator::new("1.37").unwrap().check_all(&documents)),
        [r#"cr.yaml:6:3 schema-unknown-field: unknown field "note" in Rollout.spec"#]
    );
    // A `--crd-dir` catalog schema wins too.
    let dir = std::env::temp_dir().join(format!("ndlint-crd-precedence-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("argoproj.io")).unwrap();
    std::fs::write(
        dir.join("argoproj.io/rollout_v1alpha1.json"),
        r#"{"type":"object","properties":{"spec":{"type":"object","properties":{"replicas":{"type":"string"}},"additionalProperties":false}}}"#,
    )
    .unwrap();
    let mut schemas = SchemaValidator::new("1.37").unwrap();
    schemas.add_crd_dir(&dir).unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(
        show(&schemas.check_all(&documents)),
        [
            r#"cr.yaml:6:3 schema-unknown-field: unknown field "note" in Rollout.spec"#,
            "cr.yaml:7:13 schema-type: Rollout.spec.replicas must be a string, not an integer (2)",
        ]
    );
}

#[test]
fn crd_patterns_are_re2_and_an_uncompilable_one_is_reported_once_while_the_rest_applies() {
    let crd = "\
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: rules.example.com
spec:
  group: example.com
  names: {kind: Rule, plural: rules}
  scope: Namespaced
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              properties:
                severity: {type: string, pattern: '(?i)^(critical|warning)$'}
                name: {type: string, pattern: '^(?!kube-).*$'}
                extra:
                  type: object
                  x-kubernetes-preserve-unknown-fields: true
                  additionalProperties: false
                  properties:
                    known: {type: integer}
";
    let crs = "\
apiVersion: example.com/v1
kind: Rule
metadata:
  name: a
spec:
  severity: CRITICAL
  name: kube-system
  extra: {anything: 1, known: 2}
---
apiVersion: example.com/v1
kind: Rule
metadata:
  name: b
spec:
  severity: info
  nmae: x
";
    let mut schemas = SchemaValidator::new("1.37").unwrap();
    let crd_file = SourceFile::new("crd.yaml", crd);
    let setup = schemas.add_crds(&kubernetes_documents(&crd_file).documents);
    assert_eq!(
        show(&setup),
        [
            "crd.yaml:21:47 schema-pattern-unsupported: the pattern `^(?!kube-).*$` at /properties/spec/properties/name/pattern \
is not a regular expression ndlint can compile (look-around, including look-ahead and look-behind, is not supported); \
ndlint does not check this field against it, the rest of the Rule example.com/v1 schema applies"
        ]
    );
    assert_eq!(setup[0].severity, Severity::Info);
    let file = SourceFile::new("rules.yaml", crs);
    assert_eq!(
        show(&schemas.check_all(&kubernetes_documents(&file).documents)),
        [
            "rules.yaml:15:13 schema-invalid: Rule.spec.severity does not match the pattern `(?i)^(critical|warning)$`",
            r#"rules.yaml:16:3 schema-unknown-field: unknown field "nmae" in Rule.spec"#,
        ]
    );
}

#[test]
fn embedded_schemas_read_re2_inline_flags() {
    // kube-prometheus-stack's PrometheusRule schema has `(?i)` patterns; a misspelt key is still found.
    let text = "\
apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata:
  name: api
spec:
  groups:
    - name: api
      rules:
        - alert: HighErrorRate
          expr: rate(http_requests_total{status=~\"5..\"}[5m]) > 0.1
          for: 5m
          annotation:
            summary: errors
";
    let file = SourceFile::new("rules.yaml", text);
    let findings = SchemaValidator::new("1.37").unwrap().check_all(&kubernetes_documents(&file).documents);
    assert_eq!(
        show(&findings),
        [
            r#"rules.yaml:12:11 schema-unknown-field: unknown field "annotation" in PrometheusRule.spec.groups[0].rules[0]"#
        ]
    );
}

#[test]
fn a_catalog_schema_pattern_ndlint_cannot_compile_is_one_info_per_run_naming_the_schema() {
    let dir = std::env::temp_dir().join(format!("ndlint-bad-pattern-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("example.com")).unwrap();
    std::fs::write(
        dir.join("example.com/rule_v1.json"),
        r#"{"type":"object","properties":{"spec":{"type":"object","additionalProperties":false,
            "properties":{"name":{"type":"string","pattern":"^(?!kube-)"},"size":{"type":"integer"}}}}}"#,
    )
    .unwrap();
    let mut schemas = SchemaValidator::new("1.37").unwrap();
    let setup = schemas.add_crd_dir(&dir).unwrap();
    assert!(setup.is_empty(), "{:?}", show(&setup));
    let text = "apiVersion: example.com/v1\nkind: Rule\nmetadata: {name: a}\nspec: {name: kube-a, size: x}\n---\napiVersion: example.com/v1\nkind: Rule\nmetadata: {name: b}\nspec: {name: b}\n";
    let file = SourceFile::new("rules.yaml", text);
    let findings = schemas.check_all(&kubernetes_documents(&file).documents);
    let schema_file = dir.join("example.com/rule_v1.json");
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(
        show(&findings),
        [
            format!(
                "rules.yaml:1:1 schema-pattern-unsupported: the schema {} of Rule example.com/v1: the pattern `^(?!kube-)` \
at /properties/spec/properties/name/pattern is not a regular expression ndlint can compile (look-around, including \
look-ahead and look-behind, is not supported); that field goes unchecked, the rest of the schema applies",
                schema_file.display()
            ),
            "rules.yaml:4:28 schema-type: Rule.spec.size must be an integer, not a string".to_string(),
        ]
    );
    assert_eq!(
        findings.iter().find(|f| &*f.rule == "schema-pattern-unsupported").unwrap().severity,
        Severity::Info
    );
}
