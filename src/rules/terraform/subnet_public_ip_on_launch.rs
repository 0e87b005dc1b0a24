//! `tf-aws-subnet-public-ip-on-launch`: subnet gives instances a public IP address at launch.

use super::{PlanResource, PlanView, TfRule, TfSink};
use crate::finding::Severity;
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "tf-aws-subnet-public-ip-on-launch",
    summary: "Subnet gives instances a public IP address at launch",
    severity: Severity::Medium,
    help: "set `map_public_ip_on_launch = false` and give public addresses only where needed",
    docs: r#"With `map_public_ip_on_launch = true`, every instance started in the subnet is reachable from the internet
unless its security groups say otherwise."#,
    references: &["AWS FSBP EC2.15"],
    tags: &["ec2", "network", "public-access"],
    default_enabled: true,
};

impl TfRule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, r: &PlanResource<'_>, _plan: &PlanView<'_>, sink: &mut TfSink<'_>) {
        if matches!(r.rtype, "aws_subnet") && r.bool("/map_public_ip_on_launch") == Some(true) {
            sink.report("/map_public_ip_on_launch", "instances launched here get a public IP address");
        }
    }
}
