//! Benchmark mappings (`--benchmark cis-k8s|pss-baseline|pss-restricted`) and the README rule table,
//! both derived from the built-in rules' references.

use super::{RuleMeta, builtin};

/// The benchmarks `--benchmark` accepts.
pub const BENCHMARKS: [&str; 3] = ["cis-k8s", "pss-baseline", "pss-restricted"];

/// The CIS Kubernetes Benchmark controls a rule maps to (`5.1.1`, …).
pub fn cis_controls(meta: &RuleMeta) -> Vec<&'static str> {
    meta.references.iter().filter_map(|r| r.strip_prefix("CIS Kubernetes ")).map(str::trim).collect()
}

/// The Pod Security Standards controls a rule maps to, as `baseline: …` / `restricted: …`.
pub fn pss_controls(meta: &RuleMeta) -> Vec<&'static str> {
    meta.references.iter().filter_map(|r| r.strip_prefix("PSS ")).map(str::trim).collect()
}

/// The NSA/CISA Kubernetes Hardening Guide sections a rule maps to.
pub fn nsa_sections(meta: &RuleMeta) -> Vec<&'static str> {
    meta.references
        .iter()
        .filter_map(|r| r.strip_prefix("NSA/CISA Kubernetes Hardening Guide: "))
        .map(str::trim)
        .collect()
}

fn in_pss_level(meta: &RuleMeta, level: &str) -> bool {
    meta.tags.contains(&format!("pss-{level}").as_str())
        || pss_controls(meta).iter().any(|c| c.to_ascii_lowercase().starts_with(level))
}

/// True when the rule belongs to the benchmark. The restricted profile includes the baseline one.
pub fn in_benchmark(meta: &RuleMeta, benchmark: &str) -> Option<bool> {
    Some(match benchmark {
        "cis-k8s" => meta.tags.contains(&"cis-k8s") || !cis_controls(meta).is_empty(),
        "pss-baseline" => in_pss_level(meta, "baseline"),
        "pss-restricted" => in_pss_level(meta, "baseline") || in_pss_level(meta, "restricted"),
        _ => return None,
    })
}

/// The ids of the built-in rules of a benchmark (`cis-k8s`, `pss-baseline`, `pss-restricted`), or
/// `None` for an unknown benchmark name. Rules that are off by default are included: selecting a
/// benchmark means running all of its checks.
pub fn benchmark_rules(name: &str) -> Option<Vec<&'static str>> {
    let mut ids = Vec::new();
    for rule in builtin() {
        if in_benchmark(rule.meta(), name)? {
            ids.push(rule.meta().id);
        }
    }
    Some(ids)
}

fn cell(text: &str) -> String {
    text.replace('|', "\\|")
}

/// The README rule table in Markdown: every built-in rule with its severity, summary and its CIS,
/// PSS and NSA/CISA references, sorted by id.
pub fn rules_markdown() -> String {
    let mut rules: Vec<&'static RuleMeta> = builtin().iter().map(|r| r.meta()).collect();
    rules.sort_by_key(|m| m.id);
    let mut out = String::from(
        "| Rule | Severity | Summary | CIS Kubernetes 1.9 | Pod Security Standards | NSA/CISA guide |\n",
    );
    out.push_str("|---|---|---|---|---|---|\n");
    for m in rules {
        let cis = cis_controls(m).join(", ");
        let pss = pss_controls(m).join(", ");
        let nsa = nsa_sections(m).join(", ");
        let default = if m.default_enabled { "" } else { " (off by default)" };
        out.push_str(&format!(
            "| `{}` | {} | {}{default} | {} | {} | {} |\n",
            m.id,
            m.severity,
            cell(m.summary),
            cell(&cis),
            cell(&pss),
            cell(&nsa)
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cis_benchmark_lists_rbac_rules_and_unknown_names_are_none() {
        let cis = benchmark_rules("cis-k8s").unwrap_or_default();
        assert!(cis.contains(&"k8s-rbac-cluster-admin-binding"));
        assert!(!cis.contains(&"k8s-probes-identical"));
        assert!(benchmark_rules("cis-2.0").is_none());
    }

    #[test]
    fn table_has_a_row_per_rule() {
        let md = rules_markdown();
        assert_eq!(md.lines().count(), builtin().len() + 2);
        assert!(md.contains("| `k8s-rbac-cluster-admin-binding` | high | "));
        assert!(md.contains("| 5.1.1 |  | RBAC |"));
        assert!(md.contains("(off by default)"));
    }
}
