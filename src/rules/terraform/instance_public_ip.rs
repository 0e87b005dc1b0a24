//! `tf-aws-instance-public-ip`: eC2 instance has a public IP address.

use super::{PlanResource, PlanView, TfRule, TfSink};
use crate::finding::Severity;
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "tf-aws-instance-public-ip",
    summary: "EC2 instance has a public IP address",
    severity: Severity::Medium,
    help: "remove `associate_public_ip_address = true`; reach the instance through a load balancer, SSM or a bastion",
    docs: r#"An instance with a public address is reachable from the internet and depends on its security groups alone
for protection."#,
    references: &["AWS FSBP EC2.9"],
    tags: &["ec2", "public-access"],
    default_enabled: true,
};

impl TfRule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, r: &PlanResource<'_>, _plan: &PlanView<'_>, sink: &mut TfSink<'_>) {
        if matches!(r.rtype, "aws_instance") && r.bool("/associate_public_ip_address") == Some(true) {
            sink.report("/associate_public_ip_address", "the instance gets a public IP address");
        }
    }
}
