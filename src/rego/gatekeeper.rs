//! Gatekeeper ConstraintTemplates and Constraints, and `gator verify` suites.

use std::io::Write;
use std::path::Path;

/// Runs one `gator verify` suite; returns true when every case passed.
pub fn verify_suite(path: &Path, out: &mut dyn Write) -> anyhow::Result<bool> {
    writeln!(out, "SKIP {} (Gatekeeper suites are not supported yet)", path.display())?;
    Ok(false)
}
