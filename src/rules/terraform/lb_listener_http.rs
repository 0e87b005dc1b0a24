//! `tf-aws-lb-listener-http`: load balancer listener serves plain HTTP.

use super::{PlanResource, PlanView, TfRule, TfSink};
use crate::document::Lookup;
use crate::finding::Severity;
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "tf-aws-lb-listener-http",
    summary: "Load balancer listener serves plain HTTP",
    severity: Severity::Medium,
    help: "listen on HTTPS with a certificate, and make the HTTP listener redirect to HTTPS",
    docs: r#"A listener with `protocol = "HTTP"` that forwards traffic sends cookies, tokens and data in clear
text across the internet. An HTTP listener whose default action is a `redirect` to `HTTPS` is fine and
is not reported."#,
    references: &["AWS FSBP ELB.1", "AWS FSBP ELB.2"],
    tags: &["network", "encryption-in-transit"],
    default_enabled: true,
};

impl TfRule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, r: &PlanResource<'_>, _plan: &PlanView<'_>, sink: &mut TfSink<'_>) {
        if !matches!(r.rtype, "aws_lb_listener" | "aws_alb_listener") || r.str("/protocol") != Some("HTTP") {
            return;
        }
        let redirects = r.items("/default_action").iter().any(|(_, a)| {
            a.get("type").and_then(|t| t.as_str()) == Some("redirect")
                && a.at("/redirect/0/protocol").and_then(|p| p.as_str()) == Some("HTTPS")
        });
        if !redirects {
            sink.report("/protocol", "the listener serves plain HTTP instead of redirecting to HTTPS");
        }
    }
}
