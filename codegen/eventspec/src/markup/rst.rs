//! reStructuredText: prose rendering, and the escaping that keeps spec text as text wherever it
//! lands (a paragraph, a heading, a definition-list term, a field body).

#[cfg(feature = "docs")]
use std::borrow::Cow;

use super::{Inline, Markup, one_line, url_text};

pub(super) fn render(markup: &Markup, out: &mut String) {
    for (i, paragraph) in markup.paragraphs.iter().enumerate() {
        if i > 0 {
            out.push_str("\n\n");
        }
        write_paragraph(out, paragraph);
    }
}

fn write_paragraph(out: &mut String, inlines: &[Inline]) {
    let start = out.len();
    let mut after_markup = false;
    for (i, inline) in inlines.iter().enumerate() {
        let last = i + 1 == inlines.len();
        match inline {
            Inline::Text { text } => {
                let at = out.len();
                escape_into(out, text, i == 0, last);
                // Inline markup ends only before whitespace or closing punctuation.
                if after_markup && out[at..].chars().next().is_some_and(|c| !may_follow(c)) {
                    out.insert_str(at, "\\ ");
                }
                after_markup = false;
            }
            markup => {
                // ... and starts only after whitespace or opening punctuation; `\ ` is an
                // escaped space, which renders as nothing.
                if after_markup
                    || out[start..]
                        .chars()
                        .next_back()
                        .is_some_and(|c| !may_precede(c))
                {
                    out.push_str("\\ ");
                }
                inline_markup(out, markup);
                after_markup = true;
            }
        }
    }
    // A paragraph whose last visible characters are `::` announces a literal block, however
    // it came to end so (a text before a code span of spaces, which renders as spaces).
    let end = start + out[start..].trim_end().len();
    if out[start..end].ends_with("::") && !out[start..end].ends_with("\\::") {
        out.insert(end - 1, '\\');
    }
}

fn inline_markup(out: &mut String, inline: &Inline) {
    match inline {
        Inline::Text { text } => escape_into(out, text, false, false),
        Inline::Code { text } => code_into(out, text),
        Inline::Emphasis { text } => {
            out.push('*');
            escape_into(out, text, false, false);
            out.push('*');
        }
        Inline::Link { text, url } => link_into(out, text, url),
        Inline::Ref { text, label } if text.is_empty() => {
            out.push_str(":ref:`");
            interpreted_into(out, label);
            out.push('`');
        }
        Inline::Ref { text, label } => {
            out.push_str(":ref:`");
            interpreted_into(out, text);
            out.push_str(" <");
            interpreted_into(out, label);
            out.push_str(">`");
        }
    }
}

/// Docutils' rule for the character before an inline markup start-string (ASCII part; anything
/// else gets an escaped space, which is always allowed).
fn may_precede(c: char) -> bool {
    c.is_whitespace() || matches!(c, '-' | ':' | '/' | '\'' | '"' | '<' | '(' | '[' | '{')
}

/// Docutils' rule for the character after an inline markup end-string (ASCII part).
fn may_follow(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '-' | '.'
                | ','
                | ':'
                | ';'
                | '!'
                | '?'
                | '\\'
                | '/'
                | '\''
                | '"'
                | ')'
                | ']'
                | '}'
                | '>'
        )
}

#[cfg(feature = "docs")]
/// Escapes data for any place in an RST document: a whole line (heading, term, paragraph) or
/// the rest of one (a field body). This is the template engine's escape function.
pub fn escape(text: &str) -> Cow<'_, str> {
    if enumerator_end(text).is_none() && is_plain(text, true) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    escape_into(&mut out, text, true, true);
    Cow::Owned(out)
}

/// Whether `text` needs no escape (most spec text): only [`PLAIN`] bytes, and at a line
/// start no punctuation. (A line start must also not be an enumerator: the caller checks.)
fn is_plain(text: &str, line_start: bool) -> bool {
    let risky_start = line_start
        && text
            .bytes()
            .next()
            .is_some_and(|b| b.is_ascii_punctuation());
    !risky_start && text.bytes().all(|b| PLAIN[b as usize])
}

/// Bytes copied as they are anywhere but at a line start: printable ASCII other than the
/// characters of inline markup, and space.
static PLAIN: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = c.is_ascii_graphic()
            && !matches!(c, b'\\' | b'*' | b'`' | b'|' | b'[' | b']' | b'_' | b':')
            || c == b' ';
        b += 1;
    }
    table
};

