//! IAM policy documents as rules see them: from a JSON policy string, or, when the string is only
//! known after apply, from the `data "aws_iam_policy_document"` it references.

use serde_json::Value;

use super::{PlanResource, PlanView, strip_index};

#[derive(Clone, Debug, Default)]
pub struct Condition {
    pub test: String,
    pub variable: String,
    pub values: Vec<String>,
}

#[derive(Clone, Debug, Default)]
pub struct Statement {
    pub allow: bool,
    pub actions: Vec<String>,
    /// `NotAction` was used (the statement covers everything *but* `actions`).
    pub not_action: bool,
    pub resources: Vec<String>,
    pub not_resource: bool,
    /// `(type, identifier)`: `("AWS", "*")`, `("Federated", "arn:…:oidc-provider/…")`, `("*", "*")`.
    pub principals: Vec<(String, String)>,
    pub conditions: Vec<Condition>,
}

impl Statement {
    /// What makes the statement administrator access on `*` resources: `*`/`*:*` actions,
    /// `iam:*` (which grants itself anything else) or `NotAction`; `None` otherwise.
    pub fn admin_action(&self) -> Option<&str> {
        if !self.allow || !(self.not_resource || self.resources.iter().any(|r| r == "*")) {
            return None;
        }
        if self.not_action {
            return Some("NotAction");
        }
        self.actions
            .iter()
            .map(String::as_str)
            .find(|a| matches!(a.to_ascii_lowercase().as_str(), "*" | "*:*" | "iam:*"))
    }

    /// The principal is anyone (`"*"` or `{"AWS": "*"}`).
    pub fn principal_is_anyone(&self) -> bool {
        self.principals.iter().any(|(t, id)| (t == "*" || t == "AWS") && id == "*")
    }

    /// Allows anyone, with no condition narrowing it down.
    pub fn is_public_allow(&self) -> bool {
        self.allow && self.principal_is_anyone() && self.conditions.is_empty()
    }

    /// `Deny` when `aws:SecureTransport` is false.
    pub fn denies_insecure_transport(&self) -> bool {
        !self.allow
            && self.conditions.iter().any(|c| {
                c.test.eq_ignore_ascii_case("Bool")
                    && c.variable.eq_ignore_ascii_case("aws:SecureTransport")
                    && c.values.iter().any(|v| v.eq_ignore_ascii_case("false"))
            })
    }

    pub fn has_condition_on(&self, variable: &str) -> bool {
        self.conditions.iter().any(|c| c.variable.eq_ignore_ascii_case(variable))
    }
}

fn strings(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).map(str::to_string).collect(),
        _ => Vec::new(),
    }
}

/// Parses a JSON policy document string; `None` when it is not valid JSON.
pub fn parse_json(text: &str) -> Option<Vec<Statement>> {
    let doc: Value = serde_json::from_str(text).ok()?;
    let stmts = match doc.get("Statement")? {
        Value::Array(a) => a.clone(),
        o @ Value::Object(_) => vec![o.clone()],
        _ => return None,
    };
    Some(
        stmts
            .iter()
            .map(|s| {
                let mut st = Statement {
                    allow: s
                        .get("Effect")
                        .and_then(Value::as_str)
                        .is_none_or(|e| e.eq_ignore_ascii_case("Allow")),
                    ..Default::default()
                };
                st.not_action = s.get("NotAction").is_some();
                st.actions = strings(s.get("Action").or_else(|| s.get("NotAction")));
                st.not_resource = s.get("NotResource").is_some();
                st.resources = strings(s.get("Resource").or_else(|| s.get("NotResource")));
                match s.get("Principal") {
                    Some(Value::String(p)) => st.principals.push(("*".into(), p.clone())),
                    Some(Value::Object(m)) => {
                        for (t, ids) in m {
                            for id in strings(Some(ids)) {
                                st.principals.push((t.clone(), id));
                            }
                        }
                    }
                    _ => {}
                }
                for (test, vars) in s.get("Condition").and_then(Value::as_object).into_iter().flatten() {
                    for (variable, values) in vars.as_object().into_iter().flatten() {
                        let values = match values {
                            Value::Bool(b) => vec![b.to_string()],
                            other => strings(Some(other)),
                        };
                        st.conditions.push(Condition {
                            test: test.clone(),
                            variable: variable.clone(),
                            values,
                        });
                    }
                }
                st
            })
            .collect(),
    )
}

