//! `tf-aws-opensearch-unencrypted`: openSearch domain is not encrypted at rest.

use super::{PlanResource, PlanView, TfRule, TfSink};
use crate::finding::Severity;
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "tf-aws-opensearch-unencrypted",
    summary: "OpenSearch domain is not encrypted at rest",
    severity: Severity::High,
    help: "add `encrypt_at_rest { enabled = true }`",
    docs: r#"Encryption at rest protects a domain's indices, logs and snapshots. The provider's default leaves it off
for `aws_opensearch_domain` and `aws_elasticsearch_domain`."#,
    references: &["AWS FSBP Opensearch.1", "AWS FSBP ES.1"],
    tags: &["opensearch", "encryption"],
    default_enabled: true,
};

impl TfRule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, r: &PlanResource<'_>, _plan: &PlanView<'_>, sink: &mut TfSink<'_>) {
        if matches!(r.rtype, "aws_opensearch_domain" | "aws_elasticsearch_domain")
            && r.disabled("/encrypt_at_rest/0/enabled")
        {
            sink.report("/encrypt_at_rest/0/enabled", "the domain is not encrypted at rest");
        }
    }
}
