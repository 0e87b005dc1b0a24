//! Rules on the custom resources of GitOps tools — Argo CD, Argo Rollouts, Istio, Linkerd,
//! cert-manager, the Prometheus Operator, Sealed Secrets and External Secrets — one per file.

use std::collections::HashSet;

use serde_json::Value;

use super::Rule;
use crate::document::{Document, Lookup};
use crate::rules::k8s::objects;

// ---- rules ----
pub mod argocd_allow_empty;
pub mod argocd_default_project;
pub mod argocd_destination_name_and_server;
pub mod argocd_missing_finalizer;
pub mod argocd_mutable_target_revision;
pub mod argocd_project_cluster_resources_wildcard;
pub mod argocd_project_duplicate_entries;
pub mod argocd_project_invalid_sync_window;
pub mod argocd_project_wildcard_destination;
pub mod argocd_project_wildcard_source_repos;
pub mod argocd_prune_without_self_heal;
pub mod argocd_source_path_and_chart;
pub mod cert_manager_issuer_missing;
pub mod cert_manager_issuer_type_count;
pub mod cert_manager_renew_before_exceeds_duration;
pub mod cert_manager_short_duration;
pub mod cert_manager_weak_key;
pub mod external_secrets_forbidden_policy_pair;
pub mod external_secrets_refresh_once;
pub mod external_secrets_store_missing;
pub mod istio_authorization_allow_all;
pub mod istio_authorization_deny_without_rules;
pub mod istio_destination_rule_tls_disabled;
pub mod istio_gateway_missing;
pub mod istio_peer_authentication_not_strict;
pub mod istio_sidecar_injection_disabled;
pub mod istio_virtual_service_wildcard_host;
pub mod linkerd_injection_disabled;
pub mod prometheus_monitor_port_missing;
pub mod prometheus_monitor_selects_nothing;
pub mod prometheus_rule_duplicate_group;
pub mod rollouts_analysis_template_missing;
pub mod rollouts_blue_green_scale_down_delay;
pub mod rollouts_canary_without_analysis;
pub mod rollouts_pause_without_duration;
pub mod rollouts_revision_history_zero;
pub mod rollouts_service_missing;
pub mod rollouts_virtual_service_missing;
pub mod sealed_secrets_cluster_wide;
pub mod sealed_secrets_template_mismatch;

/// Every GitOps rule, by tool.
pub static ALL: &[&dyn Rule] = &[
    &argocd_mutable_target_revision::ArgocdMutableTargetRevision,
    &argocd_destination_name_and_server::ArgocdDestinationNameAndServer,
    &argocd_source_path_and_chart::ArgocdSourcePathAndChart,
    &argocd_default_project::ArgocdDefaultProject,
    &argocd_prune_without_self_heal::ArgocdPruneWithoutSelfHeal,
    &argocd_allow_empty::ArgocdAllowEmpty,
    &argocd_missing_finalizer::ArgocdMissingFinalizer,
    &argocd_project_wildcard_source_repos::ArgocdProjectWildcardSourceRepos,
    &argocd_project_wildcard_destination::ArgocdProjectWildcardDestination,
    &argocd_project_cluster_resources_wildcard::ArgocdProjectClusterResourcesWildcard,
    &argocd_project_duplicate_entries::ArgocdProjectDuplicateEntries,
    &argocd_project_invalid_sync_window::ArgocdProjectInvalidSyncWindow,
    &rollouts_canary_without_analysis::RolloutsCanaryWithoutAnalysis,
    &rollouts_pause_without_duration::RolloutsPauseWithoutDuration,
    &rollouts_revision_history_zero::RolloutsRevisionHistoryZero,
    &rollouts_blue_green_scale_down_delay::RolloutsBlueGreenScaleDownDelay,
    &rollouts_service_missing::RolloutsServiceMissing,
    &rollouts_analysis_template_missing::RolloutsAnalysisTemplateMissing,
    &rollouts_virtual_service_missing::RolloutsVirtualServiceMissing,
    &istio_peer_authentication_not_strict::IstioPeerAuthenticationNotStrict,
    &istio_authorization_allow_all::IstioAuthorizationAllowAll,
    &istio_authorization_deny_without_rules::IstioAuthorizationDenyWithoutRules,
    &istio_virtual_service_wildcard_host::IstioVirtualServiceWildcardHost,
    &istio_destination_rule_tls_disabled::IstioDestinationRuleTlsDisabled,
    &istio_gateway_missing::IstioGatewayMissing,
    &istio_sidecar_injection_disabled::IstioSidecarInjectionDisabled,
    &linkerd_injection_disabled::LinkerdInjectionDisabled,
    &cert_manager_renew_before_exceeds_duration::CertManagerRenewBeforeExceedsDuration,
    &cert_manager_short_duration::CertManagerShortDuration,
    &cert_manager_weak_key::CertManagerWeakKey,
    &cert_manager_issuer_missing::CertManagerIssuerMissing,
    &cert_manager_issuer_type_count::CertManagerIssuerTypeCount,
    &prometheus_monitor_selects_nothing::PrometheusMonitorSelectsNothing,
    &prometheus_monitor_port_missing::PrometheusMonitorPortMissing,
    &prometheus_rule_duplicate_group::PrometheusRuleDuplicateGroup,
    &sealed_secrets_template_mismatch::SealedSecretsTemplateMismatch,
    &sealed_secrets_cluster_wide::SealedSecretsClusterWide,
    &external_secrets_forbidden_policy_pair::ExternalSecretsForbiddenPolicyPair,
    &external_secrets_refresh_once::ExternalSecretsRefreshOnce,
    &external_secrets_store_missing::ExternalSecretsStoreMissing,
];

