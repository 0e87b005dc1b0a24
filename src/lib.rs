//! ndlint: the policy-and-validation linter for GitOps repositories.

pub mod check;
pub mod cli;
pub mod config;
pub mod document;
pub mod finding;
pub mod parse;
pub mod report;
pub mod rules;
pub mod run;
pub mod source;
pub mod suppress;
pub mod walk;
