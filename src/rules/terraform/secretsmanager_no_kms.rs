//! `tf-aws-secretsmanager-no-kms`: secrets Manager secret uses the AWS managed key.

use super::{PlanResource, PlanView, TfRule, TfSink};
use crate::finding::Severity;
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "tf-aws-secretsmanager-no-kms",
    summary: "Secrets Manager secret uses the AWS managed key",
    severity: Severity::Low,
    help: "set `kms_key_id` to a customer managed KMS key",
    docs: r#"Without `kms_key_id` a secret is encrypted with the account's `aws/secretsmanager` key, whose policy you
cannot change: every principal with `secretsmanager:GetSecretValue` can read it. A customer managed key
adds a second, auditable permission and works across accounts."#,
    references: &[
        "AWS Secrets Manager User Guide: Secret encryption and decryption",
        "AWS FSBP SecretsManager.1",
    ],
    tags: &["secrets", "encryption"],
    default_enabled: true,
};

impl TfRule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, r: &PlanResource<'_>, _plan: &PlanView<'_>, sink: &mut TfSink<'_>) {
        if r.rtype == "aws_secretsmanager_secret" && r.unset("/kms_key_id") {
            sink.report_resource(
                "the secret is encrypted with the AWS managed key, not a customer managed KMS key",
            );
        }
    }
}
