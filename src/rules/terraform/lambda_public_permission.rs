//! `tf-aws-lambda-public-permission`: lambda function can be invoked by anyone.

use super::{PlanResource, PlanView, TfRule, TfSink};
use crate::finding::Severity;
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "tf-aws-lambda-public-permission",
    summary: "Lambda function can be invoked by anyone",
    severity: Severity::High,
    help: "name the calling service or account in `principal`, and scope it with `source_arn`/`source_account`",
    docs: r#"An `aws_lambda_permission` with `principal = "*"` lets any AWS account (or, with a function URL, anyone)
invoke the function."#,
    references: &["AWS FSBP Lambda.1"],
    tags: &["lambda", "public-access"],
    default_enabled: true,
};

impl TfRule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, r: &PlanResource<'_>, _plan: &PlanView<'_>, sink: &mut TfSink<'_>) {
        if matches!(r.rtype, "aws_lambda_permission") && r.str("/principal") == Some("*") {
            sink.report("/principal", "the function may be invoked by any principal (`*`)");
        }
    }
}
