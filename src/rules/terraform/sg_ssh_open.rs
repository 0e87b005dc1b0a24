//! `tf-aws-sg-ssh-open`: security group allows SSH from the whole internet.

use super::report_open_ports;
use super::{PlanResource, PlanView, TfRule, TfSink};
use crate::finding::Severity;
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "tf-aws-sg-ssh-open",
    summary: "Security group allows SSH from the whole internet",
    severity: Severity::High,
    help: "restrict the source to known CIDRs or use SSM Session Manager instead of SSH",
    docs: r#"Ingress from `0.0.0.0/0` or `::/0` to port 22 exposes SSH to every scanner on the internet. Checked on
inline `ingress` blocks of `aws_security_group`, `aws_security_group_rule` (type `ingress`) and
`aws_vpc_security_group_ingress_rule`. Rules open on all ports are reported by
`tf-aws-sg-all-ports-open` instead."#,
    references: &["CIS AWS Foundations 3.0.0 5.2", "CIS AWS Foundations 3.0.0 5.3", "AWS FSBP EC2.13"],
    tags: &["network", "security-group"],
    default_enabled: true,
};

impl TfRule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, r: &PlanResource<'_>, _plan: &PlanView<'_>, sink: &mut TfSink<'_>) {
        if matches!(
            r.rtype,
            "aws_security_group" | "aws_security_group_rule" | "aws_vpc_security_group_ingress_rule"
        ) {
            report_open_ports(r, sink, &[(22, "SSH")], "remote administration");
        }
    }
}
