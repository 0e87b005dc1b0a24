//! `tf-aws-ecr-scan-on-push-disabled`: eCR repository does not scan images on push.

use super::{PlanResource, PlanView, TfRule, TfSink};
use crate::finding::Severity;
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "tf-aws-ecr-scan-on-push-disabled",
    summary: "ECR repository does not scan images on push",
    severity: Severity::Medium,
    help: "add `image_scanning_configuration { scan_on_push = true }` (or enable registry-wide enhanced scanning)",
    docs: r#"Scanning on push finds known vulnerabilities in an image before it is deployed. The provider's default is
not to scan."#,
    references: &["AWS FSBP ECR.1"],
    tags: &["ecr", "vulnerabilities"],
    default_enabled: true,
};

impl TfRule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, r: &PlanResource<'_>, _plan: &PlanView<'_>, sink: &mut TfSink<'_>) {
        if matches!(r.rtype, "aws_ecr_repository")
            && r.disabled("/image_scanning_configuration/0/scan_on_push")
        {
            sink.report("/image_scanning_configuration/0/scan_on_push", "images are not scanned on push");
        }
    }
}
