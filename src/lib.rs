//! ndlint: the policy-and-validation linter for GitOps repositories.

pub mod check;
pub mod document;
pub mod finding;
pub mod parse;
pub mod rego;
pub mod report;
pub mod rules;
pub mod source;
