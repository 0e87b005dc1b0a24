//! `tf-aws-dms-publicly-accessible`: dMS replication instance is publicly accessible.

use super::{PlanResource, PlanView, TfRule, TfSink};
use crate::finding::Severity;
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "tf-aws-dms-publicly-accessible",
    summary: "DMS replication instance is publicly accessible",
    severity: Severity::High,
    help: "set `publicly_accessible = false`",
    docs: r#"A public replication instance exposes the database credentials and data it moves to the internet,
guarded only by its security groups."#,
    references: &["AWS FSBP DMS.1"],
    tags: &["dms", "public-access"],
    default_enabled: true,
};

impl TfRule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, r: &PlanResource<'_>, _plan: &PlanView<'_>, sink: &mut TfSink<'_>) {
        if matches!(r.rtype, "aws_dms_replication_instance") && r.bool("/publicly_accessible") == Some(true) {
            sink.report("/publicly_accessible", "the replication instance is publicly accessible");
        }
    }
}
