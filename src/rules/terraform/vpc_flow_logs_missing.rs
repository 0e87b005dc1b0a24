//! `tf-aws-vpc-flow-logs-missing`: vPC has no flow log.

use super::{PlanResource, PlanView, TfRule, TfSink};
use crate::finding::Severity;
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "tf-aws-vpc-flow-logs-missing",
    summary: "VPC has no flow log",
    severity: Severity::Medium,
    help: "add an `aws_flow_log` with `vpc_id` set to the VPC, capturing `REJECT` or `ALL` traffic",
    docs: r#"VPC flow logs record accepted and rejected connections. They are how you find port scans, data
exfiltration and misrouted traffic after the fact. The rule looks for an `aws_flow_log` whose `vpc_id`
refers to the VPC in the same plan."#,
    references: &["CIS AWS Foundations 3.0.0 3.7", "AWS FSBP EC2.6"],
    tags: &["network", "logging"],
    default_enabled: true,
};

impl TfRule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, r: &PlanResource<'_>, plan: &PlanView<'_>, sink: &mut TfSink<'_>) {
        if r.rtype == "aws_vpc" && plan.companions(r, "aws_flow_log", "vpc_id").next().is_none() {
            sink.report_resource("no aws_flow_log records this VPC's traffic");
        }
    }
}