/// True when the document is one of `kinds` of the API `group` (any version).
pub fn is(doc: &Document, group: &str, kinds: &[&str]) -> bool {
    doc.object.as_ref().is_some_and(|o| {
        kinds.contains(&o.kind.as_str()) && o.api_version.rsplit_once('/').is_some_and(|(g, _)| g == group)
    })
}

/// The string at `pointer`, if it is one.
pub fn text<'a>(doc: &'a Document, pointer: &str) -> Option<&'a str> {
    doc.value.at(pointer).and_then(Value::as_str)
}

/// `Kind namespace/name` of a document for messages.
pub fn who(doc: &Document) -> String {
    crate::rules::k8s::pod::object(doc)
}

/// A Go `time.Duration` string (`1h30m`, `90s`, `2160h`, `1.5h`) in seconds.
pub fn go_duration(s: &str) -> Option<f64> {
    let s = s.trim();
    if s == "0" {
        return Some(0.0);
    }
    let mut rest = s.strip_prefix('-').unwrap_or(s);
    if rest.is_empty() {
        return None;
    }
    let mut total = 0.0;
    while !rest.is_empty() {
        let digits = rest.find(|c: char| !c.is_ascii_digit() && c != '.').unwrap_or(rest.len());
        let number: f64 = rest[..digits].parse().ok()?;
        rest = &rest[digits..];
        let unit_len = rest.find(|c: char| c.is_ascii_digit() || c == '.').unwrap_or(rest.len());
        let factor = match &rest[..unit_len] {
            "h" => 3600.0,
            "m" => 60.0,
            "s" => 1.0,
            "ms" => 1e-3,
            "us" | "µs" => 1e-6,
            "ns" => 1e-9,
            _ => return None,
        };
        total += number * factor;
        rest = &rest[unit_len..];
    }
    Some(if s.starts_with('-') { -total } else { total })
}

/// (namespace, name) of every document of `kinds` in `group`, the namespace defaulted as the API
/// server does (`default`).
pub fn names<'a>(docs: &'a [Document], group: &str, kinds: &[&str]) -> HashSet<(&'a str, &'a str)> {
    docs.iter().filter(|d| is(d, group, kinds)).map(|d| (objects::namespace(d), objects::name(d))).collect()
}

/// The names of every cluster-scoped document of `kinds` in `group`.
pub fn cluster_names<'a>(docs: &'a [Document], group: &str, kinds: &[&str]) -> HashSet<&'a str> {
    docs.iter().filter(|d| is(d, group, kinds)).map(objects::name).collect()
}

/// The pointers of the Argo CD application specs of a document: an Application's `spec`, an
/// ApplicationSet's `spec.template.spec`.
pub fn app_spec(doc: &Document) -> Option<&'static str> {
    if is(doc, "argoproj.io", &["Application"]) {
        Some("/spec")
    } else if is(doc, "argoproj.io", &["ApplicationSet"]) {
        Some("/spec/template/spec")
    } else {
        None
    }
}

/// The sources of an application spec: `source` and each of `sources`, with their pointers.
pub fn app_sources<'a>(doc: &'a Document, spec: &str) -> Vec<(String, &'a Value)> {
    let mut out = Vec::new();
    if let Some(source) = doc.value.at(&format!("{spec}/source")).filter(|v| v.is_object()) {
        out.push((format!("{spec}/source"), source));
    }
    for (i, source) in objects::items(doc.value.at(&format!("{spec}/sources"))).iter().enumerate() {
        out.push((format!("{spec}/sources/{i}"), source));
    }
    out
}

/// The fields the cross-document GitOps rules read (see [`objects::cross_fields`]).
pub fn cross_fields(doc: &Document) -> Vec<String> {
    let fields: &[&str] = if is(doc, "argoproj.io", &["Rollout"]) {
        &["/spec/strategy"]
    } else if is(doc, "networking.istio.io", &["VirtualService"]) {
        &["/spec/gateways"]
    } else if is(doc, "cert-manager.io", &["Certificate"]) {
        &["/spec/issuerRef"]
    } else if is(doc, "monitoring.coreos.com", &["ServiceMonitor", "PodMonitor"]) {
        &["/spec/selector", "/spec/namespaceSelector", "/spec/endpoints", "/spec/podMetricsEndpoints"]
    } else if is(doc, "external-secrets.io", &["ExternalSecret"]) {
        &["/spec/secretStoreRef"]
    } else if doc.kind() == "Service" {
        &["/metadata/labels", "/spec/ports/*/name"]
    } else {
        &[]
    };
    fields.iter().map(|f| f.to_string()).collect()
}

#[cfg(test)]
mod tests {
    use super::go_duration;

    #[test]
    fn go_durations() {
        assert_eq!(go_duration("1h30m"), Some(5400.0));
        assert_eq!(go_duration("2160h"), Some(7_776_000.0));
        assert_eq!(go_duration("90s"), Some(90.0));
        assert_eq!(go_duration("1.5h"), Some(5400.0));
        assert_eq!(go_duration("0"), Some(0.0));
        assert_eq!(go_duration("5d"), None);
        assert_eq!(go_duration(""), None);
        assert_eq!(go_duration("h"), None);
    }
}
