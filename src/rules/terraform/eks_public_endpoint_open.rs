//! `tf-aws-eks-public-endpoint-open`: eKS API endpoint is public to the whole internet.

use super::is_world;
use super::{PlanResource, PlanView, TfRule, TfSink};
use crate::finding::Severity;
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "tf-aws-eks-public-endpoint-open",
    summary: "EKS API endpoint is public to the whole internet",
    severity: Severity::High,
    help: "set `endpoint_public_access = false`, or restrict `public_access_cidrs` to your networks",
    docs: r#"The Kubernetes API server of an EKS cluster is public by default and, unless `public_access_cidrs`
is set, reachable from `0.0.0.0/0`. Any API server vulnerability or leaked credential is then
exploitable from anywhere. Use the private endpoint (`endpoint_private_access = true`) from inside the
VPC, or list the CIDRs allowed to reach the public one."#,
    references: &["AWS FSBP EKS.1", "CIS Amazon EKS Benchmark 5.4.2"],
    tags: &["eks", "network"],
    default_enabled: true,
};

impl TfRule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, r: &PlanResource<'_>, _plan: &PlanView<'_>, sink: &mut TfSink<'_>) {
        if r.rtype != "aws_eks_cluster" {
            return;
        }
        let p = "/vpc_config/0/endpoint_public_access";
        if r.unknown(p) || r.bool(p) == Some(false) {
            return;
        }
        let cidrs = "/vpc_config/0/public_access_cidrs";
        match r.get(cidrs).and_then(|v| v.as_array()) {
            Some(list) if !list.is_empty() => {
                for (i, c) in list.iter().enumerate() {
                    if c.as_str().is_some_and(is_world) {
                        sink.report(
                            &format!("{cidrs}/{i}"),
                            "the public API endpoint is open to the whole internet",
                        );
                    }
                }
            }
            _ if r.unset(cidrs) => {
                sink.report(
                    p,
                    "the public API endpoint is enabled with no `public_access_cidrs` (open to 0.0.0.0/0)",
                );
            }
            _ => {}
        }
    }
}
