//! `tf-aws-mq-publicly-accessible`: amazon MQ broker is publicly accessible.

use super::{PlanResource, PlanView, TfRule, TfSink};
use crate::finding::Severity;
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "tf-aws-mq-publicly-accessible",
    summary: "Amazon MQ broker is publicly accessible",
    severity: Severity::High,
    help: "set `publicly_accessible = false`",
    docs: r#"A public broker accepts connections from the internet, protected only by its users' passwords."#,
    references: &["AWS FSBP MQ.5"],
    tags: &["mq", "public-access"],
    default_enabled: true,
};

impl TfRule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, r: &PlanResource<'_>, _plan: &PlanView<'_>, sink: &mut TfSink<'_>) {
        if matches!(r.rtype, "aws_mq_broker") && r.bool("/publicly_accessible") == Some(true) {
            sink.report("/publicly_accessible", "the broker is publicly accessible");
        }
    }
}
