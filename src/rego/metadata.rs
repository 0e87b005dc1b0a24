//! `# METADATA` annotation blocks, parsed with OPA's grammar (regorus drops comments).
//!
//! A block starts at a comment whose text begins with `METADATA`, continues with each comment on
//! the very next row whose `#` is at column 1 (each loses at most one leading space), and attaches
//! to the first statement on a later row. Its YAML gives a rule's id (`custom.id`), severity
//! (`custom.severity`), summary (`title`) and docs (`description`, `related_resources`,
//! `custom.recommended_actions`).

use crate::document::Lookup;
use serde_json::Value;

use crate::finding::Severity;
use crate::source::SourceFile;

/// One annotation block.
#[derive(Clone, Debug)]
pub struct Annotation {
    /// 1-based line of the statement the block attaches to (0 when nothing follows it).
    pub target_line: u32,
    /// 1-based line of the `# METADATA` comment.
    pub line: u32,
    /// `rule`, `document`, `package` or `subpackages` (empty when not given).
    pub scope: String,
    pub value: Value,
}

/// A malformed block: the YAML did not parse or was empty.
#[derive(Clone, Debug)]
pub struct MetadataError {
    pub line: u32,
    pub message: String,
}

/// Finds every `# METADATA` block of a Rego source.
pub fn parse(text: &str) -> Result<Vec<Annotation>, MetadataError> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let Some(comment) = comment_text(lines[i]) else {
            i += 1;
            continue;
        };
        if !comment.trim_start().starts_with("METADATA") {
            i += 1;
            continue;
        }
        let start = i;
        let mut yaml = String::new();
        i += 1;
        while let Some(line) = lines.get(i).filter(|l| l.starts_with('#')) {
            let body = &line[1..];
            yaml.push_str(body.strip_prefix(' ').unwrap_or(body));
            yaml.push('\n');
            i += 1;
        }
        let line = start as u32 + 1;
        if yaml.trim().is_empty() {
            return Err(MetadataError { line, message: "expected METADATA block, found whitespace".into() });
        }
        let file = SourceFile::new("<metadata>", yaml);
        let stream = crate::parse::yaml::parse_stream(&file);
        if let Some(e) = stream.errors.first() {
            let at = file.line_col(e.span.start).line as u32;
            return Err(MetadataError {
                line: line + at,
                message: format!("invalid METADATA YAML: {}", e.message),
            });
        }
        let value = stream.documents.into_iter().next().map(|d| d.value).unwrap_or(Value::Null);
        if !value.is_object() {
            return Err(MetadataError { line, message: "METADATA block must be a YAML mapping".into() });
        }
        let target_line = lines[i..]
            .iter()
            .position(|l| {
                let t = l.trim();
                !t.is_empty() && !t.starts_with('#')
            })
            .map_or(0, |p| (i + p) as u32 + 1);
        let scope = value.get("scope").and_then(Value::as_str).unwrap_or_default().to_string();
        out.push(Annotation { target_line, line, scope, value });
    }
    Ok(out)
}

fn comment_text(line: &str) -> Option<&str> {
    line.trim_start().strip_prefix('#')
}

/// What ndlint reads from an annotation.
#[derive(Clone, Debug, Default)]
pub struct RuleMetadata {
    pub id: Option<String>,
    pub severity: Option<Severity>,
    pub title: Option<String>,
    pub description: Option<String>,
    pub references: Vec<String>,
    pub recommended_actions: Option<String>,
}

impl RuleMetadata {
    pub fn from_value(v: &Value) -> RuleMetadata {
        let s = |p: &str| v.at(p).and_then(Value::as_str).map(str::to_string);
        let references = v
            .get("related_resources")
            .and_then(Value::as_array)
            .map(|items| {
                items
                    .iter()
                    .filter_map(|r| match r {
                        Value::String(s) => Some(s.clone()),
                        Value::Object(o) => o.get("ref").and_then(Value::as_str).map(str::to_string),
                        _ => None,
                    })
                    .collect()
            })
            .unwrap_or_default();
        let recommended_actions = match v.at("/custom/recommended_actions") {
            Some(Value::String(s)) => Some(s.clone()),
            Some(Value::Array(items)) => {
                Some(items.iter().filter_map(Value::as_str).collect::<Vec<_>>().join("\n"))
            }
            _ => None,
        };
        RuleMetadata {
            id: s("/custom/id"),
            severity: s("/custom/severity").and_then(|x| x.parse().ok()),
            title: s("/title"),
            description: s("/description"),
            references,
            recommended_actions,
        }
    }

    /// Fills the fields this one lacks from `other` (several blocks may target one rule).
    pub fn merge(&mut self, other: RuleMetadata) {
        self.id = self.id.take().or(other.id);
        self.severity = self.severity.or(other.severity);
        self.title = self.title.take().or(other.title);
        self.description = self.description.take().or(other.description);
        self.recommended_actions = self.recommended_actions.take().or(other.recommended_actions);
        for r in other.references {
            if !self.references.contains(&r) {
                self.references.push(r);
            }
        }
    }

    /// Markdown documentation: description, recommended actions, related resources.
    pub fn docs(&self) -> String {
        let mut docs = self.description.clone().unwrap_or_default();
        if let Some(a) = &self.recommended_actions {
            docs.push_str("\n\n**How to fix:** ");
            docs.push_str(a);
        }
        if !self.references.is_empty() {
            docs.push_str("\n\n**References:**\n");
            for r in &self.references {
                docs.push_str(&format!("- {r}\n"));
            }
        }
        docs.trim().to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn block_attaches_to_next_statement() {
        let src = "package main\n\n# METADATA\n# title: No root\n# custom:\n#   id: k8s-no-root\n#   severity: critical\n\ndeny contains msg if {\n  true\n}\n";
        let anns = parse(src).unwrap();
        assert_eq!(anns.len(), 1);
        assert_eq!(anns[0].target_line, 9);
        let m = RuleMetadata::from_value(&anns[0].value);
        assert_eq!(m.id.as_deref(), Some("k8s-no-root"));
        assert_eq!(m.severity, Some(Severity::Critical));
        assert_eq!(m.title.as_deref(), Some("No root"));
    }

    #[test]
    fn indented_comment_ends_block_and_empty_block_errors() {
        let src = "# METADATA\n# title: x\n  # description: not part\npackage p\n";
        let anns = parse(src).unwrap();
        assert_eq!(anns[0].value.get("description"), None);
        assert_eq!(anns[0].target_line, 4);
        assert!(parse("# METADATA\npackage p\n").is_err());
    }
}
