//! `tf-aws-s3-public-acl`: s3 bucket ACL grants access to everyone.

use super::{PlanResource, PlanView, TfRule, TfSink};
use crate::document::Lookup;

const PUBLIC_ACLS: &[&str] = &["public-read", "public-read-write", "authenticated-read"];
const PUBLIC_GROUPS: &[&str] = &["/global/AllUsers", "/global/AuthenticatedUsers"];
use crate::finding::Severity;
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "tf-aws-s3-public-acl",
    summary: "S3 bucket ACL grants access to everyone",
    severity: Severity::High,
    help: "use the `private` ACL (or disable ACLs with object ownership `BucketOwnerEnforced`)",
    docs: r#"A canned ACL such as `public-read`, `public-read-write` or `authenticated-read`, or a grant to the
`AllUsers`/`AuthenticatedUsers` groups, makes the bucket's objects readable (or writable) by anyone on
the internet or any AWS account. Most public S3 data leaks start with such an ACL.

Fix: remove the ACL (new buckets default to `BucketOwnerEnforced`, which disables ACLs) or set
`acl = "private"`, and block public access with `aws_s3_bucket_public_access_block`."#,
    references: &["CIS AWS Foundations 3.0.0 2.1.4", "AWS FSBP S3.2", "AWS FSBP S3.3"],
    tags: &["s3", "public-access"],
    default_enabled: true,
};

impl TfRule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, r: &PlanResource<'_>, _plan: &PlanView<'_>, sink: &mut TfSink<'_>) {
        if !matches!(r.rtype, "aws_s3_bucket" | "aws_s3_bucket_acl") {
            return;
        }
        if let Some(acl) = r.str("/acl").filter(|a| PUBLIC_ACLS.contains(a)) {
            sink.report("/acl", format!("canned ACL `{acl}` grants access to everyone"));
        }
        let grants = if r.rtype == "aws_s3_bucket" { "/grant" } else { "/access_control_policy/0/grant" };
        for (p, g) in r.items(grants) {
            let uris = [g.at("/uri"), g.at("/grantee/0/uri")];
            if uris
                .iter()
                .flatten()
                .filter_map(|u| u.as_str())
                .any(|u| PUBLIC_GROUPS.iter().any(|g| u.ends_with(g)))
            {
                sink.report(&p, "an ACL grant gives a public group (AllUsers or AuthenticatedUsers) access");
            }
        }
    }
}
