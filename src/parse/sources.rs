//! The repository files that rendered findings are mapped back to (templates, values files,
//! `Chart.yaml`, kustomizations, patches, base resources): each read and parsed at most once per
//! run, and shared by every chart variant and overlay that needs it.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use crate::parse::rendered::{display_path, normalize};
use crate::parse::yaml::{RawDocument, Stream, parse_stream};
use crate::source::{self, SourceFile};

/// One source file: its text, and its YAML documents once something asked for them.
pub struct Source {
    pub file: Arc<SourceFile>,
    stream: OnceLock<Stream>,
}

impl Source {
    /// The file's YAML documents, parsed on first use.
    pub fn documents(&self) -> &[RawDocument] {
        &self.stream.get_or_init(|| parse_stream(&self.file)).documents
    }

    /// The first document, when it is a mapping (a values file, a kustomization, `Chart.yaml`).
    pub fn first(&self) -> Option<&RawDocument> {
        self.documents().first().filter(|d| d.value.is_object())
    }
}

type Slot = Arc<OnceLock<Option<Arc<Source>>>>;

/// The run's cache of source files, keyed by absolute normalised path.
pub struct Sources {
    pub repo_root: PathBuf,
    files: Mutex<HashMap<PathBuf, Slot>>,
}

impl Sources {
    pub fn new(repo_root: &Path) -> Sources {
        let repo_root = std::fs::canonicalize(repo_root).unwrap_or_else(|_| normalize(repo_root));
        Sources { repo_root, files: Mutex::new(HashMap::new()) }
    }

    /// The file at `path` (absolute, or relative to the repository root), read on first use;
    /// `None` when it cannot be read as UTF-8 text.
    pub fn get(&self, path: &Path) -> Option<Arc<Source>> {
        let path = normalize(&self.repo_root.join(path));
        let slot: Slot = {
            let mut files = self.files.lock().unwrap_or_else(|e| e.into_inner());
            files.entry(path.clone()).or_default().clone()
        };
        slot.get_or_init(|| {
            let text = String::from_utf8(source::read_file(&path).ok()?).ok()?;
            let file = SourceFile::new(display_path(&path, &self.repo_root), text);
            Some(Arc::new(Source { file, stream: OnceLock::new() }))
        })
        .clone()
    }
}
