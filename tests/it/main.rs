//! Integration tests: one binary, one module per area.

mod common;
mod rules;

// The Kubernetes rule pack (kept apart from the list above so that merges stay trivial).
mod k8s_pack;