/// Escapes text. `line_start`: it may begin a line, so it must not read as a list, a directive,
/// a comment, a field, a transition or a section underline. `block_end`: it may end a
/// paragraph, so a trailing `::` must not announce a literal block.
pub(crate) fn escape_into(out: &mut String, text: &str, line_start: bool, block_end: bool) {
    let enumerator_end = if line_start {
        enumerator_end(text)
    } else {
        None
    };
    // Most spec text needs no escape: copy it whole.
    if enumerator_end.is_none() && is_plain(text, line_start) {
        out.push_str(text);
        return;
    }
    out.reserve(text.len() + 8);
    // The last character that shows: a paragraph's trailing spaces do not end its `::`.
    let last_visible = block_end
        .then(|| {
            one_line(text)
                .enumerate()
                .filter(|(_, c)| !c.is_whitespace())
                .last()
                .map(|(i, _)| i)
        })
        .flatten();
    let mut chars = one_line(text).enumerate().peekable();
    let mut prev = None;
    while let Some((i, c)) = chars.next() {
        // docutils expands a tab to the next multiple of 8 columns, so a title with one would
        // outgrow its underline: a tab is a space here.
        let c = if c == '\t' { ' ' } else { c };
        let next = chars.peek().map(|&(_, n)| n);
        let escape = match c {
            '\\' | '*' | '`' | '|' | '[' | ']' => true,
            // `name_` and `name__` are references; `_` inside a word is plain.
            '_' => !next.is_some_and(char::is_alphanumeric),
            // ` : ` splits a definition-list term into classifiers.
            ':' if prev == Some(' ') && next.is_none_or(|n| n == ' ') => true,
            // `scheme:rest` is a standalone URI to docutils, which links it (`javascript:…`
            // too): an escaped colon is text.
            ':' if prev.is_some_and(|p| p.is_ascii_alphanumeric())
                && next.is_some_and(|n| !n.is_whitespace()) =>
            {
                true
            }
            ':' if last_visible == Some(i) && prev == Some(':') => true,
            _ if i == 0 && line_start => c.is_ascii_punctuation() || matches!(c, '•' | '‣' | '⁃'),
            _ => enumerator_end == Some(i),
        };
        if escape {
            out.push('\\');
        }
        out.push(c);
        prev = Some(c);
    }
}

/// Where a leading list enumerator (`1.`, `a)`, `iv.`, `#.`) ends, if the text starts with one.
fn enumerator_end(text: &str) -> Option<usize> {
    let end = one_line(text)
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '#')
        .count();
    let mut rest = one_line(text).skip(end);
    let closes = matches!(rest.next(), Some('.' | ')'));
    let then_space = rest.next().is_none_or(char::is_whitespace);
    (end > 0 && closes && then_space).then_some(end)
}

#[cfg(feature = "docs")]
/// An anonymous link to `url` (a checked http(s) URL) reading `text`.
pub fn link(text: &str, url: &str) -> String {
    let mut out = String::new();
    link_into(&mut out, text, url);
    out
}

fn link_into(out: &mut String, text: &str, url: &str) {
    out.push('`');
    interpreted_into(out, text);
    out.push_str(" <");
    out.push_str(&url_text(url));
    out.push_str(">`__");
}

#[cfg(feature = "docs")]
/// An inline literal. RST literals cannot hold backslash escapes, so text with backticks
/// becomes a `:code:` role with escaping instead. Neither may start or end with whitespace:
/// outer spaces stay outside, as one space (CommonMark also drops a code span's outer space).
pub fn code(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 4);
    code_into(&mut out, text);
    out
}

/// [`code`] into `out`.
pub(crate) fn code_into(out: &mut String, text: &str) {
    // Most code is a name: printable ASCII without a backtick, no space at either end.
    let bytes = text.as_bytes();
    let simple = bytes
        .iter()
        .all(|&b| (b.is_ascii_graphic() || b == b' ') && b != b'`')
        && bytes.first().is_some_and(u8::is_ascii_graphic)
        && bytes.last().is_some_and(u8::is_ascii_graphic);
    if simple {
        out.push_str("``");
        out.push_str(text);
        out.push_str("``");
        return;
    }
    let text: String = one_line(text).collect();
    let core = text.trim();
    if core.is_empty() {
        return escape_into(out, &text, false, false);
    }
    if text.starts_with(char::is_whitespace) {
        out.push(' ');
    }
    if core.contains('`') {
        out.push_str(":code:`");
        interpreted_into(out, core);
        out.push('`');
    } else {
        out.push_str("``");
        out.push_str(core);
        out.push_str("``");
    }
    if text.ends_with(char::is_whitespace) {
        out.push(' ');
    }
}

