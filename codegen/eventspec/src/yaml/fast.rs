//! A fast path for the YAML that specs are made of: block mappings and sequences of one-line
//! plain or quoted scalars, with comments. Anything else (flow collections, block scalars,
//! anchors, tags, multi-line scalars, escapes, tabs, errors of any kind) makes it give up, and
//! the full parser reads the file instead.
//!
//! When it does not give up, its tree is the one the full parser builds, spans included: the
//! differential tests (`tests` below, and `tests/fuzz.rs` on random input) hold it to that.
//! It exists because the full parser was a third of the pipeline: it reads a 6 MB spec about
//! four times faster.

use std::borrow::Cow;

use memchr::memchr;

use super::{MAX_DEPTH, Node, Value, resolve_plain};
use crate::source::Span;

/// The tree of `text`, or `None` when it uses anything this reader leaves to the full parser.
pub(super) fn parse(text: &str) -> Option<Node<'_>> {
    parse_in(text, None)
}

/// [`parse`], long sequences read in `chunks` chunks (`None`: decide by size). The tree does
/// not depend on it (tested).
pub(super) fn parse_in(text: &str, chunks: Option<usize>) -> Option<Node<'_>> {
    let bytes = text.as_bytes();
    // A quick pass over the whole text (it vectorizes) rules out what needs a closer look.
    let suspect = |b: u8| b < 0x20 && b != b'\n' || matches!(b, 0x7F | 0xC2 | 0xEF);
    if !bytes
        .chunks(64)
        .any(|chunk| chunk.iter().fold(false, |any, &b| any | suspect(b)))
    {
        return read_in(text, chunks);
    }
    let unusual = |(i, b): (usize, &u8)| match *b {
        b'\n' => false,
        // Tabs, carriage returns and the other controls (which YAML forbids), DEL.
        0..0x20 | 0x7F => true,
        // C1 controls (U+0080 to U+009F), which YAML forbids too.
        0xC2 => bytes.get(i + 1).is_some_and(|n| (0x80..0xA0).contains(n)),
        // A byte-order mark or U+FFFE/U+FFFF (0xEF also starts other characters: giving up on
        // them costs only speed).
        0xEF => true,
        _ => false,
    };
    if bytes.iter().enumerate().any(unusual) {
        return None;
    }
    read_in(text, chunks)
}

/// [`parse_in`] once the text is known to hold no character the fast path leaves alone.
fn read_in(text: &str, chunks: Option<usize>) -> Option<Node<'_>> {
    let lines = lines(text)?;
    let mut reader = Reader {
        text,
        lines: &lines,
        next: 0,
        depth: 0,
        shifted: None,
        chunks,
    };
    let first = reader.lines.first()?;
    if first.indent != 0 {
        return None;
    }
    let root = if first.is_dash(text) {
        reader.sequence(0, false)?
    } else {
        reader.mapping(0)?
    };
    (reader.next == reader.lines.len()).then_some(root)
}

/// A line with content: where it starts, how far it is indented, where it ends.
#[derive(Clone, Copy, Debug)]
struct Line {
    /// Byte offset of the line's first character.
    start: usize,
    /// Columns (spaces) before the content; for a sequence item's content, its column.
    indent: usize,
    /// Byte offset just past the line's last character (before `\n`).
    end: usize,
}

impl Line {
    fn content(self) -> usize {
        self.start + self.indent
    }

    /// Whether the content is a sequence entry: `-` then a space or the line's end.
    fn is_dash(self, text: &str) -> bool {
        let rest = &text.as_bytes()[self.content()..self.end];
        rest.first() == Some(&b'-') && rest.get(1).is_none_or(|b| *b == b' ')
    }
}

