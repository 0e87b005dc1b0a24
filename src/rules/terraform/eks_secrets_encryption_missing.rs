//! `tf-aws-eks-secrets-encryption-missing`: eKS secrets are not envelope-encrypted with KMS.

use super::{PlanResource, PlanView, TfRule, TfSink};
use crate::finding::Severity;
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "tf-aws-eks-secrets-encryption-missing",
    summary: "EKS secrets are not envelope-encrypted with KMS",
    severity: Severity::High,
    help: "add `encryption_config { resources = [\"secrets\"] provider { key_arn = aws_kms_key.eks.arn } }`",
    docs: r#"Without `encryption_config` for `secrets`, Kubernetes Secrets are stored in etcd protected only by
EBS encryption. Envelope encryption with a customer managed KMS key adds a key you control, audit and
can revoke."#,
    references: &["AWS FSBP EKS.3", "CIS Amazon EKS Benchmark 5.3.1"],
    tags: &["eks", "encryption"],
    default_enabled: true,
};

impl TfRule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, r: &PlanResource<'_>, _plan: &PlanView<'_>, sink: &mut TfSink<'_>) {
        if r.rtype != "aws_eks_cluster" || r.unknown("/encryption_config") {
            return;
        }
        let covered = r.items("/encryption_config").iter().any(|(_, c)| {
            c.get("resources").and_then(|v| v.as_array()).is_some_and(|a| a.iter().any(|x| x == "secrets"))
        });
        if !covered {
            sink.report(
                "/encryption_config",
                "Kubernetes secrets are not encrypted with a KMS key (`encryption_config`)",
            );
        }
    }
}
