//! `tf-aws-rds-cluster-backtrack-disabled`: aurora MySQL cluster has backtracking off.

use super::{PlanResource, PlanView, TfRule, TfSink};
use crate::finding::Severity;
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "tf-aws-rds-cluster-backtrack-disabled",
    summary: "Aurora MySQL cluster has backtracking off",
    severity: Severity::Low,
    help: "set `backtrack_window` (seconds, up to 259200) on Aurora MySQL clusters",
    docs: r#"Opt-in (`--select` it or list it under `select`): an availability and operations control rather than a security one.

Backtracking rewinds an Aurora MySQL cluster to a point in time in minutes, without a restore; it is off
(`backtrack_window = 0`) by default."#,
    references: &["AWS FSBP RDS.14"],
    tags: &["rds", "resilience"],
    default_enabled: false,
};

impl TfRule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, r: &PlanResource<'_>, _plan: &PlanView<'_>, sink: &mut TfSink<'_>) {
        if matches!(r.rtype, "aws_rds_cluster")
            && r.str("/engine") == Some("aurora-mysql")
            && !r.unknown("/backtrack_window")
            && r.num("/backtrack_window").unwrap_or(0.0) == 0.0
        {
            sink.report("/backtrack_window", "backtracking is off (`backtrack_window` is 0)");
        }
    }
}
