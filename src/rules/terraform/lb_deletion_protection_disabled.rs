//! `tf-aws-lb-deletion-protection-disabled`: load balancer can be deleted without protection.

use super::{PlanResource, PlanView, TfRule, TfSink};
use crate::finding::Severity;
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "tf-aws-lb-deletion-protection-disabled",
    summary: "Load balancer can be deleted without protection",
    severity: Severity::Low,
    help: "set `enable_deletion_protection = true`",
    docs: r#"Deletion protection (off by default) stops a load balancer, and the traffic it carries, from being removed by
an accidental `terraform destroy` or API call."#,
    references: &["AWS FSBP ELB.6"],
    tags: &["elb", "resilience"],
    default_enabled: true,
};

impl TfRule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, r: &PlanResource<'_>, _plan: &PlanView<'_>, sink: &mut TfSink<'_>) {
        if matches!(r.rtype, "aws_lb" | "aws_alb") && r.disabled("/enable_deletion_protection") {
            sink.report("/enable_deletion_protection", "deletion protection is not enabled");
        }
    }
}
