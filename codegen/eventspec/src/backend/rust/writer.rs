//! Indented Rust source, line by line, and the two escapes it needs: string literals and doc
//! comments.

use std::borrow::Cow;
use std::fmt::{self, Write};

/// Widest line the generator lays out on one line (rustfmt's default).
const MAX_WIDTH: usize = 100;

/// rustfmt's default `fn_call_width`: wider arguments go one per line.
const CALL_WIDTH: usize = 60;

/// rustfmt's default `array_width`.
const ARRAY_WIDTH: usize = 60;

/// rustfmt's default `struct_lit_width`.
const STRUCT_LIT_WIDTH: usize = 18;

/// rustfmt's default `short_array_element_width_threshold`.
const SHORT_ITEM_WIDTH: usize = 10;

const INDENT: &str = "    ";

/// Formatted Rust source under construction.
pub(super) struct Writer {
    out: String,
    depth: usize,
}

impl Writer {
    pub(super) fn with_capacity(capacity: usize) -> Self {
        Writer {
            out: String::with_capacity(capacity),
            depth: 0,
        }
    }

    /// Bytes held.
    pub(super) fn len(&self) -> usize {
        self.out.len()
    }

    /// Hands what is held to `sink`, all but the last two bytes (or the last character),
    /// which [`Writer::blank`] and [`Writer::close_with`] look back at.
    pub(super) fn drain_into(&mut self, sink: &mut dyn std::io::Write) -> std::io::Result<()> {
        let mut end = self.out.len().saturating_sub(2);
        while !self.out.is_char_boundary(end) {
            end -= 1;
        }
        sink.write_all(&self.out.as_bytes()[..end])?;
        self.out.drain(..end);
        Ok(())
    }

    /// The source.
    pub(super) fn finish(self) -> String {
        debug_assert_eq!(self.depth, 0, "every block is closed");
        self.out
    }

    /// One line at the current depth.
    pub(super) fn line(&mut self, args: fmt::Arguments<'_>) {
        self.indent();
        // Writing to a `String` cannot fail.
        let _ = self.out.write_fmt(args);
        self.out.push('\n');
    }

    fn indent(&mut self) {
        for _ in 0..self.depth {
            self.out.push_str(INDENT);
        }
    }

    /// A line ending in ` {`; what follows is one level deeper until [`Writer::close`].
    pub(super) fn open(&mut self, args: fmt::Arguments<'_>) {
        self.line(format_args!("{args} {{"));
        self.depth += 1;
    }

    /// Ends the innermost block with `}`.
    pub(super) fn close(&mut self) {
        self.close_with("}");
    }

    /// Ends the innermost block with `closing` (`},`, `};`).
    pub(super) fn close_with(&mut self, closing: &str) {
        if self.out.ends_with("\n\n") {
            self.out.pop();
        }
        self.depth -= 1;
        self.line(format_args!("{closing}"));
    }

    /// An empty line between items; never two, nor one just inside a block's braces.
    pub(super) fn blank(&mut self) {
        if !(self.out.is_empty() || self.out.ends_with("{\n") || self.out.ends_with("\n\n")) {
            self.out.push('\n');
        }
    }

    /// Whether `line` fits on one line at the current depth.
    fn fits(&self, line: &str) -> bool {
        self.depth * INDENT.len() + line.chars().count() <= MAX_WIDTH
    }

    /// What `write` writes, one level deeper.
    pub(super) fn indent_block(&mut self, write: impl FnOnce(&mut Writer)) {
        self.depth += 1;
        write(self);
        self.depth -= 1;
    }

    /// `{head} = {value}{tail}` where rustfmt puts it: on one line when it fits; else the value
    /// on the next line, one level deeper, when it fits there; else on one line, which
    /// rustfmt leaves as it is when nothing fits (a long string literal).
    pub(super) fn assign(&mut self, head: &str, value: &str, tail: &str) {
        let one_line = width(head) + 3 + width(value) + width(tail);
        let next_line = (self.depth + 1) * INDENT.len() + width(value) + width(tail);
        if self.depth * INDENT.len() + one_line <= MAX_WIDTH || next_line > MAX_WIDTH {
            return self.line_of(&[head, " = ", value, tail]);
        }
        self.line_of(&[head, " ="]);
        self.indent_block(|w| w.line_of(&[value, tail]));
    }

