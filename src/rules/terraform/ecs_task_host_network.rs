//! `tf-aws-ecs-task-host-network`: eCS task definition uses the host network.

use super::{PlanResource, PlanView, TfRule, TfSink};
use crate::finding::Severity;
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "tf-aws-ecs-task-host-network",
    summary: "ECS task definition uses the host network",
    severity: Severity::Medium,
    help: "use `network_mode = \"awsvpc\"` (or `bridge`)",
    docs: r#"With `network_mode = "host"` a task shares the instance's network stack: it can bind any port and reach
services listening on the host, including the instance metadata endpoint."#,
    references: &["AWS FSBP ECS.1"],
    tags: &["ecs", "isolation"],
    default_enabled: true,
};

impl TfRule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, r: &PlanResource<'_>, _plan: &PlanView<'_>, sink: &mut TfSink<'_>) {
        if matches!(r.rtype, "aws_ecs_task_definition") && r.str("/network_mode") == Some("host") {
            sink.report("/network_mode", "the task shares the host's network namespace");
        }
    }
}
