//! `istio-sidecar-injection-disabled`: a workload opts out of the Istio sidecar (`sidecar.istio.io/inject: "false"`).

use super::who;
use crate::document::{Document, Lookup, PodSpec};
use crate::finding::Severity;
use crate::rules::{Rule, RuleMeta, Sink};

pub struct IstioSidecarInjectionDisabled;

pub static META: RuleMeta = RuleMeta {
    id: "istio-sidecar-injection-disabled",
    summary: "A workload opts out of the Istio sidecar (`sidecar.istio.io/inject: \"false\"`)",
    severity: Severity::Medium,
    help: "remove the opt-out, or document why the workload must run outside the mesh",
    docs: r#"## What it finds

A workload (any pod-bearing kind, Rollouts included) whose pod template has the label or annotation `sidecar.istio.io/inject: "false"`.

## Why it matters

Without a sidecar the pods are outside the mesh: no mutual TLS, no identity, no AuthorizationPolicy enforcement and no telemetry — with STRICT mTLS they cannot even talk to meshed services, and they are the easy way around mesh policy.

## How to fix

Remove the label and annotation so the namespace's injection applies.

## References

- Istio: Security Best Practices
- Kyverno policies: istio/prevent-disabling-injection-pods
"#,
    references: &[
        "Istio: Security Best Practices",
        "Kyverno policies: istio/prevent-disabling-injection-pods",
    ],
    tags: &["gitops", "istio", "security"],
    default_enabled: true,
};

impl Rule for IstioSidecarInjectionDisabled {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, sink: &mut Sink<'_>) {
        let Some(pod) = PodSpec::of(doc) else { return };
        let metadata = pod.metadata_pointer();
        for map in ["labels", "annotations"] {
            let pointer = format!("{metadata}/{map}/sidecar.istio.io~1inject");
            let value = doc.value.at(&pointer);
            if value.and_then(serde_json::Value::as_str) == Some("false")
                || value.and_then(serde_json::Value::as_bool) == Some(false)
            {
                sink.report(&pointer, format!("the pods of {} run without the Istio sidecar", who(doc)));
            }
        }
    }
}
