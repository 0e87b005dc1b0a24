//! Source files, byte spans and the conversion from bytes to 1-based line/column.

use std::path::Path;
use std::sync::{Arc, OnceLock};

/// Reads a repository file's bytes. Every read of an input goes through here, so that
/// `NDLINT_TRACE_IO=1` can show that each file is read once per run.
pub fn read_file(path: &Path) -> std::io::Result<Vec<u8>> {
    trace("read", &path.to_string_lossy());
    std::fs::read(path)
}

/// With `NDLINT_TRACE_IO` set, writes `ndlint-trace: <event> <what>` to stderr: reads of input
/// files and entries into the YAML/JSON parsers (tests use it to prove each file is parsed once).
pub fn trace(event: &str, what: &str) {
    static ON: OnceLock<bool> = OnceLock::new();
    if *ON.get_or_init(|| std::env::var_os("NDLINT_TRACE_IO").is_some()) {
        eprintln!("ndlint-trace: {event} {what}");
    }
}

/// A half-open byte range `[start, end)` in a [`SourceFile`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        let clamp = |v: usize| u32::try_from(v).unwrap_or(u32::MAX);
        Span { start: clamp(start), end: clamp(end.max(start)) }
    }

    pub fn len(&self) -> usize {
        (self.end - self.start) as usize
    }

    pub fn is_empty(&self) -> bool {
        self.end == self.start
    }
}

/// A 1-based line and a 1-based column counted in Unicode code points.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

/// One input file (or stdin) with its text and a line index, shared by every document parsed from it.
#[derive(Debug)]
pub struct SourceFile {
    /// Path shown to users and written to reports: relative to the repository root, `/`-separated.
    pub path: String,
    pub text: String,
    line_starts: Vec<u32>,
    ascii: bool,
}

impl SourceFile {
    pub fn new(path: impl Into<String>, text: impl Into<String>) -> Arc<SourceFile> {
        let text = text.into();
        let mut line_starts = vec![0u32];
        line_starts
            .extend(memchr_iter(b'\n', text.as_bytes()).map(|i| u32::try_from(i + 1).unwrap_or(u32::MAX)));
        let ascii = text.is_ascii();
        Arc::new(SourceFile { path: path.into(), text, line_starts, ascii })
    }

    /// Number of lines (a trailing newline does not start a new line).
    pub fn line_count(&self) -> usize {
        let n = self.line_starts.len();
        if n > 1 && self.line_starts[n - 1] as usize == self.text.len() { n - 1 } else { n }
    }

    /// Byte offset of the start of a 1-based line (clamped to the text).
    pub fn line_start(&self, line: usize) -> usize {
        let idx = line.saturating_sub(1).min(self.line_starts.len() - 1);
        self.line_starts[idx] as usize
    }

    /// The text of a 1-based line without its line terminator.
    pub fn line_text(&self, line: usize) -> &str {
        let start = self.line_start(line);
        let end =
            self.line_starts.get(line).map(|&e| e as usize).unwrap_or(self.text.len()).min(self.text.len());
        let s = self.text.get(start..end).unwrap_or("");
        s.trim_end_matches(['\n', '\r'])
    }

    /// Converts a byte offset to a 1-based line and a 1-based code-point column.
    pub fn line_col(&self, offset: u32) -> LineCol {
        let offset = (offset as usize).min(self.text.len());
        let line_idx = match self.line_starts.binary_search(&(offset as u32)) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.line_starts[line_idx] as usize;
        let column = if self.ascii {
            offset - start + 1
        } else {
            self.text.get(start..offset).map_or(offset - start, |s| s.chars().count()) + 1
        };
        LineCol { line: line_idx + 1, column }
    }

    /// Converts a 1-based line and 0-based code-point column (as YAML parsers report) to a byte offset.
    pub fn offset_of(&self, line: usize, char_col: usize) -> usize {
        let start = self.line_start(line);
        if self.ascii {
            return (start + char_col).min(self.text.len());
        }
        let rest = &self.text[start..];
        rest.char_indices().nth(char_col).map_or(start + rest.len(), |(i, _)| start + i)
    }

    /// Converts a code-point index from the start of the text to a byte offset.
    /// `hint` is a (char index, byte offset) pair at or before `index`, to avoid rescanning.
    pub fn char_to_byte(&self, index: usize, hint: &mut (usize, usize)) -> usize {
        if self.ascii {
            return index.min(self.text.len());
        }
        if index < hint.0 {
            *hint = (0, 0);
        }
        let (mut ci, mut bi) = *hint;
        let bytes = self.text.as_bytes();
        while ci < index && bi < bytes.len() {
            bi += utf8_len(bytes[bi]);
            ci += 1;
        }
        *hint = (ci, bi);
        bi
    }

    pub fn span_start(&self, span: Span) -> LineCol {
        self.line_col(span.start)
    }

    pub fn span_end(&self, span: Span) -> LineCol {
        self.line_col(span.end)
    }
}

fn utf8_len(first: u8) -> usize {
    match first {
        0x00..=0x7F => 1,
        0xC0..=0xDF => 2,
        0xE0..=0xEF => 3,
        _ => 4,
    }
}

fn memchr_iter(needle: u8, haystack: &[u8]) -> impl Iterator<Item = usize> + '_ {
    haystack.iter().enumerate().filter(move |(_, b)| **b == needle).map(|(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_code_points() {
        let f = SourceFile::new("x.yaml", "a: 1\nnäme: ü\n");
        let b = f.text.find('ü').unwrap();
        assert_eq!(f.line_col(b as u32), LineCol { line: 2, column: 7 });
        assert_eq!(f.offset_of(2, 6), b);
        let mut hint = (0, 0);
        assert_eq!(f.char_to_byte(11, &mut hint), b);
        assert_eq!(f.line_text(2), "näme: ü");
        assert_eq!(f.line_count(), 2);
    }
}