    /// Opens a function's block: `{head}(params…){ret} {`, the parameters one per line when the
    /// signature does not fit on one (rustfmt lays out signatures by the line width alone).
    pub(super) fn open_fn<S: AsRef<str>>(&mut self, head: &str, params: &[S], ret: &str) {
        let line = width(head) + 2 + joined_width(params) + width(ret) + 2;
        let tail = [ret, " {"].concat();
        if params.is_empty() || self.depth * INDENT.len() + line <= MAX_WIDTH {
            self.list_line(head, "(", params, ")", &tail);
        } else {
            self.vertical(head, "(", params, ")", &tail);
        }
        self.depth += 1;
    }

    /// `{head}({arg}){tail}`, a call of one argument, where rustfmt puts it: on one line when
    /// the line fits (one argument may take more than the 60 columns of several); else the
    /// argument on a line of its own when that fits; else on one line, left as it is.
    pub(super) fn call1(&mut self, head: &str, arg: &str, tail: &str) {
        let one_line = self.depth * INDENT.len() + width(head) + width(arg) + 2 + width(tail);
        let own_line = (self.depth + 1) * INDENT.len() + width(arg) + 1;
        if one_line <= MAX_WIDTH || own_line > MAX_WIDTH {
            return self.line_of(&[head, "(", arg, ")", tail]);
        }
        self.line_of(&[head, "("]);
        self.indent_block(|w| w.line_of(&[arg, ","]));
        self.line_of(&[")", tail]);
    }

    /// Whether `{head}(args…){tail}` is a call rustfmt keeps on one line.
    pub(super) fn call_fits<S: AsRef<str>>(&self, head: &str, args: &[S], tail: &str) -> bool {
        self.fits_list(head, args, tail, CALL_WIDTH)
    }

    /// `{head}(args…){tail}` on one line when rustfmt would keep it there (the arguments
    /// within 60 columns, the line within 100), otherwise one argument per line.
    pub(super) fn call<S: AsRef<str>>(&mut self, head: &str, args: &[S], tail: &str) {
        self.list(head, "(", args, ")", tail, CALL_WIDTH);
    }

    /// Opens a block after a struct pattern: `{before}{path} { fields… }{after} {`, with the
    /// fields one per line when rustfmt would put them so (over 18 columns), and then the
    /// block's brace on a line of its own when the pattern ends a condition (`if let`). With no
    /// fields, `path` is the whole pattern.
    pub(super) fn open_pattern<S: AsRef<str>>(
        &mut self,
        before: &str,
        path: &str,
        fields: &[S],
        after: &str,
    ) {
        if fields.is_empty() {
            self.line(format_args!("{before}{path}{after} {{"));
            self.depth += 1;
            return;
        }
        let inner = comma_separated(fields);
        let one_line = format!("{before}{path} {{ {inner} }}{after} {{");
        if inner.len() <= STRUCT_LIT_WIDTH && self.fits(&one_line) {
            self.line(format_args!("{one_line}"));
            self.depth += 1;
            return;
        }
        self.line(format_args!("{before}{path} {{"));
        self.depth += 1;
        for field in fields {
            self.line(format_args!("{},", field.as_ref()));
        }
        self.depth -= 1;
        if before.is_empty() {
            self.line(format_args!("}}{after} {{"));
        } else {
            self.line(format_args!("}}{after}"));
            self.line(format_args!("{{"));
        }
        self.depth += 1;
    }

    /// `{head} { fields… }{tail}`, a struct literal: on one line when its fields take at most
    /// 18 columns and the line fits (rustfmt's `struct_lit_width`), else a field a line.
    pub(super) fn struct_lit<S: AsRef<str>>(&mut self, head: &str, fields: &[S], tail: &str) {
        let inner = comma_separated(fields);
        let one_line = format!("{head} {{ {inner} }}{tail}");
        if width(&inner) <= STRUCT_LIT_WIDTH && self.fits(&one_line) {
            return self.line(format_args!("{one_line}"));
        }
        self.line(format_args!("{head} {{"));
        self.indent_block(|w| {
            for field in fields {
                w.line(format_args!("{},", field.as_ref()));
            }
        });
        self.line(format_args!("}}{tail}"));
    }

