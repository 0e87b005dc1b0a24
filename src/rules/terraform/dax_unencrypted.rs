//! `tf-aws-dax-unencrypted`: dAX cluster is not encrypted at rest.

use super::{PlanResource, PlanView, TfRule, TfSink};
use crate::finding::Severity;
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "tf-aws-dax-unencrypted",
    summary: "DAX cluster is not encrypted at rest",
    severity: Severity::Medium,
    help: "add `server_side_encryption { enabled = true }`",
    docs: r#"A DynamoDB Accelerator cluster caches table data; without server-side encryption (off by default) the
cache is stored unencrypted."#,
    references: &["AWS FSBP DynamoDB.3"],
    tags: &["dynamodb", "encryption"],
    default_enabled: true,
};

impl TfRule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, r: &PlanResource<'_>, _plan: &PlanView<'_>, sink: &mut TfSink<'_>) {
        if matches!(r.rtype, "aws_dax_cluster") && r.disabled("/server_side_encryption/0/enabled") {
            sink.report("/server_side_encryption/0/enabled", "the cache is not encrypted at rest");
        }
    }
}
