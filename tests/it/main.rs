//! Integration tests: one binary, one module per area.

mod cli;
mod common;
mod pss;
mod report;
mod rules;
mod rendered;
