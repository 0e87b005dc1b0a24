//! `tf-aws-neptune-unencrypted`: neptune cluster is not encrypted at rest.

use super::{PlanResource, PlanView, TfRule, TfSink};
use crate::finding::Severity;
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "tf-aws-neptune-unencrypted",
    summary: "Neptune cluster is not encrypted at rest",
    severity: Severity::High,
    help: "set `storage_encrypted = true`; the cluster must be recreated",
    docs: r#"Neptune encrypts a cluster's storage and snapshots only when `storage_encrypted` is set at creation; the
provider's default is unencrypted."#,
    references: &["AWS FSBP Neptune.1"],
    tags: &["neptune", "encryption"],
    default_enabled: true,
};

impl TfRule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, r: &PlanResource<'_>, _plan: &PlanView<'_>, sink: &mut TfSink<'_>) {
        if matches!(r.rtype, "aws_neptune_cluster") && r.disabled("/storage_encrypted") {
            sink.report("/storage_encrypted", "the cluster's storage is not encrypted");
        }
    }
}
