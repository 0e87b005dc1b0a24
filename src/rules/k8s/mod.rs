//! Kubernetes rules, one per file.

pub mod prometheus;

use super::Rule;

pub static ALL: &[&dyn Rule] = &[
    &prometheus::invalid_promql::InvalidPromql,
    &prometheus::invalid_duration::InvalidDuration,
    &prometheus::missing_severity::MissingSeverity,
    &prometheus::missing_summary::MissingSummary,
];
