//! Kubernetes rules, one per file.

use super::Rule;

pub static ALL: &[&dyn Rule] = &[];
