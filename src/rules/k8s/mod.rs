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