    /// `{head}[items…]{tail}`, an array: one line within 60 columns of items; otherwise, like
    /// rustfmt, as many short literals (10 columns at most) per line as fit, or one per line.
    pub(super) fn array<S: AsRef<str>>(&mut self, head: &str, items: &[S], tail: &str) {
        let short = items.iter().all(|i| {
            let i = i.as_ref();
            i.starts_with('"') && width(i) <= SHORT_ITEM_WIDTH
        });
        if !short
            || self.fits_list(head, items, tail, ARRAY_WIDTH)
            || self.next_line_fits(head, items, tail, ARRAY_WIDTH)
        {
            return self.list(head, "[", items, "]", tail, ARRAY_WIDTH);
        }
        self.line_of(&[head, "["]);
        self.depth += 1;
        let width_left = MAX_WIDTH - self.depth * INDENT.len();
        let mut line = String::new();
        for item in items {
            let item = item.as_ref();
            if !line.is_empty() && width(&line) + 1 + width(item) + 1 > width_left {
                self.line_of(&[line.trim_end()]);
                line.clear();
            }
            line.push_str(item);
            line.push_str(", ");
        }
        self.line_of(&[line.trim_end()]);
        self.depth -= 1;
        self.line_of(&["]", tail]);
    }

    /// Whether `{head}(items…){tail}` fits on one line, its items within `width`.
    fn fits_list<S: AsRef<str>>(&self, head: &str, items: &[S], tail: &str, width: usize) -> bool {
        list_fits(self.depth, head, items, tail, width)
    }

    /// Whether `left =` then the rest on one line below, one level deeper, fits.
    fn next_line_fits<S: AsRef<str>>(
        &self,
        head: &str,
        items: &[S],
        tail: &str,
        width: usize,
    ) -> bool {
        head.split_once(" = ")
            .is_some_and(|(_, right)| list_fits(self.depth + 1, right, items, tail, width))
    }

    fn list<S: AsRef<str>>(
        &mut self,
        head: &str,
        open: &str,
        items: &[S],
        close: &str,
        tail: &str,
        width: usize,
    ) {
        if self.fits_list(head, items, tail, width) {
            return self.list_line(head, open, items, close, tail);
        }
        if self.next_line_fits(head, items, tail, width) {
            // rustfmt moves the right-hand side of `=` to the next line before breaking it.
            let (left, right) = head.split_once(" = ").unwrap_or((head, ""));
            self.line_of(&[left, " ="]);
            self.indent_block(|w| w.list_line(right, open, items, close, tail));
            return;
        }
        self.vertical(head, open, items, close, tail);
    }

    /// `{head}{open}`, then one item a line with its comma, one level deeper, then
    /// `{close}{tail}`.
    fn vertical<S: AsRef<str>>(
        &mut self,
        head: &str,
        open: &str,
        items: &[S],
        close: &str,
        tail: &str,
    ) {
        self.line_of(&[head, open]);
        self.depth += 1;
        for item in items {
            self.line_of(&[item.as_ref(), ","]);
        }
        self.depth -= 1;
        self.line_of(&[close, tail]);
    }

    /// `{head}{open}items, …{close}{tail}` as one line.
    fn list_line<S: AsRef<str>>(
        &mut self,
        head: &str,
        open: &str,
        items: &[S],
        close: &str,
        tail: &str,
    ) {
        self.indent();
        self.push(&[head, open]);
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                self.out.push_str(", ");
            }
            self.out.push_str(item.as_ref());
        }
        self.push(&[close, tail, "\n"]);
    }

    /// `pieces`, one after the other, where the output is.
    fn push(&mut self, pieces: &[&str]) {
        for piece in pieces {
            self.out.push_str(piece);
        }
    }

    /// One line at the current depth, written piece by piece.
    pub(super) fn line_of(&mut self, pieces: &[&str]) {
        self.indent();
        self.push(pieces);
        self.out.push('\n');
    }

    /// [`Writer::open`], the line given in pieces.
    pub(super) fn open_of(&mut self, pieces: &[&str]) {
        self.indent();
        self.push(pieces);
        self.out.push_str(" {\n");
        self.depth += 1;
    }

    /// A match arm `{pattern} => {value},`, or its value in a block when the line is too
    /// wide; the pattern and the value each given in pieces.
    pub(super) fn arm_of(&mut self, pattern: &[&str], value: &[&str]) {
        let width: usize = pattern.iter().chain(value).map(|p| width(p)).sum();
        if self.depth * INDENT.len() + width + " => ,".len() <= MAX_WIDTH {
            self.indent();
            self.push(pattern);
            self.out.push_str(" => ");
            self.push(value);
            self.out.push_str(",\n");
        } else {
            self.indent();
            self.push(pattern);
            self.out.push_str(" => {\n");
            self.indent_block(|w| w.line_of(value));
            self.line_of(&["}"]);
        }
    }

    /// `text` as doc comment lines (`///`); a line that cannot be a comment (a carriage
    /// return, a control or bidirectional-override character) becomes `#[doc = "…"]`.
    pub(super) fn doc(&mut self, text: &str) {
        for line in text.lines() {
            let line = line.trim_end();
            // Printable ASCII holds neither a control nor a bidirectional override.
            let printable = line.bytes().all(|b| matches!(b, b' '..=b'~'));
            if !printable && line.chars().any(|c| c.is_control() || is_bidi_control(c)) {
                self.line(format_args!("#[doc = \" {}\"]", Escaped(line)));
                continue;
            }
            self.indent();
            self.out.push_str("///");
            if !line.is_empty() {
                self.out.push(' ');
                self.out.push_str(line);
            }
            self.out.push('\n');
        }
    }
}

