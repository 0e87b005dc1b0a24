//! `tf-aws-launch-configuration-public-ip`: auto Scaling launch configuration gives instances public IPs.

use super::{PlanResource, PlanView, TfRule, TfSink};
use crate::finding::Severity;
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "tf-aws-launch-configuration-public-ip",
    summary: "Auto Scaling launch configuration gives instances public IPs",
    severity: Severity::Medium,
    help: "set `associate_public_ip_address = false`",
    docs: r#"Every instance an Auto Scaling group launches from this configuration gets a public address and is
reachable from the internet unless its security groups say otherwise."#,
    references: &["AWS FSBP AutoScaling.5"],
    tags: &["autoscaling", "public-access"],
    default_enabled: true,
};

impl TfRule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, r: &PlanResource<'_>, _plan: &PlanView<'_>, sink: &mut TfSink<'_>) {
        if matches!(r.rtype, "aws_launch_configuration")
            && r.bool("/associate_public_ip_address") == Some(true)
        {
            sink.report("/associate_public_ip_address", "launched instances get public IP addresses");
        }
    }
}
