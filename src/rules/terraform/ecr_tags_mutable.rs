//! `tf-aws-ecr-tags-mutable`: eCR repository allows overwriting image tags.

use super::{PlanResource, PlanView, TfRule, TfSink};
use crate::finding::Severity;
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "tf-aws-ecr-tags-mutable",
    summary: "ECR repository allows overwriting image tags",
    severity: Severity::Medium,
    help: "set `image_tag_mutability = \"IMMUTABLE\"`",
    docs: r#"With mutable tags (the provider's default) a tag such as `v1.2.3` can be pushed again with different content,
so what a deployment pulls is not what was reviewed or scanned."#,
    references: &["AWS FSBP ECR.2"],
    tags: &["ecr", "supply-chain"],
    default_enabled: true,
};

impl TfRule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, r: &PlanResource<'_>, _plan: &PlanView<'_>, sink: &mut TfSink<'_>) {
        if matches!(r.rtype, "aws_ecr_repository")
            && !r.unknown("/image_tag_mutability")
            && r.str("/image_tag_mutability") != Some("IMMUTABLE")
        {
            sink.report(
                "/image_tag_mutability",
                "image tags are mutable: a tag can be overwritten with a different image",
            );
        }
    }
}