/// `items` joined by `, `.
fn comma_separated<S: AsRef<str>>(items: &[S]) -> String {
    items
        .iter()
        .map(AsRef::as_ref)
        .collect::<Vec<&str>>()
        .join(", ")
}

/// Columns `s` takes, as rustfmt counts them (characters).
fn width(s: &str) -> usize {
    if s.is_ascii() {
        s.len()
    } else {
        s.chars().count()
    }
}

/// Whether `{head}(items…){tail}` fits on one line at `depth`, its items within `width`
/// columns (the brackets count two, whichever they are).
fn list_fits<S: AsRef<str>>(
    depth: usize,
    head: &str,
    items: &[S],
    tail: &str,
    width: usize,
) -> bool {
    let inner = joined_width(items);
    inner <= width
        && depth * INDENT.len() + self::width(head) + inner + 2 + self::width(tail) <= MAX_WIDTH
}

/// Columns of `items` joined by `, `.
fn joined_width<S: AsRef<str>>(items: &[S]) -> usize {
    items.iter().map(|i| width(i.as_ref())).sum::<usize>() + 2 * items.len().saturating_sub(1)
}

/// The inside of a string literal for `s` (see [`Escaped`]), borrowed when nothing needs
/// escaping.
pub(super) fn escaped(s: &str) -> Cow<'_, str> {
    if s.bytes()
        .all(|b| matches!(b, b' '..=b'~') && b != b'"' && b != b'\\')
    {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(Escaped(s).to_string())
    }
}

/// `s` as a Rust string literal, quotes included, as a string.
pub(super) fn quoted(s: &str) -> String {
    ["\"", &escaped(s), "\""].concat()
}

/// `s` as a Rust string literal, quotes included.
pub(super) fn lit(s: &str) -> Lit<'_> {
    Lit(s)
}

/// A string literal: see [`lit`].
pub(super) struct Lit<'a>(&'a str);

impl fmt::Display for Lit<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "\"{}\"", Escaped(self.0))
    }
}

/// The inside of a string literal: quotes, backslashes, control characters (a bare carriage
/// return is not allowed in a literal) and bidirectional overrides (rustc denies them in
/// source) escaped; everything else as written.
struct Escaped<'a>(&'a str);

impl fmt::Display for Escaped<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = self.0;
        let mut start = 0;
        for (i, c) in s.char_indices() {
            let escape = match c {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                c if c.is_control() || is_bidi_control(c) => "",
                _ => continue,
            };
            f.write_str(&s[start..i])?;
            if escape.is_empty() {
                write!(f, "\\u{{{:x}}}", c as u32)?;
            } else {
                f.write_str(escape)?;
            }
            start = i + c.len_utf8();
        }
        f.write_str(&s[start..])
    }
}

/// The characters rustc's `text_direction_codepoint_in_literal` and `…_in_comment` lints deny.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_escape_what_rust_requires() {
        assert_eq!(lit("plain é").to_string(), r#""plain é""#);
        assert_eq!(
            lit("a\"b\\c\nd\re\tf\u{0}g\u{202E}h").to_string(),
            r#""a\"b\\c\nd\re\tf\u{0}g\u{202e}h""#
        );
    }

    #[test]
    fn docs_fall_back_to_attributes_for_what_a_comment_cannot_hold() {
        let mut w = Writer::with_capacity(0);
        w.doc("first  \n\nbare\rreturn\nover\u{202E}ride");
        assert_eq!(
            w.finish(),
            "/// first\n///\n#[doc = \" bare\\rreturn\"]\n#[doc = \" over\\u{202e}ride\"]\n"
        );
    }

    #[test]
    fn blocks_indent_and_blank_lines_do_not_pile_up() {
        let mut w = Writer::with_capacity(0);
        w.open(format_args!("impl A"));
        w.blank();
        w.line(format_args!("x"));
        w.blank();
        w.blank();
        w.close();
        assert_eq!(w.finish(), "impl A {\n    x\n}\n");
    }
}
