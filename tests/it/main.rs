//! Integration tests: one binary, one module per area.

mod adopt;
mod cli;
mod common;
mod fuzz;
mod pss;
mod rego;
mod rendered;
mod report;
mod rules;

// The Kubernetes rule pack (kept apart from the list above so that merges stay trivial).
mod custom_resources;
mod k8s_pack;
mod pipeline;
mod schema;
mod terraform;
mod terraform_hcl;

// GitHub workflows, actions and Dependabot.
mod gha;
