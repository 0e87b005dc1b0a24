//! `tf-aws-rds-enhanced-monitoring-disabled`: rDS instance has no enhanced monitoring.

use super::{PlanResource, PlanView, TfRule, TfSink};
use crate::finding::Severity;
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "tf-aws-rds-enhanced-monitoring-disabled",
    summary: "RDS instance has no enhanced monitoring",
    severity: Severity::Low,
    help: "set `monitoring_interval` (e.g. 60) and a `monitoring_role_arn`",
    docs: r#"Opt-in (`--select` it or list it under `select`): an availability and operations control rather than a security one.

Enhanced monitoring reports the operating system metrics of the database host; `monitoring_interval = 0`
(the default) turns it off."#,
    references: &["AWS FSBP RDS.6"],
    tags: &["rds", "monitoring"],
    default_enabled: false,
};

impl TfRule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, r: &PlanResource<'_>, _plan: &PlanView<'_>, sink: &mut TfSink<'_>) {
        if matches!(r.rtype, "aws_db_instance")
            && !r.unknown("/monitoring_interval")
            && r.num("/monitoring_interval").unwrap_or(0.0) == 0.0
        {
            sink.report("/monitoring_interval", "enhanced monitoring is off (`monitoring_interval` is 0)");
        }
    }
}