/// The lines with content (not blank, not only a comment), or `None` for what only the full
/// parser handles at line level (document markers, directives).
fn lines(text: &str) -> Option<Vec<Line>> {
    let mut lines = Vec::with_capacity(text.len() / 24);
    let mut start = 0;
    let bytes = text.as_bytes();
    while start < bytes.len() {
        let end = memchr(b'\n', &bytes[start..]).map_or(bytes.len(), |i| start + i);
        let line = &bytes[start..end];
        let indent = line.iter().take_while(|b| **b == b' ').count();
        match line.get(indent) {
            None | Some(b'#') => {}
            Some(_) => {
                if indent == 0
                    && (line.starts_with(b"---") || line.starts_with(b"...") || line[0] == b'%')
                {
                    return None;
                }
                lines.push(Line { start, indent, end });
            }
        }
        start = end + 1;
    }
    Some(lines)
}

struct Reader<'t, 'l> {
    text: &'t str,
    lines: &'l [Line],
    next: usize,
    depth: usize,
    /// A line read with another indent: a sequence item's `- key: value` line, whose mapping
    /// starts at the key's column (index in `lines`, that column).
    shifted: Option<(usize, usize)>,
    /// How many threads may read the items of a long sequence (`None`: decide by size).
    chunks: Option<usize>,
}

