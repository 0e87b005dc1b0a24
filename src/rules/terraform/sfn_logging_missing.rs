//! `tf-aws-sfn-logging-missing`: step Functions state machine does not log executions.

use super::{PlanResource, PlanView, TfRule, TfSink};
use crate::finding::Severity;
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "tf-aws-sfn-logging-missing",
    summary: "Step Functions state machine does not log executions",
    severity: Severity::Medium,
    help: "add `logging_configuration { log_destination = ..., level = \"ERROR\" }`",
    docs: r#"Execution logs show which step failed and with what input; without a logging configuration (the default)
they are not kept."#,
    references: &["AWS FSBP StepFunctions.1"],
    tags: &["stepfunctions", "logging"],
    default_enabled: true,
};

impl TfRule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, r: &PlanResource<'_>, _plan: &PlanView<'_>, sink: &mut TfSink<'_>) {
        if matches!(r.rtype, "aws_sfn_state_machine") && r.unset("/logging_configuration") {
            sink.report("/logging_configuration", "executions are not logged (no `logging_configuration`)");
        }
    }
}
