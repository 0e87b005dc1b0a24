//! Integration tests: one binary, one module per area.

mod cli;
mod common;
mod pss;
mod rendered;
mod report;
mod rules;