impl<'t> Reader<'t, '_> {
    fn peek(&self) -> Option<Line> {
        let mut line = *self.lines.get(self.next)?;
        if let Some((index, indent)) = self.shifted
            && index == self.next
        {
            line.indent = indent;
        }
        Some(line)
    }

    /// Enters a collection; `None` past the nesting limit (the full parser reports it).
    fn enter(&mut self) -> Option<()> {
        self.depth += 1;
        (self.depth <= MAX_DEPTH).then_some(())
    }

    /// A block mapping whose keys are at column `indent`, starting at the next line.
    fn mapping(&mut self, indent: usize) -> Option<Node<'t>> {
        self.enter()?;
        let first = self.peek()?;
        let span = Span::new(first.content(), first.content());
        let mut entries = Vec::new();
        while let Some(line) = self.peek() {
            if line.indent < indent {
                break;
            }
            if line.indent > indent || line.is_dash(self.text) {
                return None;
            }
            self.next += 1;
            let (key, rest) = self.key(line)?;
            let value = if rest == line.end {
                self.nested(indent)?
            } else {
                let value = self.scalar(rest, line.end)?;
                // A more indented line after a scalar would continue it: not handled here.
                if self.peek().is_some_and(|next| next.indent > indent) {
                    return None;
                }
                value
            };
            entries.push((key, value));
        }
        self.depth -= 1;
        Some(Node {
            span,
            value: Value::Map(entries),
        })
    }

    /// The value of a key that ends its line: a block collection on the lines below.
    fn nested(&mut self, indent: usize) -> Option<Node<'t>> {
        let next = self.peek()?;
        if next.is_dash(self.text) && next.indent >= indent {
            // At the key's own column, the sequence is "indentless".
            return self.sequence(next.indent, next.indent == indent);
        }
        if next.indent > indent {
            return self.mapping(next.indent);
        }
        // An empty value: left to the full parser (its span rules).
        None
    }

    /// A block sequence whose dashes are at column `indent`.
    fn sequence(&mut self, indent: usize, indentless: bool) -> Option<Node<'t>> {
        self.enter()?;
        let (span, mut items) = match self.item_chunks(indent) {
            Some(ranges) => self.items_in_chunks(indent, indentless, &ranges)?,
            None => (None, Vec::new()),
        };
        let (rest_span, rest) = self.items(indent, indentless)?;
        let span = span.or(rest_span);
        items.extend(rest);
        self.depth -= 1;
        Some(Node {
            span: span?,
            value: Value::Seq(items),
        })
    }

    /// The line ranges of consecutive items of the sequence starting at the next line, one
    /// range per chunk, when it is long enough to read on several threads. Every item ends
    /// where the next dash at its column starts (a scalar never spans lines here), so the
    /// ranges are known from the lines alone.
    fn item_chunks(&self, indent: usize) -> Option<Vec<(usize, usize)>> {
        if self.chunks == Some(1) {
            return None;
        }
        let mut dashes = Vec::new();
        let mut end = self.next;
        while let Some(line) = self.lines.get(end) {
            if line.indent < indent || (line.indent == indent && !line.is_dash(self.text)) {
                break;
            }
            if line.indent == indent {
                dashes.push(end);
            }
            end += 1;
        }
        // A thread is worth it from a few dozen items on.
        let chunks = self
            .chunks
            .unwrap_or_else(|| crate::parallel::chunks(dashes.len(), 32));
        if chunks <= 1 || dashes.len() < 2 || dashes.first() != Some(&self.next) {
            return None;
        }
        let per_chunk = dashes.len().div_ceil(chunks);
        let starts: Vec<usize> = dashes.iter().step_by(per_chunk).copied().collect();
        let ends = starts.iter().skip(1).copied().chain([end]);
        Some(starts.iter().copied().zip(ends).collect())
    }

    /// The items in `ranges` of lines, each range read by a reader of its own on a thread of
    /// its own, as one reader would read them; the first item's span.
    fn items_in_chunks(
        &mut self,
        indent: usize,
        indentless: bool,
        ranges: &[(usize, usize)],
    ) -> Option<(Option<Span>, Vec<Node<'t>>)> {
        let (text, lines, depth) = (self.text, self.lines, self.depth);
        let results = crate::parallel::map_chunks(ranges, ranges.len(), |chunk| {
            let mut all: (Option<Span>, Vec<Node<'t>>) = (None, Vec::new());
            for &(start, end) in chunk {
                let mut reader = Reader {
                    text,
                    lines: &lines[..end],
                    next: start,
                    depth,
                    shifted: None,
                    chunks: Some(1),
                };
                let (span, items) = reader.items(indent, indentless)?;
                if reader.next != end {
                    return None;
                }
                all.0 = all.0.or(span);
                all.1.extend(items);
            }
            Some(all)
        });
        let mut span = None;
        let mut items = Vec::new();
        for result in results {
            let (chunk_span, chunk_items) = result?;
            span = span.or(chunk_span);
            items.extend(chunk_items);
        }
        self.next = ranges.last()?.1;
        Some((span, items))
    }

    /// The items of a block sequence whose dashes are at column `indent`, from the next line
    /// to the sequence's end; the first item's span.
    fn items(&mut self, indent: usize, indentless: bool) -> Option<(Option<Span>, Vec<Node<'t>>)> {
        let mut span = None;
        let mut items = Vec::new();
        while let Some(line) = self.peek() {
            if line.indent < indent || (line.indent == indent && !line.is_dash(self.text)) {
                if !indentless && line.indent == indent {
                    return None;
                }
                break;
            }
            if line.indent > indent {
                return None;
            }
            // The item's content: after the dash and its spaces.
            let dash = line.content();
            let bytes = self.text.as_bytes();
            let mut content = dash + 1;
            while content < line.end && bytes[content] == b' ' {
                content += 1;
            }
            if content == line.end || bytes[content] == b'#' {
                return None;
            }
            let at = if indentless { content } else { dash };
            span.get_or_insert(Span::new(at, at));
            let column = line.indent + (content - dash);
            if self.is_key_line(content, line.end) {
                // `- key: value`: a mapping whose keys are at the content's column.
                self.shifted = Some((self.next, column));
                items.push(self.mapping(column)?);
            } else {
                self.next += 1;
                items.push(self.scalar(content, line.end)?);
                if self.peek().is_some_and(|next| next.indent > indent) {
                    return None;
                }
            }
        }
        Some((span, items))
    }

    fn is_key_line(&self, start: usize, end: usize) -> bool {
        self.key_end(start, end).is_some()
    }

    /// Where a plain or quoted key that starts at `start` ends (its `:`), if the line is one.
    fn key_end(&self, start: usize, end: usize) -> Option<usize> {
        let bytes = self.text.as_bytes();
        let colon = match bytes[start] {
            b'"' | b'\'' => quoted_end(self.text, start, end)?,
            _ => {
                let mut i = start;
                loop {
                    let colon = i + memchr(b':', &bytes[i..end])?;
                    if colon + 1 == end || bytes[colon + 1] == b' ' {
                        break colon;
                    }
                    i = colon + 1;
                }
            }
        };
        let ends_key =
            colon < end && bytes[colon] == b':' && (colon + 1 == end || bytes[colon + 1] == b' ');
        ends_key.then_some(colon)
    }

    /// The key of a mapping line, and where its value starts (`line.end` when none follows).
    fn key(&self, line: Line) -> Option<(Node<'t>, usize)> {
        let start = line.content();
        let colon = self.key_end(start, line.end)?;
        let bytes = self.text.as_bytes();
        let key = if matches!(bytes[start], b'"' | b'\'') {
            self.scalar_until(start, colon)?
        } else {
            let mut key_end = colon;
            while key_end > start && bytes[key_end - 1] == b' ' {
                key_end -= 1;
            }
            if self.text[start..key_end].contains(" #") {
                // A comment inside what would be the key: not a key at all.
                return None;
            }
            self.plain(start, key_end)?
        };
        let mut value = colon + 1;
        while value < line.end && bytes[value] == b' ' {
            value += 1;
        }
        if value < line.end && bytes[value] == b'#' {
            if bytes[value - 1] != b' ' {
                return None;
            }
            value = line.end;
        }
        Some((key, value))
    }

    /// A one-line scalar from `start` to the line's `end`, a trailing comment allowed.
    fn scalar(&self, start: usize, end: usize) -> Option<Node<'t>> {
        let bytes = self.text.as_bytes();
        if matches!(bytes[start], b'"' | b'\'') {
            let close = quoted_end(self.text, start, end)?;
            return self.scalar_until(start, close).filter(|_| {
                let rest = &self.text[close..end];
                let trimmed = rest.trim_start_matches(' ');
                trimmed.is_empty() || (trimmed.starts_with('#') && trimmed.len() < rest.len())
            });
        }
        // A plain scalar ends at a comment (` #`) or the line's end.
        let mut stop = end;
        let mut i = start;
        while let Some(hash) = memchr(b'#', &bytes[i..end]) {
            let at = i + hash;
            if at > start && bytes[at - 1] == b' ' {
                stop = at;
                break;
            }
            i = at + 1;
        }
        while stop > start && bytes[stop - 1] == b' ' {
            stop -= 1;
        }
        self.plain(start, stop)
    }

    /// The quoted scalar from `start` (its opening quote) to `close` (just past its closing one).
    fn scalar_until(&self, start: usize, close: usize) -> Option<Node<'t>> {
        let inner = &self.text[start + 1..close - 1];
        let value = if self.text.as_bytes()[start] == b'\'' && inner.contains("''") {
            Cow::Owned(inner.replace("''", "'"))
        } else {
            Cow::Borrowed(inner)
        };
        Some(Node {
            span: Span::new(start, close),
            value: Value::Str(value),
        })
    }

    /// A plain scalar `start..end` (trimmed), resolved by the core schema.
    fn plain(&self, start: usize, end: usize) -> Option<Node<'t>> {
        let text = &self.text[start..end];
        let first = *text.as_bytes().first()?;
        let indicator = matches!(
            first,
            b'[' | b']'
                | b'{'
                | b'}'
                | b','
                | b'#'
                | b'&'
                | b'*'
                | b'!'
                | b'|'
                | b'>'
                | b'%'
                | b'@'
                | b'`'
                | b'"'
                | b'\''
        ) || (matches!(first, b'-' | b'?' | b':')
            && text.as_bytes().get(1).is_none_or(|b| *b == b' '));
        if indicator || text.contains(": ") || text.ends_with(':') {
            return None;
        }
        let value = resolve_plain(text).unwrap_or(Value::Str(Cow::Borrowed(text)));
        Some(Node {
            span: Span::new(start, end),
            value,
        })
    }
}

