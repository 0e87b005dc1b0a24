//! `tf-aws-efs-unencrypted`: eFS file system is not encrypted at rest.

use super::{PlanResource, PlanView, TfRule, TfSink};
use crate::finding::Severity;
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "tf-aws-efs-unencrypted",
    summary: "EFS file system is not encrypted at rest",
    severity: Severity::High,
    help: "set `encrypted = true` and a `kms_key_id`; existing file systems must be recreated",
    docs: r#"EFS encryption at rest is chosen at creation and cannot be added later. An unencrypted file system
exposes its data to anyone with access to the underlying storage or backups."#,
    references: &["CIS AWS Foundations 3.0.0 2.4.1", "AWS FSBP EFS.1"],
    tags: &["efs", "encryption"],
    default_enabled: true,
};

impl TfRule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, r: &PlanResource<'_>, _plan: &PlanView<'_>, sink: &mut TfSink<'_>) {
        if r.rtype == "aws_efs_file_system" && r.not_true("/encrypted") {
            sink.report("/encrypted", "the file system is not encrypted at rest");
        }
    }
}
