//! `tf-aws-s3-public-access-block-missing`: s3 bucket has no public access block.

use super::{PlanResource, PlanView, TfRule, TfSink};
use crate::finding::Severity;
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "tf-aws-s3-public-access-block-missing",
    summary: "S3 bucket has no public access block",
    severity: Severity::High,
    help: "add an `aws_s3_bucket_public_access_block` for the bucket with all four settings `true`",
    docs: r#"Without an S3 Block Public Access configuration, one careless ACL or bucket policy makes the bucket
public. The block is the guard rail that keeps buckets private whatever their ACLs and policies say.

The rule looks for an `aws_s3_bucket_public_access_block` whose `bucket` refers to the bucket (by
reference in the configuration, or by its name), or an account-wide
`aws_s3_account_public_access_block` in the same plan."#,
    references: &["CIS AWS Foundations 3.0.0 2.1.4", "AWS FSBP S3.8"],
    tags: &["s3", "public-access"],
    default_enabled: true,
};

impl TfRule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, r: &PlanResource<'_>, plan: &PlanView<'_>, sink: &mut TfSink<'_>) {
        if r.rtype != "aws_s3_bucket" || plan.of_type("aws_s3_account_public_access_block").next().is_some() {
            return;
        }
        if plan.companions(r, "aws_s3_bucket_public_access_block", "bucket").next().is_none() {
            sink.report_resource("no aws_s3_bucket_public_access_block blocks public access to this bucket");
        }
    }
}
