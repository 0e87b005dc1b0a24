//! `linkerd-injection-disabled`: a workload opts out of the Linkerd proxy (`linkerd.io/inject: disabled`).

use super::who;
use crate::document::{Document, Lookup, PodSpec};
use crate::finding::Severity;
use crate::rules::{Rule, RuleMeta, Sink};

pub struct LinkerdInjectionDisabled;

pub static META: RuleMeta = RuleMeta {
    id: "linkerd-injection-disabled",
    summary: "A workload opts out of the Linkerd proxy (`linkerd.io/inject: disabled`)",
    severity: Severity::Medium,
    help: "remove the annotation, or document why the workload must run outside the mesh",
    docs: r#"## What it finds

A workload (any pod-bearing kind, Rollouts included) whose pod template is annotated `linkerd.io/inject: disabled`.

## Why it matters

The pods then run without the Linkerd proxy: their traffic is not encrypted with mTLS, Server and AuthorizationPolicy resources do not apply to them, and they have no meshed identity.

## How to fix

Remove the annotation (the namespace's `linkerd.io/inject: enabled` then applies).

## References

- Linkerd: Automatic Proxy Injection
- Kyverno policies: linkerd/prevent-linkerd-pod-injection-override
"#,
    references: &[
        "Linkerd: Automatic Proxy Injection",
        "Kyverno policies: linkerd/prevent-linkerd-pod-injection-override",
    ],
    tags: &["gitops", "linkerd", "security"],
    default_enabled: true,
};

impl Rule for LinkerdInjectionDisabled {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, sink: &mut Sink<'_>) {
        let Some(pod) = PodSpec::of(doc) else { return };
        let pointer = format!("{}/annotations/linkerd.io~1inject", pod.metadata_pointer());
        if doc.value.at(&pointer).and_then(serde_json::Value::as_str) == Some("disabled") {
            sink.report(&pointer, format!("the pods of {} run without the Linkerd proxy", who(doc)));
        }
    }
}
