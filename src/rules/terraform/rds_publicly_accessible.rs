//! `tf-aws-rds-publicly-accessible`: rDS instance is publicly accessible.

use super::{PlanResource, PlanView, TfRule, TfSink};
use crate::finding::Severity;
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "tf-aws-rds-publicly-accessible",
    summary: "RDS instance is publicly accessible",
    severity: Severity::High,
    help: "set `publicly_accessible = false` and reach the database from inside the VPC",
    docs: r#"With `publicly_accessible = true` the instance gets a public DNS name and IP, and its security group
is all that stands between the database and the internet."#,
    references: &["CIS AWS Foundations 3.0.0 2.3.3", "AWS FSBP RDS.2"],
    tags: &["rds", "network"],
    default_enabled: true,
};

impl TfRule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, r: &PlanResource<'_>, _plan: &PlanView<'_>, sink: &mut TfSink<'_>) {
        if matches!(r.rtype, "aws_db_instance" | "aws_rds_cluster_instance")
            && r.bool("/publicly_accessible") == Some(true)
        {
            sink.report("/publicly_accessible", "the database is publicly accessible");
        }
    }
}
