//! `tf-aws-opensearch-node-to-node-disabled`: openSearch domain does not encrypt traffic between nodes.

use super::{PlanResource, PlanView, TfRule, TfSink};
use crate::finding::Severity;
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "tf-aws-opensearch-node-to-node-disabled",
    summary: "OpenSearch domain does not encrypt traffic between nodes",
    severity: Severity::Medium,
    help: "add `node_to_node_encryption { enabled = true }`",
    docs: r#"Without node-to-node encryption (off by default), traffic between the nodes of a domain travels in clear
inside the VPC."#,
    references: &["AWS FSBP Opensearch.3", "AWS FSBP ES.3"],
    tags: &["opensearch", "encryption"],
    default_enabled: true,
};

impl TfRule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, r: &PlanResource<'_>, _plan: &PlanView<'_>, sink: &mut TfSink<'_>) {
        if matches!(r.rtype, "aws_opensearch_domain" | "aws_elasticsearch_domain")
            && r.disabled("/node_to_node_encryption/0/enabled")
        {
            sink.report(
                "/node_to_node_encryption/0/enabled",
                "traffic between the domain's nodes is not encrypted",
            );
        }
    }
}
