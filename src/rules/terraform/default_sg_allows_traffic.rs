//! `tf-aws-default-sg-allows-traffic`: the VPC default security group allows traffic.

use super::{PlanResource, PlanView, TfRule, TfSink};
use crate::finding::Severity;
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "tf-aws-default-sg-allows-traffic",
    summary: "The VPC default security group allows traffic",
    severity: Severity::Medium,
    help: "declare `aws_default_security_group` with no `ingress` and no `egress` blocks",
    docs: r#"Resources launched without an explicit security group land in the VPC's default group. CIS asks
that it restrict all traffic so such resources are isolated. Managing it with
`aws_default_security_group` and no rules removes AWS's default allow-all rules."#,
    references: &["CIS AWS Foundations 3.0.0 5.4", "AWS FSBP EC2.2"],
    tags: &["network", "security-group"],
    default_enabled: true,
};

impl TfRule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, r: &PlanResource<'_>, _plan: &PlanView<'_>, sink: &mut TfSink<'_>) {
        if r.rtype != "aws_default_security_group" {
            return;
        }
        for dir in ["ingress", "egress"] {
            let p = format!("/{dir}");
            if !r.unset(&p) {
                sink.report(&p, format!("the default security group has {dir} rules"));
            }
        }
    }
}
