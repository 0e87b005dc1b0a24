//! Kubernetes rules, one per file.

pub mod prometheus;

use super::Rule;

pub mod pod;

pub mod apparmor_unconfined;
pub mod capabilities_added;
pub mod capabilities_not_dropped;
pub mod host_ipc;
pub mod host_network;
pub mod host_path_volume;
pub mod host_pid;
pub mod host_port;
pub mod host_process;
pub mod privilege_escalation_allowed;
pub mod privileged_container;
pub mod proc_mount;
pub mod restricted_volume_types;
pub mod run_as_non_root_missing;
pub mod run_as_root_user;
pub mod seccomp_profile_missing;
pub mod seccomp_unconfined;
pub mod selinux_options;
pub mod unsafe_sysctls;

/// Every Kubernetes rule: the Pod Security Standards baseline controls, then the restricted ones.
pub static ALL: &[&dyn Rule] = &[
    // PSS baseline
    &host_process::HostProcess,
    &host_network::HostNetwork,
    &host_pid::HostPid,
    &host_ipc::HostIpc,
    &privileged_container::PrivilegedContainer,
    &capabilities_added::CapabilitiesAdded,
    &host_path_volume::HostPathVolume,
    &host_port::HostPort,
    &apparmor_unconfined::AppArmorUnconfined,
    &selinux_options::SelinuxOptions,
    &proc_mount::ProcMount,
    &seccomp_unconfined::SeccompUnconfined,
    &unsafe_sysctls::UnsafeSysctls,
    // PSS restricted
    &restricted_volume_types::RestrictedVolumeTypes,
    &privilege_escalation_allowed::PrivilegeEscalationAllowed,
    &run_as_non_root_missing::RunAsNonRootMissing,
    &run_as_root_user::RunAsRootUser,
    &seccomp_profile_missing::SeccompProfileMissing,
    &capabilities_not_dropped::CapabilitiesNotDropped,
    // Prometheus alerting rules
    &prometheus::invalid_promql::InvalidPromql,
    &prometheus::invalid_duration::InvalidDuration,
    &prometheus::missing_severity::MissingSeverity,
    &prometheus::missing_summary::MissingSummary,
];

// ---- k8srules: CIS RBAC, hygiene, network, secrets, reliability, APIs ----
// Kept as one block at the end of the file so that merging with other rule packs stays trivial.

pub mod container_runtime_socket;
pub mod cpu_requests_missing;
pub mod credential_in_annotation;
pub mod credential_in_config_map;
pub mod credential_in_env;
pub mod default_namespace;
pub mod default_service_account_used;
pub mod deprecated_api;
pub mod duplicate_env;
pub mod duplicate_object;
pub mod exposed_workload_not_isolated;
pub mod host_aliases;
pub mod hpa_min_greater_than_max;
pub mod hpa_target_missing;
pub mod image_latest_tag;
pub mod image_not_pinned_by_digest;
pub mod image_pull_policy_inconsistent;
pub mod image_tag_missing;
pub mod liveness_probe_missing;
pub mod memory_limit_missing;
pub mod memory_requests_missing;
pub mod namespace_without_network_policy;
pub mod network_policy_selects_nothing;
pub mod objects;
pub mod pdb_allows_no_disruption;
pub mod pdb_matches_nothing;
pub mod pod_service_account_token_automount;
pub mod probes_identical;
pub mod rbac_bind_escalate;
pub mod rbac_cluster_admin_binding;
pub mod rbac_create_persistent_volumes;
pub mod rbac_create_pods;
pub mod rbac_csr_approval;
pub mod rbac_default_service_account_bound;
pub mod rbac_impersonate;
pub mod rbac_nodes_proxy;
pub mod rbac_secrets_access;
pub mod rbac_service_account_token_create;
pub mod rbac_system_masters;
pub mod rbac_webhook_configuration;
pub mod rbac_wildcard_api_groups;
pub mod rbac_wildcard_resources;
pub mod rbac_wildcard_verbs;
pub mod read_only_root_filesystem;
pub mod readiness_probe_missing;
pub mod removed_api;
pub mod secret_data_committed;
pub mod secret_in_env;
pub mod sensitive_host_path;
pub mod service_account_token_automount;
pub mod service_selector_matches_nothing;
pub mod service_target_port_not_exposed;
pub mod share_process_namespace;
pub mod single_replica_without_pdb;

