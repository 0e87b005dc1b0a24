//! CustomResourceDefinitions: extracting each served version's `openAPIV3Schema`, converting it
//! from OpenAPI 3.0 to a strict draft-4 JSON Schema, and compiling it.
//!
//! Conversion (see `notes/inputs.md` §5.4): `nullable: true` adds `null` to `type` (and `enum`);
//! `x-kubernetes-int-or-string: true` / `format: int-or-string` accept an integer or a string;
//! `additionalProperties: false` is added wherever `properties` is set, except on nodes with
//! `x-kubernetes-preserve-unknown-fields: true` and inside `allOf`/`anyOf`/`oneOf`/`not` branches
//! (which may list a subset of the properties); `x-kubernetes-embedded-resource: true` objects get
//! `apiVersion`, `kind` and `metadata`; the custom resource's root gets `apiVersion`, `kind` and
//! `metadata` (validated as Kubernetes `ObjectMeta`).

use crate::document::Lookup as _;
use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use jsonschema::{Draft, PatternOptions, Registry, Validator};
use serde_json::{Map, Value, json};

use super::{DEFS_URI, Gvk, INVALID, PATTERN_UNSUPPORTED, finding};
use crate::document::{Document, pointer_push, ptr};
use crate::finding::Finding;

/// What the CRDs of the run know about a GVK.
pub enum Lookup {
    Schema(Arc<Validator>),
    /// A catalog schema (`--crd-dir` JSON schemas or the embedded catalog).
    Catalog(Arc<CatalogSchema>),
    /// The CRD defines the kind but not a usable schema for this version; the reason.
    Missing(String),
    Unknown,
}

enum Entry {
    Schema(Arc<Validator>),
    NoSchema,
}

/// Schemas of the CRDs added to a [`super::SchemaValidator`].
#[derive(Default)]
pub struct CrdSet {
    versions: HashMap<Gvk, Entry>,
    /// (group, kind) → CRD name and served versions, for `Missing` messages.
    kinds: HashMap<(String, String), (String, Vec<String>)>,
    /// JSON schemas in the datreeio/CRDs-catalog layout `{group}/{kind}_{version}.json`, keyed with
    /// the kind lowercased (the catalog's file names are lowercase).
    catalog: HashMap<Gvk, Arc<CatalogSchema>>,
    /// The embedded catalog's schemas compiled so far (`None`: the catalog has none), same keys.
    embedded: RwLock<HashMap<Gvk, Option<Arc<CatalogSchema>>>>,
}

/// A compiled catalog schema and where it comes from.
pub struct CatalogSchema {
    pub validator: Validator,
    /// `the embedded schema`, or the `--crd-dir` file.
    pub source: String,
    pub bad_patterns: Vec<BadPattern>,
}

/// True for `apiextensions.k8s.io` `CustomResourceDefinition` documents.
pub fn is_crd(doc: &Document) -> bool {
    doc.object.as_ref().is_some_and(|o| {
        o.kind == "CustomResourceDefinition" && o.api_version.starts_with("apiextensions.k8s.io/")
    })
}