/// Just past the closing quote of the one-line quoted scalar opening at `start`; `None` when
/// it does not close on its line or (double-quoted) holds an escape.
fn quoted_end(text: &str, start: usize, end: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let quote = bytes[start];
    let mut i = start + 1;
    while i < end {
        match bytes[i] {
            b'\\' if quote == b'"' => return None,
            b'\'' if quote == b'\'' && bytes.get(i + 1) == Some(&b'\'') && i + 1 < end => i += 2,
            b if b == quote => return Some(i + 1),
            _ => i += 1,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::parse;
    use crate::source::Source;

    /// The full parser's tree, for comparison (its source leaked: the tree borrows it).
    fn full(text: &str) -> Option<super::Node<'static>> {
        super::super::parse_full(Box::leak(Box::new(Source::new("t.yaml", text)))).ok()
    }

    /// What the fast path reads, it reads as the full parser does.
    #[track_caller]
    fn same(text: &str) {
        let fast = parse(text).unwrap_or_else(|| panic!("fast path gave up on {text:?}"));
        assert_eq!(Some(fast), full(text), "{text:?}");
    }

    #[track_caller]
    fn gives_up(text: &str) {
        assert_eq!(parse(text), None, "{text:?}");
    }

    #[test]
    fn reads_spec_shaped_yaml_as_the_full_parser_does() {
        same("a: 1\nb:\n  c: \"x y\" # c\n  d: 'it''s'\nlist:\n- x\n-  y: 2\n   z: 3\nk: v   \n");
        same(
            "objects:\n  - name: a\n    events:\n      - method: m\n        title: T\n  - name: b\n",
        );
        same(
            "# head\n\neventspec: 1\ntitle: A title, with colons:inside # and a comment\nurl: http://x/y#z\n",
        );
        same(
            "k: -1\nj: -x\nn: ~\nt: true\nf: 1.5\ns: '1'\nq: \"\"\ne: ''\nkey with spaces: v\n\"quoted key\": v\n",
        );
        same("- a\n- b\n");
        same("a:\n  - x\n  - y\nb: c\n");
        same("a:\n- x\n- y\nb: c\n");
        same("a: é ü 💡\n");
    }

    #[test]
    fn leaves_everything_else_to_the_full_parser() {
        for text in [
            "a: [1, 2]\n",
            "a: {b: 1}\n",
            "a: |\n  text\n",
            "a: >-\n  text\n",
            "a: &x 1\nb: *x\n",
            "a: !!str 1\n",
            "a: \"esc\\n\"\n",
            "a: 'multi\n  line'\n",
            "a: plain\n  continued\n",
            "a:\nb: 1\n",
            "a:\tb\n",
            "a: b\r\n",
            "---\na: 1\n",
            "a: 1\n---\nb: 2\n",
            "  a: 1\n",
            "a: b: c\n",
            "a: 1\n b: 2\n",
            "- - x\n",
            "-\n  a: 1\n",
            "? a\n: b\n",
            "a: 'x' y\n",
            "plain scalar\n",
            "",
            "# only a comment\n",
        ] {
            gives_up(text);
            // And what the full parser makes of it is its own business: errors included.
            let _ = full(text);
        }
    }

    #[test]
    fn the_tree_does_not_depend_on_the_number_of_threads() {
        let texts = [
            crate::synth::spec(40),
            "- a\n- b\n- c\n- d: 1\n  e: 2\n- f\n".to_string(),
            "a:\n- x\n- y: 1\n  z:\n  - 1\n  - 2\n- w\nb: c\n".to_string(),
            // Sequences the fast path gives up on, inside a chunk or at its end.
            "- a\n- b\n  c\n- d\n".to_string(),
            "a:\n  - x\n  - y\n  b: 1\n".to_string(),
            "- a: 1\n - b\n- c\n".to_string(),
        ];
        for text in &texts {
            let one = super::read_in(text, Some(1));
            for chunks in [2, 3, 7, 1000] {
                assert_eq!(
                    super::read_in(text, Some(chunks)),
                    one,
                    "{chunks} chunks: {text:?}"
                );
            }
        }
        assert!(super::read_in(&texts[0], Some(3)).is_some());
    }

    #[test]
    fn the_real_specs_read_the_same() {
        let synthetic = crate::synth::spec(25);
        same(&synthetic);
        let normandy = include_str!("../../../../spec/normandy.yaml");
        // Normandy uses block scalars: the fast path gives up, and that is fine.
        if let Some(fast) = parse(normandy) {
            assert_eq!(Some(fast), full(normandy));
        }
    }
}
