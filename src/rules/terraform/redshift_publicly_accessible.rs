//! `tf-aws-redshift-publicly-accessible`: redshift cluster is publicly accessible.

use super::{PlanResource, PlanView, TfRule, TfSink};
use crate::finding::Severity;
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "tf-aws-redshift-publicly-accessible",
    summary: "Redshift cluster is publicly accessible",
    severity: Severity::High,
    help: "set `publicly_accessible = false` and reach the cluster from inside the VPC",
    docs: r#"The AWS provider's default for `publicly_accessible` is `true`: a cluster that does not set it to `false`
gets a public endpoint, guarded only by its security groups."#,
    references: &["AWS FSBP Redshift.1"],
    tags: &["redshift", "public-access"],
    default_enabled: true,
};

impl TfRule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, r: &PlanResource<'_>, _plan: &PlanView<'_>, sink: &mut TfSink<'_>) {
        if matches!(r.rtype, "aws_redshift_cluster")
            && !r.unknown("/publicly_accessible")
            && r.bool("/publicly_accessible") != Some(false)
        {
            sink.report(
                "/publicly_accessible",
                "the cluster is publicly accessible (the provider's default when not set to false)",
            );
        }
    }
}
