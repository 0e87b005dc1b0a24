//! Prometheus alerting and recording rules, in `PrometheusRule` objects and plain rule files.

pub mod invalid_duration;
pub mod invalid_promql;
pub mod missing_severity;
pub mod missing_summary;

use crate::document::Lookup;
use serde_json::Value;

use crate::document::Document;

/// True for a plain Prometheus rule file document: a mapping whose `groups` is a list of
/// mappings with `rules` lists, and which is not a Kubernetes object.
pub fn is_prometheus_rule_file(value: &Value) -> bool {
    !crate::parse::is_kubernetes_object(value)
        && value.get("groups").and_then(Value::as_array).is_some_and(|groups| {
            !groups.is_empty()
                && groups
                    .iter()
                    .all(|g| g.get("name").is_some() || g.get("rules").is_some_and(Value::is_array))
        })
}

/// The pointer to the `groups` list of a document: `/spec/groups` of a `PrometheusRule`,
/// `/groups` of a plain rule file.
pub fn groups_pointer(doc: &Document) -> Option<&'static str> {
    match doc.object.as_ref() {
        Some(o) if o.kind == "PrometheusRule" && o.api_version.starts_with("monitoring.coreos.com/") => {
            Some("/spec/groups")
        }
        None if is_prometheus_rule_file(&doc.value) => Some("/groups"),
        _ => None,
    }
}

/// One rule of a group, with its pointer.
pub struct RuleRef<'a> {
    pub pointer: String,
    pub value: &'a Value,
}

impl RuleRef<'_> {
    pub fn field(&self, path: &str) -> String {
        format!("{}/{path}", self.pointer)
    }

    /// The alert name, for alerting rules.
    pub fn alert(&self) -> Option<&str> {
        self.value.get("alert").and_then(Value::as_str)
    }

    /// `alert X` or `record X` for messages.
    pub fn label(&self) -> String {
        match (self.alert(), self.value.get("record").and_then(Value::as_str)) {
            (Some(a), _) => format!("alert `{a}`"),
            (None, Some(r)) => format!("recording rule `{r}`"),
            _ => "rule".into(),
        }
    }
}

/// Each group (pointer, value) of a document holding Prometheus rules.
pub fn groups(doc: &Document) -> Vec<(String, &Value)> {
    let Some(base) = groups_pointer(doc) else { return Vec::new() };
    let items = doc.value.at(base).and_then(Value::as_array).map(Vec::as_slice).unwrap_or(&[]);
    items.iter().enumerate().map(|(i, g)| (format!("{base}/{i}"), g)).collect()
}

/// Each rule of every group of a document.
pub fn rules(doc: &Document) -> Vec<RuleRef<'_>> {
    groups(doc)
        .into_iter()
        .flat_map(|(gp, g)| {
            let items = g.get("rules").and_then(Value::as_array).map(Vec::as_slice).unwrap_or(&[]);
            items
                .iter()
                .enumerate()
                .map(move |(i, value)| RuleRef { pointer: format!("{gp}/rules/{i}"), value })
        })
        .collect()
}

/// Validates a Prometheus duration (`model.ParseDuration`): units `y w d h m s ms`, each at most
/// once and in that order, integers only; `0` alone is valid.
pub fn check_duration(s: &str) -> Result<(), String> {
    if s == "0" {
        return Ok(());
    }
    if s.is_empty() {
        return Err("empty duration".into());
    }
    const UNITS: [&str; 7] = ["y", "w", "d", "h", "m", "s", "ms"];
    let mut next_unit = 0;
    let mut rest = s;
    while !rest.is_empty() {
        let digits = rest.find(|c: char| !c.is_ascii_digit()).unwrap_or(rest.len());
        if digits == 0 {
            return Err(format!("`{s}` is not a duration: expected a number at `{rest}`"));
        }
        let after = &rest[digits..];
        let unit_len = after.find(|c: char| c.is_ascii_digit()).unwrap_or(after.len());
        let unit = &after[..unit_len];
        if unit.is_empty() {
            return Err(format!("`{s}` is not a duration: missing unit (one of y, w, d, h, m, s, ms)"));
        }
        match UNITS.iter().position(|u| *u == unit) {
            Some(i) if i >= next_unit => next_unit = i + 1,
            Some(_) => return Err(format!("`{s}` is not a duration: units must appear once, largest first")),
            None => {
                return Err(format!(
                    "`{s}` is not a duration: unknown unit `{unit}` (use y, w, d, h, m, s, ms)"
                ));
            }
        }
        rest = &after[unit_len..];
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        for ok in ["0", "5m", "1h30m", "1w2d", "500ms", "1y"] {
            assert!(check_duration(ok).is_ok(), "{ok}");
        }
        for bad in ["", "5", "5 m", "1.5h", "30m1h", "10min", "m"] {
            assert!(check_duration(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn plain_rule_files_are_recognised() {
        let v = serde_json::json!({"groups": [{"name": "a", "rules": []}]});
        assert!(is_prometheus_rule_file(&v));
        assert!(!is_prometheus_rule_file(
            &serde_json::json!({"apiVersion": "v1", "kind": "X", "groups": []})
        ));
    }
}
