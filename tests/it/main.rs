//! Integration tests: one binary, one module per area.

mod common;
mod k8s_pack;
mod rules;
