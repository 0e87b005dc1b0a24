//! `tf-aws-nacl-admin-ports-open`: network ACL allows administration ports from the internet.

use super::is_world;
use super::{PlanResource, PlanView, TfRule, TfSink};
use crate::finding::Severity;
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "tf-aws-nacl-admin-ports-open",
    summary: "Network ACL allows administration ports from the internet",
    severity: Severity::Medium,
    help: "deny or narrow ingress to ports 22 and 3389 in the network ACL",
    docs: r#"A network ACL entry allowing ingress from `0.0.0.0/0` or `::/0` to SSH (22) or RDP (3389), directly or
through an all-ports rule, lets the internet reach remote administration services in the subnet.
Checked on `aws_network_acl` inline `ingress` entries and `aws_network_acl_rule`."#,
    references: &["CIS AWS Foundations 3.0.0 5.1", "AWS FSBP EC2.21"],
    tags: &["network"],
    default_enabled: true,
};

impl TfRule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, r: &PlanResource<'_>, _plan: &PlanView<'_>, sink: &mut TfSink<'_>) {
        let check = |path: &str, v: &serde_json::Value, sink: &mut TfSink<'_>| {
            let s = |k: &str| v.get(k).and_then(|x| x.as_str()).unwrap_or("");
            let n = |k: &str| v.get(k).and_then(|x| x.as_i64()).unwrap_or(0);
            let action = if s("action").is_empty() { s("rule_action") } else { s("action") };
            let world = is_world(s("cidr_block")) || is_world(s("ipv6_cidr_block"));
            let proto = s("protocol");
            let all = matches!(proto, "-1" | "all");
            let (from, to) = (n("from_port"), n("to_port"));
            if action == "allow"
                && world
                && (all || matches!(proto, "tcp" | "6"))
                && let Some(p) = [22, 3389].iter().find(|p| all || (from <= **p && **p <= to))
            {
                sink.report(path, format!("network ACL allows ingress from the whole internet to port {p}"));
            }
        };
        match r.rtype {
            "aws_network_acl" => {
                for (p, v) in r.items("/ingress") {
                    check(&p, v, sink);
                }
            }
            "aws_network_acl_rule" if r.bool("/egress") != Some(true) => check("", r.after, sink),
            _ => {}
        }
    }
}
