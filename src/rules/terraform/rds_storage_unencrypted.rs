//! `tf-aws-rds-storage-unencrypted`: rDS storage is not encrypted.

use super::{PlanResource, PlanView, TfRule, TfSink};
use crate::finding::Severity;
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "tf-aws-rds-storage-unencrypted",
    summary: "RDS storage is not encrypted",
    severity: Severity::High,
    help: "set `storage_encrypted = true` (with a customer managed `kms_key_id`); existing databases need a snapshot restore",
    docs: r#"Unencrypted RDS storage, snapshots and backups expose the data to anyone who obtains a snapshot
copy or the underlying volumes. Encryption cannot be turned on in place: it is set at creation.
Read replicas (`replicate_source_db`) inherit the source's encryption and are not reported."#,
    references: &["CIS AWS Foundations 3.0.0 2.3.1", "AWS FSBP RDS.3"],
    tags: &["rds", "encryption"],
    default_enabled: true,
};

impl TfRule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, r: &PlanResource<'_>, _plan: &PlanView<'_>, sink: &mut TfSink<'_>) {
        if matches!(r.rtype, "aws_db_instance" | "aws_rds_cluster")
            && r.unset("/replicate_source_db")
            && r.not_true("/storage_encrypted")
        {
            sink.report(
                "/storage_encrypted",
                "database storage is not encrypted (`storage_encrypted` is not true)",
            );
        }
    }
}
