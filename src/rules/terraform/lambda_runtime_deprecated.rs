//! `tf-aws-lambda-runtime-deprecated`: lambda function uses a deprecated runtime.

use super::{PlanResource, PlanView, TfRule, TfSink};
use crate::finding::Severity;
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "tf-aws-lambda-runtime-deprecated",
    summary: "Lambda function uses a deprecated runtime",
    severity: Severity::Medium,
    help: "move to a supported runtime (e.g. `python3.12`, `nodejs20.x`, `java21`, `provided.al2023`)",
    docs: r#"Deprecated runtimes no longer get security patches from AWS, and functions on them can eventually no
longer be updated."#,
    references: &["AWS FSBP Lambda.2"],
    tags: &["lambda", "patching"],
    default_enabled: true,
};

impl TfRule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, r: &PlanResource<'_>, _plan: &PlanView<'_>, sink: &mut TfSink<'_>) {
        if matches!(r.rtype, "aws_lambda_function")
            && matches!(
                r.str("/runtime"),
                Some(
                    "python2.7"
                        | "python3.6"
                        | "python3.7"
                        | "python3.8"
                        | "nodejs10.x"
                        | "nodejs12.x"
                        | "nodejs14.x"
                        | "nodejs16.x"
                        | "ruby2.5"
                        | "ruby2.7"
                        | "dotnetcore2.1"
                        | "dotnetcore3.1"
                        | "dotnet6"
                        | "java8"
                        | "go1.x"
                )
            )
        {
            sink.report("/runtime", "the runtime is deprecated and no longer patched");
        }
    }
}
