//! `tf-plan-stateful-replaced`: the plan replaces (destroys and recreates) a stateful resource.

use super::STATEFUL;
use super::{PlanResource, PlanView, TfRule, TfSink};
use crate::document::Lookup;
use crate::finding::Severity;
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "tf-plan-stateful-replaced",
    summary: "The plan replaces (destroys and recreates) a stateful resource",
    severity: Severity::High,
    help: "avoid the change that forces replacement, or migrate the data first; add `lifecycle { prevent_destroy = true }`",
    docs: r#"A replacement (`delete` + `create`) of a database, bucket, volume, KMS key or cluster destroys the
existing one and its data. Terraform plans replacements when an attribute that cannot be updated in
place changes (`replace_paths`); the finding points at that attribute."#,
    references: &["ndlint change-aware review", "AWS Well-Architected REL09 (back up data)"],
    tags: &["change", "resilience"],
    default_enabled: true,
};

impl TfRule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, r: &PlanResource<'_>, _plan: &PlanView<'_>, sink: &mut TfSink<'_>) {
        if !(r.mode == "managed" && r.actions.is_replace() && STATEFUL.contains(&r.rtype)) {
            return;
        }
        let first = r.doc.value.at("/change/replace_paths/0").and_then(|p| p.as_array()).map(|segs| {
            segs.iter().map(|s| s.as_str().map_or_else(|| s.to_string(), str::to_string)).collect::<Vec<_>>()
        });
        match first {
            Some(segs) if !segs.is_empty() => {
                let path: String = segs.iter().map(|s| format!("/{s}")).collect();
                sink.report(
                    &path,
                    format!(
                        "this plan replaces a stateful {} because `{}` changes; its data will be lost",
                        r.rtype,
                        segs.join(".")
                    ),
                );
            }
            _ => {
                sink.report_resource(format!(
                    "this plan replaces a stateful {}; its data will be lost",
                    r.rtype
                ));
            }
        }
    }
}
