//! The git checkout a report's root is in, read from `.git` files directly (no `git` process, no
//! network): the commit, the branch and the `origin` remote, for SARIF `versionControlProvenance`.

use std::path::{Path, PathBuf};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Checkout {
    /// The commit `HEAD` resolves to (40 or 64 hex digits).
    pub revision: String,
    /// The branch checked out; `None` on a detached `HEAD`.
    pub branch: Option<String>,
    /// The `origin` remote's URL (else the first remote's) with credentials removed; `None` when
    /// there is none or it is not a URL (an scp-like `git@host:path` or a local path).
    pub remote: Option<String>,
}

/// The checkout whose work tree is `root`, or `None` when `root` holds no readable `.git`.
pub fn checkout(root: &Path) -> Option<Checkout> {
    let git_dir = git_dir(root)?;
    // A linked worktree keeps HEAD in its own directory and refs/config in the common one.
    let common = std::fs::read_to_string(git_dir.join("commondir"))
        .ok()
        .map(|c| git_dir.join(c.trim()))
        .unwrap_or_else(|| git_dir.clone());
    let head = std::fs::read_to_string(git_dir.join("HEAD")).ok()?;
    let head = head.trim();
    let (revision, branch) = match head.strip_prefix("ref:") {
        Some(reference) => {
            let reference = reference.trim();
            let revision = resolve(&git_dir, &common, reference)?;
            (revision, reference.strip_prefix("refs/heads/").map(str::to_string))
        }
        None => (head.to_string(), None),
    };
    if !is_object_id(&revision) {
        return None;
    }
    let config = std::fs::read_to_string(common.join("config")).unwrap_or_default();
    Some(Checkout { revision, branch, remote: remote_url(&config).and_then(|u| without_credentials(&u)) })
}

/// `root/.git` as a directory, or the directory a `.git` file (`gitdir: …`) points to.
fn git_dir(root: &Path) -> Option<PathBuf> {
    let dot_git = root.join(".git");
    if dot_git.is_dir() {
        return Some(dot_git);
    }
    let text = std::fs::read_to_string(&dot_git).ok()?;
    let target = text.lines().find_map(|l| l.strip_prefix("gitdir:"))?.trim();
    Some(root.join(target))
}

/// A ref's commit: its loose file, else its line in `packed-refs`.
fn resolve(git_dir: &Path, common: &Path, reference: &str) -> Option<String> {
    for dir in [git_dir, common] {
        if let Ok(text) = std::fs::read_to_string(dir.join(reference)) {
            return Some(text.trim().to_string());
        }
    }
    let packed = std::fs::read_to_string(common.join("packed-refs")).ok()?;
    packed.lines().find_map(|line| {
        let (id, name) = line.split_once(' ')?;
        (name.trim() == reference).then(|| id.to_string())
    })
}

fn is_object_id(s: &str) -> bool {
    matches!(s.len(), 40 | 64) && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// The `url` of `[remote "origin"]`, else of the first remote section of a git config.
fn remote_url(config: &str) -> Option<String> {
    let mut section: Option<String> = None;
    let mut urls: Vec<(String, String)> = Vec::new();
    for line in config.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            section = line
                .strip_prefix("[remote")
                .and_then(|rest| rest.trim().strip_suffix(']'))
                .map(|name| name.trim().trim_matches('"').to_string());
        } else if let (Some(name), Some((key, value))) = (&section, line.split_once('='))
            && key.trim() == "url"
        {
            urls.push((name.clone(), value.trim().trim_matches('"').to_string()));
        }
    }
    let origin = urls.iter().find(|(name, _)| name == "origin").or(urls.first());
    origin.map(|(_, url)| url.clone())
}

/// A URL (`scheme://…`) without its `user:password@`; `None` for anything that is not a URL.
pub fn without_credentials(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    if scheme.is_empty() || !scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    {
        return None;
    }
    let authority_end = rest.find('/').unwrap_or(rest.len());
    let (authority, path) = rest.split_at(authority_end);
    let host = authority.rsplit_once('@').map_or(authority, |(_, host)| host);
    if host.is_empty() && scheme != "file" {
        return None;
    }
    Some(format!("{scheme}://{host}{path}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_are_stripped_and_non_urls_dropped() {
        assert_eq!(
            without_credentials("https://x-access-token:ghs_secret@github.com/o/r.git").as_deref(),
            Some("https://github.com/o/r.git")
        );
        assert_eq!(without_credentials("ssh://git@host:22/o/r").as_deref(), Some("ssh://host:22/o/r"));
        assert_eq!(without_credentials("https://github.com/o/r").as_deref(), Some("https://github.com/o/r"));
        assert_eq!(without_credentials("git@github.com:o/r.git"), None);
        assert_eq!(without_credentials("/srv/git/r.git"), None);
    }

    #[test]
    fn origin_wins_over_other_remotes() {
        let config = "[core]\n\turl = nope\n[remote \"upstream\"]\n\turl = https://a/u\n[remote \"origin\"]\n\turl = https://a/o\n";
        assert_eq!(remote_url(config).as_deref(), Some("https://a/o"));
        assert_eq!(remote_url("[remote \"fork\"]\n url = https://a/f\n").as_deref(), Some("https://a/f"));
    }

    #[test]
    fn head_resolves_through_loose_and_packed_refs() {
        let dir = tempfile::tempdir().unwrap();
        let git = dir.path().join(".git");
        std::fs::create_dir_all(git.join("refs/heads")).unwrap();
        let id = "0123456789abcdef0123456789abcdef01234567";
        std::fs::write(git.join("HEAD"), "ref: refs/heads/main\n").unwrap();
        std::fs::write(git.join("packed-refs"), format!("# pack-refs with: peeled\n{id} refs/heads/main\n"))
            .unwrap();
        std::fs::write(git.join("config"), "[remote \"origin\"]\n\turl = https://u:p@example.com/r.git\n")
            .unwrap();
        let c = checkout(dir.path()).unwrap();
        assert_eq!(c.revision, id);
        assert_eq!(c.branch.as_deref(), Some("main"));
        assert_eq!(c.remote.as_deref(), Some("https://example.com/r.git"));

        std::fs::write(git.join("HEAD"), format!("{id}\n")).unwrap();
        assert_eq!(checkout(dir.path()).unwrap().branch, None, "detached HEAD has no branch");
        assert_eq!(checkout(tempfile::tempdir().unwrap().path()), None);
    }
}