impl CrdSet {
    pub fn len(&self) -> usize {
        self.versions.values().filter(|e| matches!(e, Entry::Schema(_))).count() + self.catalog.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn lookup(&self, gvk: &Gvk, registry: &Registry<'static>) -> Lookup {
        match self.versions.get(gvk) {
            Some(Entry::Schema(v)) => Lookup::Schema(v.clone()),
            Some(Entry::NoSchema) => Lookup::Missing(format!(
                "its CustomResourceDefinition {} gives version {} no openAPIV3Schema",
                self.kinds.get(&(gvk.group.clone(), gvk.kind.clone())).map_or("", |(n, _)| n.as_str()),
                gvk.version
            )),
            None => match self.kinds.get(&(gvk.group.clone(), gvk.kind.clone())) {
                Some((name, versions)) => Lookup::Missing(format!(
                    "its CustomResourceDefinition {name} does not define version {} (it defines {})",
                    gvk.version,
                    versions.join(", ")
                )),
                None => {
                    let lower = Gvk::new(&gvk.group, &gvk.version, &gvk.kind.to_ascii_lowercase());
                    match self.catalog.get(&lower).cloned().or_else(|| self.embedded(&lower, registry)) {
                        Some(schema) => Lookup::Catalog(schema),
                        None => Lookup::Unknown,
                    }
                }
            },
        }
    }

    /// The embedded catalog's schema of a GVK (kind lowercased), compiled on first use.
    fn embedded(&self, gvk: &Gvk, registry: &Registry<'static>) -> Option<Arc<CatalogSchema>> {
        if let Ok(cache) = self.embedded.read()
            && let Some(found) = cache.get(gvk)
        {
            return found.clone();
        }
        let compiled = super::catalog::schema(gvk).and_then(|schema| {
            // The bundle's schemas all compile (a test checks each one); a failure is no schema.
            let compiled = compile(&schema, registry).ok()?;
            Some(Arc::new(CatalogSchema {
                validator: compiled.validator,
                source: "the embedded schema".into(),
                bad_patterns: compiled.bad_patterns,
            }))
        });
        match self.embedded.write() {
            Ok(mut cache) => cache.entry(gvk.clone()).or_insert(compiled).clone(),
            Err(_) => compiled,
        }
    }

    /// Adds the versions of one CRD document; problems become findings on the CRD.
    pub fn add(&mut self, doc: &Document, registry: &Registry<'static>, out: &mut Vec<Finding>) {
        let v = &doc.value;
        let spec = v.get("spec");
        let group = spec.and_then(|s| s.get("group")).and_then(Value::as_str).unwrap_or("");
        let kind = spec.and_then(|s| s.at("/names/kind")).and_then(Value::as_str).unwrap_or("");
        if group.is_empty() || kind.is_empty() {
            return; // the CRD's own schema validation reports the missing fields
        }
        let name = v.at("/metadata/name").and_then(Value::as_str).unwrap_or(kind).to_string();
        // (version, pointer to the schema or None)
        let mut versions: Vec<(String, Option<String>)> = Vec::new();
        let legacy_schema = spec.and_then(|s| s.at("/validation/openAPIV3Schema")).is_some();
        if let Some(list) = spec.and_then(|s| s.get("versions")).and_then(Value::as_array) {
            for (i, ver) in list.iter().enumerate() {
                let Some(vname) = ver.get("name").and_then(Value::as_str) else { continue };
                if ver.get("served").and_then(Value::as_bool) == Some(false) {
                    continue;
                }
                let own = ver.at("/schema/openAPIV3Schema").is_some();
                let pointer = if own {
                    Some(ptr(&["spec", "versions", &i.to_string(), "schema", "openAPIV3Schema"]))
                } else if legacy_schema {
                    Some("/spec/validation/openAPIV3Schema".to_string())
                } else {
                    None
                };
                versions.push((vname.to_string(), pointer));
            }
        } else if let Some(vname) = spec.and_then(|s| s.get("version")).and_then(Value::as_str) {
            // apiextensions.k8s.io/v1beta1 with a single `version`
            versions.push((
                vname.to_string(),
                legacy_schema.then(|| "/spec/validation/openAPIV3Schema".to_string()),
            ));
        }
        let entry =
            self.kinds.entry((group.to_string(), kind.to_string())).or_insert_with(|| (name, Vec::new()));
        for (vname, _) in &versions {
            if !entry.1.contains(vname) {
                entry.1.push(vname.clone());
            }
        }
        for (vname, pointer) in versions {
            let gvk = Gvk::new(group, &vname, kind);
            let Some(pointer) = pointer else {
                self.versions.entry(gvk).or_insert(Entry::NoSchema);
                continue;
            };
            let Some(schema) = v.at(&pointer) else { continue };
            match compile(schema, registry) {
                Ok(compiled) => {
                    for bad in &compiled.bad_patterns {
                        let at = format!("{pointer}{}", bad.pointer);
                        let span = doc.locate(&at).node.value_span();
                        let msg = format!(
                            "{}; ndlint does not check this field against it, the rest of the {kind} {group}/{vname} schema applies",
                            bad.describe()
                        );
                        out.push(finding(doc, &PATTERN_UNSUPPORTED, &at, span, msg));
                    }
                    self.versions.insert(gvk, Entry::Schema(Arc::new(compiled.validator)));
                }
                Err((at, e)) => {
                    // Meta-validation errors point into the converted schema, which mirrors the source.
                    let full = format!("{pointer}{at}");
                    let located = doc.locate(&full);
                    let span = if located.exact && !at.is_empty() {
                        located.node.value_span()
                    } else {
                        doc.locate(&pointer).node.key_span()
                    };
                    let msg = format!(
                        "the openAPIV3Schema of {kind} {group}/{vname} cannot be compiled, so its objects are not validated: {e}"
                    );
                    out.push(finding(doc, &INVALID, &full, span, msg));
                }
            }
        }
    }
}

impl CrdSet {
    /// Adds a JSON schema file of the datreeio/CRDs-catalog layout, `<dir>/{group}/{kind}_{version}.json`
    /// (already converted to JSON Schema; compiled as is, draft 4 unless it says otherwise).
    /// Returns false when the path does not have that shape; an error when it does not compile.
    pub fn add_catalog_schema(
        &mut self,
        path: &std::path::Path,
        schema: &Value,
        registry: &Registry<'static>,
    ) -> Result<bool, String> {
        let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
        let group = path.parent().and_then(|p| p.file_name()).and_then(|s| s.to_str()).unwrap_or("");
        let Some((kind, version)) = stem.rsplit_once('_') else { return Ok(false) };
        if kind.is_empty() || version.is_empty() || !group.contains('.') || !schema.is_object() {
            return Ok(false);
        }
        let compiled = compile(schema, registry)
            .map_err(|(_, e)| format!("{}: schema does not compile: {e}", path.display()))?;
        let schema = CatalogSchema {
            validator: compiled.validator,
            source: format!("the schema {}", path.display()),
            bad_patterns: compiled.bad_patterns,
        };
        self.catalog.insert(Gvk::new(group, version, &kind.to_ascii_lowercase()), Arc::new(schema));
        Ok(true)
    }
}

/// A `pattern` of a schema that ndlint cannot compile, left out of validation.
#[derive(Clone, Debug)]
pub struct BadPattern {
    /// Pointer to the `pattern` keyword in the source schema.
    pub pointer: String,
    pub pattern: String,
    pub error: String,
}

impl BadPattern {
    /// `the pattern `…` at /properties/spec/... is not a regular expression ndlint can compile (reason)`.
    pub fn describe(&self) -> String {
        let mut shown: String = self.pattern.chars().take(60).collect();
        if shown.len() < self.pattern.len() {
            shown.push('…');
        }
        format!(
            "the pattern `{shown}` at {} is not a regular expression ndlint can compile ({})",
            self.pointer, self.error
        )
    }
}

/// A schema ready for validation, and the patterns that had to be left out of it.
pub struct Compiled {
    pub validator: Validator,
    pub bad_patterns: Vec<BadPattern>,
}

/// The keyword `pattern`s are compiled under: RE2 syntax (the `regex` crate's), unlike JSON
/// Schema's ECMA 262 `pattern`, which rejects the inline flags Kubernetes accepts.
const RE2_PATTERN: &str = "x-ndlint-re2-pattern";

fn re2(pattern: &str) -> Result<regex::Regex, String> {
    regex::Regex::new(pattern).map_err(|e| {
        // The regex crate's errors draw the pattern over several lines; keep the last, the reason.
        let last =
            e.to_string().lines().rev().find(|l| !l.trim().is_empty()).unwrap_or_default().trim().to_string();
        last.strip_prefix("error: ").map_or(last.clone(), str::to_string)
    })
}

struct Re2Pattern {
    regex: regex::Regex,
}

impl<'i> jsonschema::Keyword<'i> for Re2Pattern {
    fn validate(&self, instance: &'i Value) -> Result<(), jsonschema::ValidationError<'i>> {
        if self.is_valid(instance) {
            return Ok(());
        }
        Err(jsonschema::ValidationError::custom(format!(
            "does not match the pattern `{}`",
            self.regex.as_str()
        )))
    }

    fn is_valid(&self, instance: &'i Value) -> bool {
        instance.as_str().is_none_or(|s| self.regex.is_match(s))
    }
}

/// Converts and compiles one `openAPIV3Schema`. The error carries a pointer into the schema.
pub fn compile(schema: &Value, registry: &Registry<'static>) -> Result<Compiled, (String, String)> {
    let mut bad_patterns = Vec::new();
    let converted = convert_root(schema, &mut bad_patterns);
    jsonschema::options()
        .with_draft(Draft::Draft4)
        .offline()
        .with_registry(registry)
        .with_pattern_options(PatternOptions::regex())
        .with_keyword(RE2_PATTERN, |_, value, _| {
            // `convert` only writes patterns that compile.
            let regex = re2(value.as_str().unwrap_or_default()).unwrap_or_else(|_| match_anything());
            Ok(Box::new(Re2Pattern { regex }))
        })
        .should_validate_formats(false)
        .build(&converted)
        .map(|validator| Compiled { validator, bad_patterns })
        .map_err(|e| (e.instance_path().as_str().to_string(), e.to_string()))
}

/// Unreachable in practice (patterns are checked before): a regex that accepts everything.
fn match_anything() -> regex::Regex {
    regex::Regex::new("").expect("the empty regex compiles")
}

/// Converts a CRD's root schema: the object carries `apiVersion`, `kind` and `metadata`.
pub fn convert_root(schema: &Value, bad: &mut Vec<BadPattern>) -> Value {
    let mut root = convert(schema, true, "", bad);
    if let Value::Object(obj) = &mut root {
        let props = obj.entry("properties").or_insert_with(|| Value::Object(Map::new()));
        if let Value::Object(props) = props {
            props.insert("apiVersion".into(), json!({"type": "string"}));
            props.insert("kind".into(), json!({"type": "string"}));
            props.insert(
                "metadata".into(),
                json!({"$ref": format!("{DEFS_URI}#/$defs/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta")}),
            );
        }
        let preserve =
            schema.get("x-kubernetes-preserve-unknown-fields").and_then(Value::as_bool) == Some(true);
        if !preserve && !obj.contains_key("additionalProperties") {
            obj.insert("additionalProperties".into(), Value::Bool(false));
        }
    }
    root
}

/// Converts an OpenAPI 3.0 structural schema node to draft 4; `strict` adds
/// `additionalProperties: false` next to `properties`. `at` is the node's pointer in the source
/// schema; patterns that cannot be compiled are left out and listed in `bad`.
pub fn convert(schema: &Value, strict: bool, at: &str, bad: &mut Vec<BadPattern>) -> Value {
    let Value::Object(src) = schema else { return schema.clone() };
    let mut out = Map::new();
    let below = |key: &str| {
        let mut p = at.to_string();
        pointer_push(&mut p, key);
        p
    };
    for (key, value) in src {
        let here = below(key);
        let sub = |s: &Value, strict: bool, seg: &str, bad: &mut Vec<BadPattern>| {
            let mut p = here.clone();
            if !seg.is_empty() {
                pointer_push(&mut p, seg);
            }
            convert(s, strict, &p, bad)
        };
        let converted = match key.as_str() {
            "properties" | "patternProperties" | "definitions" => match value {
                // Structural schemas have no boolean property schemas; generated catalogs sometimes
                // put a stray `additionalProperties: false` among the properties of a field named
                // `properties`, which draft 4 rejects.
                Value::Object(props) => Value::Object(
                    props
                        .iter()
                        .filter(|(_, s)| s.is_object())
                        .map(|(k, s)| (k.clone(), sub(s, true, k, &mut *bad)))
                        .collect(),
                ),
                other => other.clone(),
            },
            "items" => match value {
                Value::Array(list) => Value::Array(
                    list.iter().enumerate().map(|(i, s)| sub(s, true, &i.to_string(), &mut *bad)).collect(),
                ),
                other => sub(other, true, "", bad),
            },
            "additionalProperties" => match value {
                Value::Object(_) => sub(value, true, "", bad),
                other => other.clone(),
            },
            "allOf" | "anyOf" | "oneOf" => match value {
                Value::Array(list) => Value::Array(
                    list.iter().enumerate().map(|(i, s)| sub(s, false, &i.to_string(), &mut *bad)).collect(),
                ),
                other => other.clone(),
            },
            "not" => sub(value, false, "", bad),
            // Kubernetes reads patterns as RE2 (Go regexp), not as ECMA 262: `(?i)` is valid.
            "pattern" => match value {
                Value::String(pattern) => match re2(pattern) {
                    Ok(_) => {
                        out.insert(RE2_PATTERN.into(), value.clone());
                        continue;
                    }
                    Err(error) => {
                        bad.push(BadPattern { pointer: here, pattern: pattern.clone(), error });
                        continue;
                    }
                },
                other => other.clone(),
            },
            // annotations and Kubernetes extensions that draft 4 does not read
            "nullable" | "x-kubernetes-validations" | "example" | "externalDocs" | "discriminator" => {
                continue;
            }
            _ => value.clone(),
        };
        out.insert(key.clone(), converted);
    }
    let flag = |k: &str| src.get(k).and_then(Value::as_bool) == Some(true);
    if flag("x-kubernetes-int-or-string")
        || src.get("format").and_then(Value::as_str) == Some("int-or-string")
    {
        out.remove("type");
        out.remove("format");
        if !out.contains_key("anyOf") && !out.contains_key("oneOf") {
            out.insert("anyOf".into(), json!([{"type": "integer"}, {"type": "string"}]));
        }
    }
    if flag("x-kubernetes-embedded-resource") {
        let props = out.entry("properties").or_insert_with(|| Value::Object(Map::new()));
        if let Value::Object(props) = props {
            props.entry("apiVersion").or_insert_with(|| json!({"type": "string"}));
            props.entry("kind").or_insert_with(|| json!({"type": "string"}));
            props.entry("metadata").or_insert_with(|| json!({"type": "object"}));
        }
        let required = out.entry("required").or_insert_with(|| Value::Array(Vec::new()));
        if let Value::Array(req) = required {
            for k in ["apiVersion", "kind"] {
                if !req.iter().any(|r| r == k) {
                    req.push(Value::String(k.into()));
                }
            }
        }
    }
    if flag("nullable") {
        match out.get_mut("type") {
            Some(Value::String(t)) => {
                let t = std::mem::take(t);
                out.insert("type".into(), json!([t, "null"]));
            }
            Some(Value::Array(types)) if !types.iter().any(|t| t == "null") => types.push("null".into()),
            _ => {}
        }
        if let Some(Value::Array(values)) = out.get_mut("enum")
            && !values.iter().any(Value::is_null)
        {
            values.push(Value::Null);
        }
    }
    let preserve = flag("x-kubernetes-preserve-unknown-fields");
    if strict && out.contains_key("properties") && !out.contains_key("additionalProperties") && !preserve {
        out.insert("additionalProperties".into(), Value::Bool(false));
    }
    // The API server preserves unknown fields here even when the schema also says
    // `additionalProperties: false` (as generated catalogs do).
    if preserve && out.get("additionalProperties") == Some(&Value::Bool(false)) {
        out.remove("additionalProperties");
    }
    out.remove("x-kubernetes-preserve-unknown-fields");
    Value::Object(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_openapi_extensions() {
        let s = json!({
            "type": "object",
            "properties": {
                "port": {"x-kubernetes-int-or-string": true},
                "note": {"type": "string", "nullable": true},
                "free": {"type": "object", "x-kubernetes-preserve-unknown-fields": true, "properties": {"a": {"type": "string"}}},
                "tmpl": {"type": "object", "x-kubernetes-embedded-resource": true, "x-kubernetes-preserve-unknown-fields": true},
                "mode": {"type": "string", "enum": ["A", "B"], "nullable": true},
                "either": {"type": "object", "properties": {"a": {"type": "string"}, "b": {"type": "string"}},
                           "oneOf": [{"properties": {"a": {"type": "string"}}, "required": ["a"]}, {"required": ["b"]}]}
            }
        });
        let c = convert(&s, true, "", &mut Vec::new());
        assert_eq!(c["additionalProperties"], json!(false));
        assert_eq!(c["properties"]["port"]["anyOf"], json!([{"type": "integer"}, {"type": "string"}]));
        assert_eq!(c["properties"]["note"]["type"], json!(["string", "null"]));
        assert!(c["properties"]["free"].get("additionalProperties").is_none());
        assert_eq!(c["properties"]["tmpl"]["required"], json!(["apiVersion", "kind"]));
        assert_eq!(c["properties"]["mode"]["enum"], json!(["A", "B", null]));
        assert!(c["properties"]["either"]["oneOf"][0].get("additionalProperties").is_none());
        assert_eq!(c["properties"]["either"]["additionalProperties"], json!(false));
    }
}
