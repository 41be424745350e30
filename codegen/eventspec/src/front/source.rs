//! Spec source text and the mapping between byte offsets and line/column positions.

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// A byte range in a [`Source`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// A span covering `start..end`.
    pub fn new(start: usize, end: usize) -> Self {
        Span {
            start,
            end: end.max(start),
        }
    }

    /// The byte range.
    pub fn range(self) -> Range<usize> {
        self.start..self.end
    }
}

/// One spec file: its display name, its path (when read from disk) and its text.
#[derive(Clone, Debug)]
pub struct Source {
    name: String,
    path: Option<PathBuf>,
    text: String,
    /// Where each line starts: needed only to show diagnostics, so found on first use.
    line_starts: OnceLock<Vec<usize>>,
}

impl Source {
    /// A source held in memory; `name` is what diagnostics print.
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        Source {
            name: name.into(),
            path: None,
            text: text.into(),
            line_starts: OnceLock::new(),
        }
    }

    /// A source read from `path`, named as given.
    pub fn with_path(name: impl Into<String>, path: &Path, text: impl Into<String>) -> Self {
        let mut source = Source::new(name, text);
        source.path = Some(path.to_path_buf());
        source
    }

    /// The name diagnostics print (usually the path as the user gave it).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The path the text was read from, if any.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The whole text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = self.clamp(offset);
        let line = self.line_index(offset);
        let start = self.line_starts()[line];
        let column = self.text[start..offset].chars().count() + 1;
        (line + 1, column)
    }

    /// Byte offset of a 1-based line and column (in characters); clamped to the text.
    pub fn offset_of(&self, line: usize, column: usize) -> usize {
        let Some(&start) = self.line_starts().get(line.saturating_sub(1)) else {
            return self.text.len();
        };
        let rest = &self.text[start..];
        let line_end = rest.find('\n').map_or(rest.len(), |i| i);
        rest[..line_end]
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(start + line_end, |(i, _)| start + i)
    }

    /// The byte range of the whole lines that `span` touches (without the final newline).
    pub fn line_range(&self, span: Span) -> Range<usize> {
        let first = self.line_index(self.clamp(span.start));
        let last = self.line_index(self.clamp(span.end.saturating_sub(1).max(span.start)));
        let start = self.line_starts()[first];
        let end = self
            .line_starts()
            .get(last + 1)
            .map_or(self.text.len(), |&next| next.saturating_sub(1));
        start..end.max(start)
    }

    fn line_starts(&self) -> &[usize] {
        self.line_starts.get_or_init(|| {
            let mut starts = vec![0];
            starts.extend(self.text.match_indices('\n').map(|(i, _)| i + 1));
            starts
        })
    }

    fn line_index(&self, offset: usize) -> usize {
        self.line_starts().partition_point(|&s| s <= offset) - 1
    }

    fn clamp(&self, offset: usize) -> usize {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_round_trip() {
        let source = Source::new("t.yaml", "a: 1\nbé: 2\n\nc: 3");
        assert_eq!(source.line_col(0), (1, 1));
        assert_eq!(source.line_col(5), (2, 1));
        let offset = source.offset_of(2, 4);
        assert_eq!(&source.text()[offset..offset + 1], " ");
        assert_eq!(source.line_col(offset), (2, 4));
        assert_eq!(source.line_col(source.text().len()), (4, 5));
        assert_eq!(source.line_range(Span::new(6, 7)), 5..11);
    }
}
