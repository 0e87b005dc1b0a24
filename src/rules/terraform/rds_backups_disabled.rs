//! `tf-aws-rds-backups-disabled`: rDS automated backups are off or kept under 7 days.

use super::{PlanResource, PlanView, TfRule, TfSink};
use crate::finding::Severity;
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "tf-aws-rds-backups-disabled",
    summary: "RDS automated backups are off or kept under 7 days",
    severity: Severity::Medium,
    help: "set `backup_retention_period` to 7 days or more",
    docs: r#"Automated backups with point-in-time recovery are what restores a database after a bad migration,
a deleted table or ransomware. `backup_retention_period = 0` disables them; fewer than 7 days often
means an incident is noticed after the last good backup expired. Read replicas are not reported."#,
    references: &["AWS FSBP RDS.11", "AWS FSBP RDS.26"],
    tags: &["rds", "resilience"],
    default_enabled: true,
};

impl TfRule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, r: &PlanResource<'_>, _plan: &PlanView<'_>, sink: &mut TfSink<'_>) {
        if !matches!(r.rtype, "aws_db_instance" | "aws_rds_cluster") || !r.unset("/replicate_source_db") {
            return;
        }
        let Some(days) = r.num("/backup_retention_period") else { return };
        if days < 1.0 {
            sink.report("/backup_retention_period", "automated backups are disabled (retention 0 days)");
        } else if days < 7.0 {
            sink.report(
                "/backup_retention_period",
                format!("automated backups are kept {days} day(s), fewer than 7"),
            );
        }
    }
}
