//! `tf-aws-sg-all-ports-open`: security group allows all ports from the whole internet.

use super::world_ingress;
use super::{PlanResource, PlanView, TfRule, TfSink};
use crate::finding::Severity;
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "tf-aws-sg-all-ports-open",
    summary: "Security group allows all ports from the whole internet",
    severity: Severity::Critical,
    help: "allow only the ports the service needs, from the sources that need them",
    docs: r#"Ingress with protocol `-1` (all) or the port range 0–65535 from `0.0.0.0/0` or `::/0` exposes every
listening service of every attached instance or ENI to the internet."#,
    references: &["AWS FSBP EC2.18", "AWS FSBP EC2.19", "CIS AWS Foundations 3.0.0 5.2"],
    tags: &["network", "security-group"],
    default_enabled: true,
};

impl TfRule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, r: &PlanResource<'_>, _plan: &PlanView<'_>, sink: &mut TfSink<'_>) {
        if !matches!(
            r.rtype,
            "aws_security_group" | "aws_security_group_rule" | "aws_vpc_security_group_ingress_rule"
        ) {
            return;
        }
        for ing in world_ingress(r.rtype, r.after).into_iter().filter(|i| i.all_ports()) {
            sink.report(&ing.path, format!("ingress from {} allows all ports and protocols", ing.cidr));
        }
    }
}
