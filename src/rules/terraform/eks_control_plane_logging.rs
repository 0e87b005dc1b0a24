//! `tf-aws-eks-control-plane-logging`: eKS control plane logs are not all enabled.

use super::{PlanResource, PlanView, TfRule, TfSink};
use crate::finding::Severity;
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "tf-aws-eks-control-plane-logging",
    summary: "EKS control plane logs are not all enabled",
    severity: Severity::Medium,
    help: "set `enabled_cluster_log_types = [\"api\", \"audit\", \"authenticator\", \"controllerManager\", \"scheduler\"]`",
    docs: r#"EKS sends control plane logs to CloudWatch only for the types listed in `enabled_cluster_log_types`.
Without `audit` there is no record of who did what in the cluster; without `api` and `authenticator`
failed and suspicious access cannot be investigated."#,
    references: &["AWS FSBP EKS.8", "CIS Amazon EKS Benchmark 2.1.1"],
    tags: &["eks", "logging"],
    default_enabled: true,
};

impl TfRule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, r: &PlanResource<'_>, _plan: &PlanView<'_>, sink: &mut TfSink<'_>) {
        if r.rtype != "aws_eks_cluster" || r.unknown("/enabled_cluster_log_types") {
            return;
        }
        let on: Vec<&str> = r
            .get("/enabled_cluster_log_types")
            .and_then(|v| v.as_array())
            .into_iter()
            .flatten()
            .filter_map(|v| v.as_str())
            .collect();
        let missing: Vec<&str> =
            ["api", "audit", "authenticator"].into_iter().filter(|t| !on.contains(t)).collect();
        if !missing.is_empty() {
            sink.report(
                "/enabled_cluster_log_types",
                format!("control plane logging is off for: {}", missing.join(", ")),
            );
        }
    }
}
