//! `tf-aws-msk-plaintext-clients`: mSK cluster accepts plaintext client connections.

use super::{PlanResource, PlanView, TfRule, TfSink};
use crate::finding::Severity;
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "tf-aws-msk-plaintext-clients",
    summary: "MSK cluster accepts plaintext client connections",
    severity: Severity::High,
    help: "set `encryption_info { encryption_in_transit { client_broker = \"TLS\" } }`",
    docs: r#"`client_broker = "PLAINTEXT"` or `"TLS_PLAINTEXT"` lets clients talk to the brokers without TLS, so
messages and credentials cross the network in clear."#,
    references: &["AWS FSBP MSK.1"],
    tags: &["msk", "tls"],
    default_enabled: true,
};

impl TfRule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, r: &PlanResource<'_>, _plan: &PlanView<'_>, sink: &mut TfSink<'_>) {
        if matches!(r.rtype, "aws_msk_cluster")
            && matches!(
                r.str("/encryption_info/0/encryption_in_transit/0/client_broker"),
                Some("PLAINTEXT" | "TLS_PLAINTEXT")
            )
        {
            sink.report(
                "/encryption_info/0/encryption_in_transit/0/client_broker",
                "clients may connect to the brokers without TLS",
            );
        }
    }
}