/// The statements of a `data "aws_iam_policy_document"`'s planned value (known parts only).
pub fn from_policy_document(after: &Value) -> Vec<Statement> {
    let list = |v: &Value, k: &str| v.get(k).and_then(Value::as_array).cloned().unwrap_or_default();
    list(after, "statement")
        .iter()
        .map(|s| {
            let mut st = Statement {
                allow: s
                    .get("effect")
                    .and_then(Value::as_str)
                    .is_none_or(|e| e.eq_ignore_ascii_case("Allow")),
                ..Default::default()
            };
            let na = strings(s.get("not_actions"));
            st.not_action = !na.is_empty();
            st.actions = if st.not_action { na } else { strings(s.get("actions")) };
            let nr = strings(s.get("not_resources"));
            st.not_resource = !nr.is_empty();
            st.resources = if st.not_resource { nr } else { strings(s.get("resources")) };
            for p in list(s, "principals") {
                let t = p.get("type").and_then(Value::as_str).unwrap_or("").to_string();
                for id in strings(p.get("identifiers")) {
                    st.principals.push((t.clone(), id));
                }
            }
            for c in list(s, "condition") {
                st.conditions.push(Condition {
                    test: c.get("test").and_then(Value::as_str).unwrap_or("").into(),
                    variable: c.get("variable").and_then(Value::as_str).unwrap_or("").into(),
                    values: strings(c.get("values")),
                });
            }
            st
        })
        .collect()
}

/// The policy of attribute `attr` (`/policy`): parsed from the planned JSON string, or, when that
/// is unknown until apply, from the referenced `data.aws_iam_policy_document`. `None` when neither
/// is available (unknown is never a violation).
pub fn resolve(r: &PlanResource<'_>, attr: &str, view: &PlanView<'_>) -> Option<Vec<Statement>> {
    if let Some(s) = r.str(&format!("/{attr}")) {
        return parse_json(s);
    }
    let refs = r.references(attr);
    let data = refs.iter().find_map(|x| {
        let x = strip_index(x);
        let local = x.strip_suffix(".json").unwrap_or(&x).to_string();
        local.starts_with("data.aws_iam_policy_document.").then_some(local)
    })?;
    let d = view
        .resources
        .iter()
        .find(|d| d.mode == "data" && d.module_path == r.module_path && d.local_address() == data)?;
    if let Some(json) = d.str("/json") {
        return parse_json(json);
    }
    Some(from_policy_document(d.after))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_statements() {
        let s = parse_json(
            r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":["*"],"Principal":{"AWS":"*"}}}"#,
        )
        .unwrap();
        assert_eq!(s[0].admin_action(), Some("*"));
        let iam =
            parse_json(r#"{"Statement":[{"Effect":"Allow","Action":["s3:Get*","IAM:*"],"Resource":"*"}]}"#);
        assert_eq!(iam.unwrap()[0].admin_action(), Some("IAM:*"));
        let scoped = parse_json(
            r#"{"Statement":[{"Effect":"Allow","Action":"iam:*","Resource":"arn:aws:iam::1:role/x"}]}"#,
        );
        assert_eq!(scoped.unwrap()[0].admin_action(), None);
        assert!(s[0].is_public_allow());
        let d = parse_json(
            r#"{"Statement":[{"Effect":"Deny","Action":"s3:*","Principal":"*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}"#,
        )
        .unwrap();
        assert!(d[0].denies_insecure_transport());
    }
}
