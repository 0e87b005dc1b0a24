//! `tf-aws-ebs-volume-unencrypted`: eBS volume is not encrypted.

use super::{PlanResource, PlanView, TfRule, TfSink};
use crate::finding::Severity;
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "tf-aws-ebs-volume-unencrypted",
    summary: "EBS volume is not encrypted",
    severity: Severity::High,
    help: "set `encrypted = true` (or enable `aws_ebs_encryption_by_default`)",
    docs: r#"Unencrypted EBS volumes and their snapshots expose data to anyone who can copy or share a snapshot.
Checked on `aws_ebs_volume`, the `root_block_device`/`ebs_block_device` of `aws_instance` and the
`block_device_mappings` of `aws_launch_template`. Not reported when the plan enables
`aws_ebs_encryption_by_default`."#,
    references: &["CIS AWS Foundations 3.0.0 2.2.1", "AWS FSBP EC2.3"],
    tags: &["ebs", "encryption"],
    default_enabled: true,
};

impl TfRule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, r: &PlanResource<'_>, plan: &PlanView<'_>, sink: &mut TfSink<'_>) {
        if plan.of_type("aws_ebs_encryption_by_default").any(|d| d.bool("/enabled") != Some(false)) {
            return;
        }
        let off = |v: &serde_json::Value| {
            matches!(v.get("encrypted"), None | Some(serde_json::Value::Null))
                || v.get("encrypted").is_some_and(|e| e == false || e == "false")
        };
        match r.rtype {
            "aws_ebs_volume" if r.not_true("/encrypted") => {
                sink.report("/encrypted", "the volume is not encrypted");
            }
            "aws_instance" => {
                for list in ["/root_block_device", "/ebs_block_device"] {
                    for (p, v) in r.items(list) {
                        if off(v) && !r.unknown(&format!("{p}/encrypted")) {
                            sink.report(
                                &format!("{p}/encrypted"),
                                "an instance block device is not encrypted",
                            );
                        }
                    }
                }
            }
            "aws_launch_template" => {
                for (p, v) in r.items("/block_device_mappings") {
                    for (i, ebs) in v.get("ebs").and_then(|e| e.as_array()).into_iter().flatten().enumerate()
                    {
                        let q = format!("{p}/ebs/{i}/encrypted");
                        if off(ebs) && !r.unknown(&q) {
                            sink.report(&q, "a launch template block device is not encrypted");
                        }
                    }
                }
            }
            _ => {}
        }
    }
}
