//! `tf-aws-docdb-unencrypted`: documentDB cluster is not encrypted at rest.

use super::{PlanResource, PlanView, TfRule, TfSink};
use crate::finding::Severity;
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "tf-aws-docdb-unencrypted",
    summary: "DocumentDB cluster is not encrypted at rest",
    severity: Severity::High,
    help: "set `storage_encrypted = true` (and a `kms_key_id`); the cluster must be recreated",
    docs: r#"DocumentDB encrypts storage, backups and snapshots only when `storage_encrypted` is set at creation;
the provider's default is unencrypted."#,
    references: &["AWS FSBP DocumentDB.1"],
    tags: &["docdb", "encryption"],
    default_enabled: true,
};

impl TfRule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, r: &PlanResource<'_>, _plan: &PlanView<'_>, sink: &mut TfSink<'_>) {
        if matches!(r.rtype, "aws_docdb_cluster") && r.disabled("/storage_encrypted") {
            sink.report("/storage_encrypted", "the cluster's storage is not encrypted");
        }
    }
}
