//! `tf-aws-redshift-version-upgrade-disabled`: redshift cluster does not take major version upgrades.

use super::{PlanResource, PlanView, TfRule, TfSink};
use crate::finding::Severity;
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "tf-aws-redshift-version-upgrade-disabled",
    summary: "Redshift cluster does not take major version upgrades",
    severity: Severity::Low,
    help: "set `allow_version_upgrade = true`",
    docs: r#"Major version upgrades carry security fixes; with `allow_version_upgrade = false` the cluster keeps running
an old engine."#,
    references: &["AWS FSBP Redshift.6"],
    tags: &["redshift", "patching"],
    default_enabled: true,
};

impl TfRule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, r: &PlanResource<'_>, _plan: &PlanView<'_>, sink: &mut TfSink<'_>) {
        if matches!(r.rtype, "aws_redshift_cluster") && r.bool("/allow_version_upgrade") == Some(false) {
            sink.report("/allow_version_upgrade", "major version upgrades are turned off");
        }
    }
}
