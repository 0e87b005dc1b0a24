//! `tf-aws-athena-workgroup-unencrypted`: athena workgroup does not encrypt query results.

use super::{PlanResource, PlanView, TfRule, TfSink};
use crate::finding::Severity;
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "tf-aws-athena-workgroup-unencrypted",
    summary: "Athena workgroup does not encrypt query results",
    severity: Severity::Medium,
    help: "add `encryption_configuration { encryption_option = \"SSE_KMS\" }` to the workgroup's `result_configuration`",
    docs: r#"Query results often contain the most sensitive rows of a data lake; without an encryption configuration
they are written to S3 as the bucket's defaults allow."#,
    references: &["AWS FSBP Athena.4"],
    tags: &["athena", "encryption"],
    default_enabled: true,
};

impl TfRule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, r: &PlanResource<'_>, _plan: &PlanView<'_>, sink: &mut TfSink<'_>) {
        if matches!(r.rtype, "aws_athena_workgroup")
            && r.unset("/configuration/0/result_configuration/0/encryption_configuration")
        {
            sink.report(
                "/configuration/0/result_configuration/0/encryption_configuration",
                "query results are not encrypted by the workgroup",
            );
        }
    }
}
