//! ndlint: the policy-and-validation linter for GitOps repositories.
//!
//! ```text
//! cli::Cli ─► run::run ─► config (.ndlint.yaml) ─► rules::Registry (built-in rules, selection)
//!          ─► walk::walk (parallel, gitignore-aware) ─► files
//!          ─► per file, in parallel: parse (YAML 1.1 → Document + SourceMap) ─► per-document rules
//!          ─► cross-document rules ─► suppress (comments, annotations, config) ─► sort
//!          ─► report (human │ json │ sarif │ github │ junit) ─► exit code
//! ```
//!
//! Every finding carries a byte span into a [`source::SourceFile`]; reports convert it to 1-based
//! line and code-point column. Documents are `serde_json::Value`s with a [`document::SpanNode`]
//! tree mapping JSON pointers to the spans of keys and values.

pub mod changed;
pub mod check;
pub mod cli;
pub mod config;
pub mod document;
pub mod finding;
pub mod init;
pub mod parse;
pub mod rego;
pub mod report;
pub mod rules;
pub mod run;
pub mod schema;
pub mod source;
pub mod suppress;
pub mod walk;
