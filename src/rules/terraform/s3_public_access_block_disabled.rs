//! `tf-aws-s3-public-access-block-disabled`: s3 public access block leaves a setting off.

use super::{PlanResource, PlanView, TfRule, TfSink};
use crate::finding::Severity;
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "tf-aws-s3-public-access-block-disabled",
    summary: "S3 public access block leaves a setting off",
    severity: Severity::High,
    help: "set `block_public_acls`, `block_public_policy`, `ignore_public_acls` and `restrict_public_buckets` to `true`",
    docs: r#"An S3 public access block protects only with all four settings on: `block_public_acls` and
`ignore_public_acls` neutralise public ACLs, `block_public_policy` and `restrict_public_buckets`
neutralise public bucket policies. Each setting left `false` (the default when omitted) reopens one
path to a public bucket."#,
    references: &["CIS AWS Foundations 3.0.0 2.1.4", "AWS FSBP S3.1", "AWS FSBP S3.8"],
    tags: &["s3", "public-access"],
    default_enabled: true,
};

impl TfRule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, r: &PlanResource<'_>, _plan: &PlanView<'_>, sink: &mut TfSink<'_>) {
        if !matches!(r.rtype, "aws_s3_bucket_public_access_block" | "aws_s3_account_public_access_block") {
            return;
        }
        for flag in
            ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"]
        {
            let path = format!("/{flag}");
            if r.not_true(&path) {
                sink.report(&path, format!("`{flag}` is not true"));
            }
        }
    }
}