/// Text inside interpreted text (`` `…` ``): escape backslashes, backticks and angle brackets.
fn interpreted_into(out: &mut String, text: &str) {
    for c in one_line(text) {
        if matches!(c, '\\' | '`' | '<' | '>') {
            out.push('\\');
        }
        out.push(c);
    }
}

#[cfg(feature = "docs")]
/// A section underline for `title` as [`escape`] writes it: at least as wide as the title
/// (docutils counts wide characters twice; counting every non-ASCII character twice errs long,
/// which is allowed).
pub fn underline(title: &str, c: char) -> String {
    let width: usize = escape(title)
        .chars()
        .map(|ch| if ch.is_ascii() { 1 } else { 2 })
        .sum();
    std::iter::repeat_n(c, width.max(1)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tab_in_a_title_keeps_the_underline_as_wide() {
        assert_eq!(escape("a\tb"), "a b");
        assert_eq!(underline("a\tb", '='), "===");
    }

    #[test]
    fn uris_in_text_are_not_links() {
        assert_eq!(
            escape("Click javascript:alert(1) for details."),
            "Click javascript\\:alert(1) for details."
        );
        assert_eq!(escape("see https://x.org"), "see https\\://x.org");
        assert_eq!(escape("Note: text"), "Note: text");
    }

    fn rst(text: &str) -> String {
        Markup::parse(text).unwrap().to_rst()
    }

    #[test]
    fn keeps_seed_text_readable() {
        assert_eq!(escape("server_error"), "server_error");
        assert_eq!(
            rst("The name of the study (`recipe.arguments.slug`)."),
            "The name of the study (``recipe.arguments.slug``)."
        );
        assert_eq!(
            rst("reports to [](ref:telemetry) the amount"),
            "reports to :ref:`telemetry` the amount"
        );
    }

    #[test]
    fn data_cannot_become_markup() {
        assert_eq!(escape(".. raw:: html"), "\\.. raw\\:: html");
        assert_eq!(escape("- item"), "\\- item");
        assert_eq!(escape("1. item"), "1\\. item");
        assert_eq!(escape("iv) item"), "iv\\) item");
        assert_eq!(escape("----"), "\\----");
        assert_eq!(escape("a : b"), "a \\: b");
        assert_eq!(escape("see::"), "see\\:\\:");
        // Trailing spaces do not end a paragraph's `::` (a random spec found it: a literal
        // block announced, and Sphinx -W failed).
        assert_eq!(escape("see ::  "), "see :\\:  ");
        assert_eq!(rst("A :: \n\nB"), "A :\\:\n\nB");
        assert_eq!(rst("A :: ` `"), "A :\\:  ");
        assert_eq!(
            escape("link_ and *b* `c` |d|"),
            "link\\_ and \\*b\\* \\`c\\` \\|d\\|"
        );
        assert_eq!(escape("a\nb\u{2028}c"), "a b c");
    }

    #[test]
    fn separates_markup_from_adjacent_words() {
        assert_eq!(rst("`a`s and x`b`"), "``a``\\ s and x\\ ``b``");
        assert_eq!(rst("`a``b`"), "``a``\\ ``b``");
    }

    #[test]
    fn literals_that_cannot_be_literal_become_roles() {
        assert_eq!(code("a`b"), ":code:`a\\`b`");
        assert_eq!(code(" x"), " ``x``");
        assert_eq!(code(" a`b "), " :code:`a\\`b` ");
        assert_eq!(code("<p>"), "``<p>``");
    }

    #[test]
    fn underlines_cover_the_escaped_title() {
        assert_eq!(underline("Uptake", '-'), "------");
        assert_eq!(underline("a_", '-'), "---");
        assert_eq!(underline("Größe", '^'), "^^^^^^^");
    }
}