pub mod ingress_tls_missing;
pub mod rbac_pods_exec;
pub mod service_node_port;
/// The CIS RBAC, pod hygiene, network, secrets, reliability and API lifecycle rules.
pub static PACK: &[&dyn Rule] = &[
    &rbac_cluster_admin_binding::RbacClusterAdminBinding,
    &rbac_system_masters::RbacSystemMasters,
    &rbac_wildcard_verbs::RbacWildcardVerbs,
    &rbac_wildcard_resources::RbacWildcardResources,
    &rbac_wildcard_api_groups::RbacWildcardApiGroups,
    &rbac_secrets_access::RbacSecretsAccess,
    &rbac_create_pods::RbacCreatePods,
    &rbac_nodes_proxy::RbacNodesProxy,
    &rbac_create_persistent_volumes::RbacCreatePersistentVolumes,
    &rbac_service_account_token_create::RbacServiceAccountTokenCreate,
    &rbac_webhook_configuration::RbacWebhookConfiguration,
    &rbac_csr_approval::RbacCsrApproval,
    &rbac_bind_escalate::RbacBindEscalate,
    &rbac_impersonate::RbacImpersonate,
    &rbac_default_service_account_bound::RbacDefaultServiceAccountBound,
    &default_service_account_used::DefaultServiceAccountUsed,
    &service_account_token_automount::ServiceAccountTokenAutomount,
    &pod_service_account_token_automount::PodServiceAccountTokenAutomount,
    &read_only_root_filesystem::ReadOnlyRootFilesystem,
    &default_namespace::DefaultNamespace,
    &share_process_namespace::ShareProcessNamespace,
    &container_runtime_socket::ContainerRuntimeSocket,
    &sensitive_host_path::SensitiveHostPath,
    &host_aliases::HostAliases,
    &namespace_without_network_policy::NamespaceWithoutNetworkPolicy,
    &network_policy_selects_nothing::NetworkPolicySelectsNothing,
    &exposed_workload_not_isolated::ExposedWorkloadNotIsolated,
    &secret_in_env::SecretInEnv,
    &secret_data_committed::SecretDataCommitted,
    &credential_in_env::CredentialInEnv,
    &credential_in_config_map::CredentialInConfigMap,
    &credential_in_annotation::CredentialInAnnotation,
    &cpu_requests_missing::CpuRequestsMissing,
    &memory_requests_missing::MemoryRequestsMissing,
    &memory_limit_missing::MemoryLimitMissing,
    &liveness_probe_missing::LivenessProbeMissing,
    &readiness_probe_missing::ReadinessProbeMissing,
    &probes_identical::ProbesIdentical,
    &image_tag_missing::ImageTagMissing,
    &image_latest_tag::ImageLatestTag,
    &image_not_pinned_by_digest::ImageNotPinnedByDigest,
    &image_pull_policy_inconsistent::ImagePullPolicyInconsistent,
    &duplicate_env::DuplicateEnv,
    &hpa_min_greater_than_max::HpaMinGreaterThanMax,
    &single_replica_without_pdb::SingleReplicaWithoutPdb,
    &pdb_matches_nothing::PdbMatchesNothing,
    &pdb_allows_no_disruption::PdbAllowsNoDisruption,
    &hpa_target_missing::HpaTargetMissing,
    &service_selector_matches_nothing::ServiceSelectorMatchesNothing,
    &service_target_port_not_exposed::ServiceTargetPortNotExposed,
    &duplicate_object::DuplicateObject,
    &removed_api::RemovedApi,
    &deprecated_api::DeprecatedApi,
    &rbac_pods_exec::RbacPodsExec,
    &service_node_port::ServiceNodePort,
    &ingress_tls_missing::IngressTlsMissing,
];
