//! `k8s-duplicate-env`: a container defines the same environment variable twice.

use std::collections::HashMap;

use serde_json::Value;

use super::objects;
use crate::document::{Document, PodSpec};
use crate::finding::Severity;
use crate::rules::Sink;
use crate::rules::{Rule, RuleMeta};

pub struct DuplicateEnv;

pub static META: RuleMeta = RuleMeta {
    id: "k8s-duplicate-env",
    summary: "A container defines the same environment variable twice",
    severity: Severity::Medium,
    help: "keep a single entry per variable name",
    docs: r##"**What**: a container whose `env` list has two entries with the same `name`.

**Why**: only the last entry takes effect, silently; the earlier one is dead configuration that
reviewers believe is in force (a common result of merges and Kustomize patches).

**Fix**: remove the duplicate.

```yaml
env:
  - name: LOG_LEVEL
    value: info
```

**References**: Kubernetes API reference, `EnvVar`."##,
    references: &["Kubernetes API reference: EnvVar"],
    tags: &["correctness"],
    default_enabled: true,
};

impl Rule for DuplicateEnv {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, sink: &mut Sink<'_>) {
        let Some(pod) = PodSpec::of(doc) else { return };
        for c in pod.containers() {
            let mut seen: HashMap<&str, usize> = HashMap::new();
            for (i, env) in objects::items(c.value.get("env")).iter().enumerate() {
                let Some(name) = env.get("name").and_then(Value::as_str) else { continue };
                if let Some(first) = seen.get(name) {
                    sink.report(
                        &c.field(&format!("env/{i}/name")),
                        format!("container `{}` sets `{name}` again (first at env[{first}]); only the last one applies", c.name()),
                    );
                } else {
                    seen.insert(name, i);
                }
            }
        }
    }
}
