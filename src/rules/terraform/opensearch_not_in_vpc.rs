//! `tf-aws-opensearch-not-in-vpc`: openSearch domain is not in a VPC.

use super::{PlanResource, PlanView, TfRule, TfSink};
use crate::finding::Severity;
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "tf-aws-opensearch-not-in-vpc",
    summary: "OpenSearch domain is not in a VPC",
    severity: Severity::High,
    help: "add `vpc_options { subnet_ids = ..., security_group_ids = ... }`",
    docs: r#"A domain without `vpc_options` has a public endpoint; only its access policy stands between the internet
and the data."#,
    references: &["AWS FSBP Opensearch.2", "AWS FSBP ES.2"],
    tags: &["opensearch", "network"],
    default_enabled: true,
};

impl TfRule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, r: &PlanResource<'_>, _plan: &PlanView<'_>, sink: &mut TfSink<'_>) {
        if matches!(r.rtype, "aws_opensearch_domain" | "aws_elasticsearch_domain") && r.unset("/vpc_options")
        {
            sink.report("/vpc_options", "the domain has a public endpoint (no `vpc_options`)");
        }
    }
}
