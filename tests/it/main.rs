//! Integration tests: one binary, one module per area.

mod cli;
mod common;
mod pss;
mod rego;
mod rendered;
mod report;
mod rules;

// The Kubernetes rule pack (kept apart from the list above so that merges stay trivial).
mod custom_resources;
mod k8s_pack;
mod schema;
mod terraform;
