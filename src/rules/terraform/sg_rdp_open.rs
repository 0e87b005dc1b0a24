//! `tf-aws-sg-rdp-open`: security group allows RDP from the whole internet.

use super::report_open_ports;
use super::{PlanResource, PlanView, TfRule, TfSink};
use crate::finding::Severity;
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "tf-aws-sg-rdp-open",
    summary: "Security group allows RDP from the whole internet",
    severity: Severity::High,
    help: "restrict the source to known CIDRs or use SSM Session Manager / Fleet Manager",
    docs: r#"Ingress from `0.0.0.0/0` or `::/0` to port 3389 exposes Windows Remote Desktop, a favourite of
ransomware crews, to the internet. Checked like `tf-aws-sg-ssh-open`."#,
    references: &["CIS AWS Foundations 3.0.0 5.2", "CIS AWS Foundations 3.0.0 5.3", "AWS FSBP EC2.14"],
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
            report_open_ports(r, sink, &[(3389, "RDP")], "remote administration");
        }
    }
}
