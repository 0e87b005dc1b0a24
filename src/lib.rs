//! ndlint: the policy-and-validation linter for GitOps repositories.
//!
//! A run ([`run::run`]) is a short sequence of phases, each a function with its own input and
//! output types:
//!
//! ```text
//! plan    options + .ndlint.yaml ─► Registry (built-in rules, selection), schemas, Rego policies
//! gather  walk::walk (parallel, gitignore-aware) ─► plain files, chart variants, kustomize roots
//! load    read every file once; render every chart variant (helm) and overlay (kustomize), in
//!         parallel; register the CRDs of the run (their files parsed here, and only here)
//! check   per file / rendering, in parallel, each worker with its own prepared Rego engine:
//!         parse (YAML 1.1 → Document + SourceMap) ─► per-document rules │ schema │ Rego
//!         ─► rendered findings mapped back to templates, values files, patches, kustomizations
//!         ─► plain documents kept as projections (below)
//! join    cross-document rules over the projections of the plain files; variants merged
//! finish  suppressions (comments, annotations, config) ─► selection ─► sort ─► summary
//! report  human │ json │ sarif │ github │ junit ─► exit code
//! ```
//!
//! Every finding carries a byte span into a [`source::SourceFile`]; reports convert it to 1-based
//! line and code-point column. Documents are `serde_json::Value`s with a [`document::SpanNode`]
//! tree mapping JSON pointers to the spans of keys and values.
//!
//! **Each input file is parsed once.** A plain file's documents live only while the file is
//! checked; what the cross-document rules compare is kept as a *projection*
//! ([`document::Document::project`]): the fields listed in [`rules::k8s::objects::cross_fields`]
//! with their subtrees and ancestors, *and the source map of exactly those nodes*. A
//! cross-document rule is written like any rule — it reads `doc.value` and reports through a
//! [`rules::Sink`] at a pointer — and its finding lands at the same line and column as on the
//! whole document, without parsing anything again. The files that rendered findings map back to
//! (templates, values files, `Chart.yaml`, kustomizations, patches, base resources) are read and
//! parsed at most once per run through [`parse::sources::Sources`], shared by every chart
//! variant and overlay. `NDLINT_TRACE_IO=1` prints every read and parser entry to stderr (the
//! pipeline tests use it to prove the single parse).

pub mod check;
pub mod cli;
pub mod config;
pub mod document;
pub mod finding;
pub mod parse;
pub mod rego;
pub mod report;
pub mod rules;
pub mod run;
pub mod schema;
pub mod source;
pub mod suppress;
pub mod walk;
