//! `tf-aws-dynamodb-pitr-disabled`: dynamoDB table has no point-in-time recovery.

use super::{PlanResource, PlanView, TfRule, TfSink};
use crate::finding::Severity;
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "tf-aws-dynamodb-pitr-disabled",
    summary: "DynamoDB table has no point-in-time recovery",
    severity: Severity::Medium,
    help: "add `point_in_time_recovery { enabled = true }`",
    docs: r#"Point-in-time recovery keeps 35 days of continuous backups of a table. Without it (the provider's default),
an accidental delete or overwrite can only be undone from on-demand backups, if any."#,
    references: &["AWS FSBP DynamoDB.2"],
    tags: &["dynamodb", "backup"],
    default_enabled: true,
};

impl TfRule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, r: &PlanResource<'_>, _plan: &PlanView<'_>, sink: &mut TfSink<'_>) {
        if matches!(r.rtype, "aws_dynamodb_table") && r.disabled("/point_in_time_recovery/0/enabled") {
            sink.report("/point_in_time_recovery/0/enabled", "point-in-time recovery is not enabled");
        }
    }
}
