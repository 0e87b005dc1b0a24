//! `tf-aws-s3-versioning-disabled`: s3 bucket versioning is not enabled.

use super::{PlanResource, PlanView, TfRule, TfSink};
use crate::finding::Severity;
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "tf-aws-s3-versioning-disabled",
    summary: "S3 bucket versioning is not enabled",
    severity: Severity::Medium,
    help: "add an `aws_s3_bucket_versioning` with `versioning_configuration { status = \"Enabled\" }`",
    docs: r#"Without versioning, an overwrite or delete (by mistake, by a compromised credential, by ransomware)
destroys the only copy of an object. Versioning keeps previous versions so they can be restored, and is
a prerequisite for replication and MFA delete.

The rule reports buckets with neither an `aws_s3_bucket_versioning` nor an inline enabled `versioning`
block, and `aws_s3_bucket_versioning` resources whose status is not `Enabled`."#,
    references: &["CIS AWS Foundations 3.0.0 2.1.2", "AWS FSBP S3.14"],
    tags: &["s3", "resilience"],
    default_enabled: true,
};

impl TfRule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, r: &PlanResource<'_>, plan: &PlanView<'_>, sink: &mut TfSink<'_>) {
        match r.rtype {
            "aws_s3_bucket" => {
                if r.bool("/versioning/0/enabled") == Some(true)
                    || (r.unknown("/versioning") && r.declared("/versioning") != Some(false))
                {
                    return;
                }
                if plan.companions(r, "aws_s3_bucket_versioning", "bucket").next().is_none() {
                    sink.report_resource("versioning is not enabled for this bucket");
                }
            }
            "aws_s3_bucket_versioning" => {
                let p = "/versioning_configuration/0/status";
                if let Some(s) = r.str(p).filter(|s| *s != "Enabled") {
                    sink.report(p, format!("versioning status is `{s}`, not `Enabled`"));
                }
            }
            _ => {}
        }
    }
}
