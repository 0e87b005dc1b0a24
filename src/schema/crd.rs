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
use std::sync::Arc;

use jsonschema::{Draft, PatternOptions, Registry, Validator};
use serde_json::{Map, Value, json};

use super::{DEFS_URI, Gvk, INVALID, finding};
use crate::document::{Document, ptr};
use crate::finding::Finding;

/// What the CRDs of the run know about a GVK.
pub enum Lookup {
    Schema(Arc<Validator>),
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
    catalog: HashMap<Gvk, Arc<Validator>>,
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

    pub fn lookup(&self, gvk: &Gvk) -> Lookup {
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
                    self.catalog.get(&lower).map_or(Lookup::Unknown, |v| Lookup::Schema(v.clone()))
                }
            },
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
                Ok(validator) => {
                    self.versions.insert(gvk, Entry::Schema(Arc::new(validator)));
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
        let validator = jsonschema::options()
            .with_draft(Draft::Draft4)
            .offline()
            .with_registry(registry)
            .with_pattern_options(PatternOptions::regex())
            .should_validate_formats(false)
            .build(schema)
            .map_err(|e| format!("{}: schema does not compile: {e}", path.display()))?;
        self.catalog.insert(Gvk::new(group, version, &kind.to_ascii_lowercase()), Arc::new(validator));
        Ok(true)
    }
}

/// Converts and compiles one `openAPIV3Schema`. The error carries a pointer into the schema.
pub fn compile(schema: &Value, registry: &Registry<'static>) -> Result<Validator, (String, String)> {
    let converted = convert_root(schema);
    jsonschema::options()
        .with_draft(Draft::Draft4)
        .offline()
        .with_registry(registry)
        .with_pattern_options(PatternOptions::regex())
        .should_validate_formats(false)
        .build(&converted)
        .map_err(|e| (e.instance_path().as_str().to_string(), e.to_string()))
}

/// Converts a CRD's root schema: the object carries `apiVersion`, `kind` and `metadata`.
pub fn convert_root(schema: &Value) -> Value {
    let mut root = convert(schema, true);
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
        let preserve = obj.get("x-kubernetes-preserve-unknown-fields").and_then(Value::as_bool) == Some(true);
        if !preserve && !obj.contains_key("additionalProperties") {
            obj.insert("additionalProperties".into(), Value::Bool(false));
        }
    }
    root
}

/// Converts an OpenAPI 3.0 structural schema node to draft 4; `strict` adds
/// `additionalProperties: false` next to `properties`.
pub fn convert(schema: &Value, strict: bool) -> Value {
    let Value::Object(src) = schema else { return schema.clone() };
    let mut out = Map::new();
    for (key, value) in src {
        let converted = match key.as_str() {
            "properties" | "patternProperties" | "definitions" => match value {
                Value::Object(props) => {
                    Value::Object(props.iter().map(|(k, s)| (k.clone(), convert(s, true))).collect())
                }
                other => other.clone(),
            },
            "items" => match value {
                Value::Array(list) => Value::Array(list.iter().map(|s| convert(s, true)).collect()),
                other => convert(other, true),
            },
            "additionalProperties" => match value {
                Value::Object(_) => convert(value, true),
                other => other.clone(),
            },
            "allOf" | "anyOf" | "oneOf" => match value {
                Value::Array(list) => Value::Array(list.iter().map(|s| convert(s, false)).collect()),
                other => other.clone(),
            },
            "not" => convert(value, false),
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
    if strict
        && out.contains_key("properties")
        && !out.contains_key("additionalProperties")
        && !flag("x-kubernetes-preserve-unknown-fields")
    {
        out.insert("additionalProperties".into(), Value::Bool(false));
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
        let c = convert(&s, true);
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
