//! `tf-aws-s3-bucket-acl-public`: separate S3 bucket ACL resource grants access to everyone.

use super::{PlanResource, PlanView, TfRule, TfSink};
use crate::finding::Severity;
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "tf-aws-s3-bucket-acl-public",
    summary: "Separate S3 bucket ACL resource grants access to everyone",
    severity: Severity::High,
    help: "set `acl = \"private\"` on the `aws_s3_bucket_acl` and use the bucket's public access block",
    docs: r#"With AWS provider 4 and later the ACL lives in its own `aws_s3_bucket_acl` resource. A canned ACL of
`public-read`, `public-read-write` or `authenticated-read` exposes the bucket's objects."#,
    references: &["CIS AWS Foundations 3.0.0 2.1.4", "AWS FSBP S3.2", "AWS FSBP S3.3"],
    tags: &["s3", "public-access"],
    default_enabled: true,
};

impl TfRule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, r: &PlanResource<'_>, _plan: &PlanView<'_>, sink: &mut TfSink<'_>) {
        if matches!(r.rtype, "aws_s3_bucket_acl")
            && matches!(r.str("/acl"), Some("public-read" | "public-read-write" | "authenticated-read"))
        {
            sink.report("/acl", "the bucket ACL grants access to everyone");
        }
    }
}
