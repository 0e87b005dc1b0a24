//! `tf-aws-ecs-service-public-ip`: eCS service assigns public IPs to its tasks.

use super::{PlanResource, PlanView, TfRule, TfSink};
use crate::finding::Severity;
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "tf-aws-ecs-service-public-ip",
    summary: "ECS service assigns public IPs to its tasks",
    severity: Severity::Medium,
    help: "set `assign_public_ip = false` and use a NAT gateway or VPC endpoints for egress",
    docs: r#"Tasks with public addresses are reachable from the internet and depend on their security groups alone."#,
    references: &["AWS FSBP ECS.2"],
    tags: &["ecs", "public-access"],
    default_enabled: true,
};

impl TfRule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, r: &PlanResource<'_>, _plan: &PlanView<'_>, sink: &mut TfSink<'_>) {
        if matches!(r.rtype, "aws_ecs_service")
            && r.bool("/network_configuration/0/assign_public_ip") == Some(true)
        {
            sink.report("/network_configuration/0/assign_public_ip", "tasks get public IP addresses");
        }
    }
}
