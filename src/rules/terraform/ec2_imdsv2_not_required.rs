//! `tf-aws-ec2-imdsv2-not-required`: eC2 instance metadata service does not require IMDSv2.

use super::{PlanResource, PlanView, TfRule, TfSink};
use crate::finding::Severity;
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "tf-aws-ec2-imdsv2-not-required",
    summary: "EC2 instance metadata service does not require IMDSv2",
    severity: Severity::Medium,
    help: "set `metadata_options { http_tokens = \"required\" }`",
    docs: r#"IMDSv1 answers plain GET requests, so any SSRF in an application on the instance (or a pod on an EKS
node) can read the instance role's credentials. IMDSv2 requires a session token obtained with a PUT,
which SSRF cannot usually do. Checked on `aws_instance` and `aws_launch_template` (EKS node groups)."#,
    references: &["CIS AWS Foundations 3.0.0 5.6", "AWS FSBP EC2.8"],
    tags: &["compute", "credentials"],
    default_enabled: true,
};

impl TfRule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, r: &PlanResource<'_>, _plan: &PlanView<'_>, sink: &mut TfSink<'_>) {
        if !matches!(r.rtype, "aws_instance" | "aws_launch_template") {
            return;
        }
        let p = "/metadata_options/0/http_tokens";
        match r.str(p) {
            Some("required") => {}
            Some(_) => {
                sink.report(p, "IMDSv1 is allowed: `http_tokens` is not `required`");
            }
            None if r.unset(p) => {
                sink.report_resource("no `metadata_options` requires IMDSv2 (`http_tokens = \"required\"`)");
            }
            None => {}
        }
    }
}
