//! `tf-aws-redshift-unencrypted`: redshift cluster is not encrypted.

use super::{PlanResource, PlanView, TfRule, TfSink};
use crate::finding::Severity;
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "tf-aws-redshift-unencrypted",
    summary: "Redshift cluster is not encrypted",
    severity: Severity::High,
    help: "set `encrypted = true` and a `kms_key_id`",
    docs: r#"A Redshift cluster without `encrypted = true` stores its data blocks and snapshots unencrypted."#,
    references: &["AWS FSBP Redshift.10"],
    tags: &["redshift", "encryption"],
    default_enabled: true,
};

impl TfRule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, r: &PlanResource<'_>, _plan: &PlanView<'_>, sink: &mut TfSink<'_>) {
        if matches!(r.rtype, "aws_redshift_cluster") && r.disabled("/encrypted") {
            sink.report("/encrypted", "the cluster is not encrypted at rest");
        }
    }
}
