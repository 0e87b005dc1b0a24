//! `k8s-secret-data-committed`: a Secret manifest with its data is committed to the repository.

use serde_json::Value;

use super::objects;
use crate::document::Document;
use crate::finding::{Finding, Severity};
use crate::rules::Sink;
use crate::rules::{Rule, RuleMeta};

pub struct SecretDataCommitted;

pub static META: RuleMeta = RuleMeta {
    id: "k8s-secret-data-committed",
    summary: "A Secret manifest with its data is committed to the repository",
    severity: Severity::High,
    help: "commit a SealedSecret or an ExternalSecret instead, and rotate the exposed values",
    docs: r##"**What**: a `v1` `Secret` with entries under `data` or `stringData`.

**Why**: base64 is an encoding, not encryption. Whoever can read the repository, its forks,
CI logs or any clone can read the secret, and it stays in the Git history forever.

Secret data that a Helm template generates at render time — with `genCA`, `genSignedCert`,
`genPrivateKey`, `randAlphaNum` and the other `rand…` functions, or read back from the cluster
with `lookup` — is not in the repository: when every entry under `data`/`stringData` of the
template is such an expression (directly or through a `$variable` assigned from one), chart mode
does not report it. A rendered stream whose chart is not in the tree has no template to tell,
and is reported.

**Fix**: store an encrypted or referenced form and let a controller create the Secret.

```yaml
apiVersion: external-secrets.io/v1beta1
kind: ExternalSecret
metadata:
  name: db-credentials
spec:
  secretStoreRef:
    name: vault
    kind: ClusterSecretStore
  target:
    name: db-credentials
  dataFrom:
    - extract:
        key: shop/db
```

Or encrypt it with Sealed Secrets (`kubeseal`) or SOPS. Rotate any value that was committed.

**References**: CIS Kubernetes Benchmark v1.9 5.4.2; NSA/CISA Kubernetes Hardening Guide (Secrets)."##,
    references: &["CIS Kubernetes 5.4.2", "NSA/CISA Kubernetes Hardening Guide: Secrets"],
    tags: &["cis-k8s", "nsa", "secrets"],
    default_enabled: true,
};

impl Rule for SecretDataCommitted {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, sink: &mut Sink<'_>) {
        if doc.kind() != "Secret" || doc.object.as_ref().is_none_or(|o| o.api_version != "v1") {
            return;
        }
        for field in ["data", "stringData"] {
            let Some(map) = doc.value.get(field).and_then(Value::as_object) else { continue };
            if map.is_empty() {
                continue;
            }
            let keys: Vec<&str> = map.keys().map(String::as_str).collect();
            sink.report_key(
                &format!("/{field}"),
                format!(
                    "Secret {} commits {} value(s) ({}) to the repository; use a SealedSecret or ExternalSecret",
                    objects::name(doc),
                    keys.len(),
                    keys.join(", ")
                ),
            );
        }
    }
}

/// Template functions whose result exists only at render time (generated, or read from the
/// cluster), so Secret data made of them is not committed to the repository.
const RENDER_TIME_FUNCTIONS: [&str; 17] = [
    "genCA",
    "genCAWithKey",
    "genSignedCert",
    "genSignedCertWithKey",
    "genSelfSignedCert",
    "genSelfSignedCertWithKey",
    "genPrivateKey",
    "derivePassword",
    "randAlphaNum",
    "randAlpha",
    "randNumeric",
    "randAscii",
    "randBytes",
    "randInt",
    "uuidv4",
    "lookup",
    "htpasswd",
];

/// True for a finding of this rule relocated onto a Helm template whose `data`/`stringData`
/// entries are all generated at render time (see [`RENDER_TIME_FUNCTIONS`]).
pub fn generated_at_render(f: &Finding) -> bool {
    if &*f.rule != META.id || !f.file.text.contains("{{") {
        return false;
    }
    let field = f.pointer.as_deref().and_then(|p| p.strip_prefix('/')).unwrap_or("data");
    let text = &f.file.text;
    let generated_vars = render_time_variables(text);
    let is_generated = |expr: &str| {
        words(expr).any(|w| RENDER_TIME_FUNCTIONS.contains(&w))
            || variables(expr).any(|v| generated_vars.contains(&v))
    };
    // The template document (between `---` lines) holding the finding.
    let at = f.span.start as usize;
    let (Some(before), Some(after)) = (text.get(..at), text.get(at..)) else { return false };
    let start = before.rfind("\n---").map_or(0, |i| i + 1);
    let end = after.find("\n---").map_or(text.len(), |i| at + i);
    let lines: Vec<&str> = text[start..end].lines().collect();
    let mut entries = 0;
    let mut i = 0;
    while i < lines.len() {
        let indent = indentation(lines[i]);
        if lines[i].trim_start() != format!("{field}:") {
            i += 1;
            continue;
        }
        i += 1;
        while i < lines.len() {
            let line = lines[i];
            let body = line.trim();
            if body.is_empty() || is_control_action(body) {
                i += 1;
                continue;
            }
            if indentation(line) <= indent {
                break;
            }
            entries += 1;
            if !is_generated(body) {
                return false;
            }
            i += 1;
        }
    }
    entries > 0
}

/// The `$name`s assigned (`:=`, `=`) from a render-time expression anywhere in a template, including
/// through other such variables.
fn render_time_variables(text: &str) -> Vec<&str> {
    let assignments: Vec<(&str, &str)> = text
        .split("{{")
        .skip(1)
        .filter_map(|action| {
            let action = action.split("}}").next()?.trim_start_matches('-').trim();
            let (name, expr) = action.split_once(":=").or_else(|| action.split_once(" = "))?;
            let name = name.trim().strip_prefix('$')?;
            name.chars().all(|c| c.is_alphanumeric() || c == '_').then_some((name, expr))
        })
        .collect();
    let mut generated: Vec<&str> = Vec::new();
    loop {
        let before = generated.len();
        for (name, expr) in &assignments {
            if !generated.contains(name)
                && (words(expr).any(|w| RENDER_TIME_FUNCTIONS.contains(&w))
                    || variables(expr).any(|v| generated.contains(&v)))
            {
                generated.push(name);
            }
        }
        if generated.len() == before {
            return generated;
        }
    }
}

fn words(expr: &str) -> impl Iterator<Item = &str> {
    expr.split(|c: char| !c.is_alphanumeric() && c != '_' && c != '$').filter(|w| !w.starts_with('$'))
}

fn variables(expr: &str) -> impl Iterator<Item = &str> {
    expr.split(|c: char| !c.is_alphanumeric() && c != '_' && c != '$')
        .filter_map(|w| w.strip_prefix('$'))
        .filter(|w| !w.is_empty())
}

fn indentation(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

/// A line that is only a template action producing no entry (`{{- if … }}`, `{{- end }}`, an
/// assignment) or a comment.
fn is_control_action(line: &str) -> bool {
    let Some(inner) = line.strip_prefix("{{").filter(|_| line.ends_with("}}")) else {
        return line.starts_with('#');
    };
    let inner = inner.trim_start_matches('-').trim_start();
    ["if ", "else", "end", "with ", "range ", "/*", "$"].iter().any(|k| inner.starts_with(k))
}
