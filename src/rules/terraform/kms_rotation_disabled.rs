//! `tf-aws-kms-rotation-disabled`: kMS key rotation is not enabled.

use super::{PlanResource, PlanView, TfRule, TfSink};
use crate::finding::Severity;
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "tf-aws-kms-rotation-disabled",
    summary: "KMS key rotation is not enabled",
    severity: Severity::Medium,
    help: "set `enable_key_rotation = true`",
    docs: r#"Automatic rotation gives a symmetric customer managed key new key material every year (or the period
you set) while old ciphertexts stay decryptable, limiting how much data one compromised key version
exposes. Asymmetric and HMAC keys cannot rotate and are not reported."#,
    references: &["CIS AWS Foundations 3.0.0 3.6", "AWS FSBP KMS.4"],
    tags: &["kms", "encryption"],
    default_enabled: true,
};

impl TfRule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, r: &PlanResource<'_>, _plan: &PlanView<'_>, sink: &mut TfSink<'_>) {
        if r.rtype != "aws_kms_key" {
            return;
        }
        let spec = r.str("/customer_master_key_spec").unwrap_or("SYMMETRIC_DEFAULT");
        let usage = r.str("/key_usage").unwrap_or("ENCRYPT_DECRYPT");
        if spec == "SYMMETRIC_DEFAULT" && usage == "ENCRYPT_DECRYPT" && r.not_true("/enable_key_rotation") {
            sink.report("/enable_key_rotation", "automatic key rotation is not enabled");
        }
    }
}
