//! `tf-aws-codebuild-privileged`: codeBuild project runs builds in privileged mode.

use super::{PlanResource, PlanView, TfRule, TfSink};
use crate::finding::Severity;
use crate::rules::RuleMeta;

pub struct Rule;
pub static RULE: Rule = Rule;

static META: RuleMeta = RuleMeta {
    id: "tf-aws-codebuild-privileged",
    summary: "CodeBuild project runs builds in privileged mode",
    severity: Severity::Medium,
    help: "set `privileged_mode = false` unless the project builds Docker images; then isolate it",
    docs: r#"Privileged mode gives the build container root on the build host's Docker daemon; a compromised build
step can escape the container."#,
    references: &["AWS FSBP CodeBuild.5"],
    tags: &["codebuild", "ci"],
    default_enabled: true,
};

impl TfRule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, r: &PlanResource<'_>, _plan: &PlanView<'_>, sink: &mut TfSink<'_>) {
        if matches!(r.rtype, "aws_codebuild_project")
            && r.bool("/environment/0/privileged_mode") == Some(true)
        {
            sink.report("/environment/0/privileged_mode", "builds run in privileged mode");
        }
    }
}
