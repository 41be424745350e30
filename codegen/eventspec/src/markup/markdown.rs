//! CommonMark (GitHub-flavoured): prose rendering, the escaping that keeps spec text as text
//! (no syntax, no raw HTML), and GitHub's heading anchors.

#[cfg(feature = "docs")]
use std::borrow::Cow;

use super::{Inline, Markup, Resolve, one_line, url_text};

pub(super) fn render(markup: &Markup, refs: &dyn Resolve, out: &mut String) {
    for (i, paragraph) in markup.paragraphs.iter().enumerate() {
        if i > 0 {
            out.push_str("\n\n");
        }
        for (j, inline) in paragraph.iter().enumerate() {
            inline_markdown(out, inline, refs, j == 0);
        }
    }
}

fn inline_markdown(out: &mut String, inline: &Inline, refs: &dyn Resolve, line_start: bool) {
    match inline {
        Inline::Text { text } => escape_into(out, text, line_start),
        Inline::Code { text } => code_into(out, text, false),
        Inline::Emphasis { text } => {
            out.push('*');
            escape_into(out, text, false);
            out.push('*');
        }
        Inline::Link { text, url } => link(out, text, url),
        Inline::Ref { text, label } => {
            let (title, url) = refs.resolve(label);
            let text = if text.is_empty() { &title } else { text };
            match url {
                Some(url) => link(out, text, &url),
                None => escape_into(out, text, line_start),
            }
        }
    }
}

#[cfg(feature = "docs")]
/// A link to `url` (a checked http(s) URL) reading `text`.
pub fn link_to(text: &str, url: &str) -> String {
    let mut out = String::new();
    link(&mut out, text, url);
    out
}

fn link(out: &mut String, text: &str, url: &str) {
    out.push('[');
    escape_into(out, text, false);
    out.push_str("](<");
    out.push_str(&url_text(url));
    out.push_str(">)");
}

#[cfg(feature = "docs")]
/// Escapes data for any place in a Markdown document, a line start or a table cell included.
/// This is the template engine's escape function.
pub fn escape(text: &str) -> Cow<'_, str> {
    if is_plain(text, true) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    escape_into(&mut out, text, true);
    Cow::Owned(out)
}

/// The ASCII punctuation CommonMark never reads as syntax in running text.
const fn inert(b: u8) -> bool {
    matches!(
        b,
        b'.' | b','
            | b':'
            | b';'
            | b'?'
            | b'/'
            | b'\''
            | b'"'
            | b'%'
            | b'='
            | b'@'
            | b'-'
            | b'('
            | b')'
    )
}

/// Whether `text` needs no escape (most spec text): only [`PLAIN`] bytes, and at a line
/// start nothing that opens a block.
fn is_plain(text: &str, line_start: bool) -> bool {
    let risky_start = line_start
        && text
            .bytes()
            .next()
            .is_some_and(|b| matches!(b, b'-' | b'=') || b.is_ascii_digit());
    !risky_start && text.bytes().all(|b| PLAIN[b as usize])
}

/// Bytes copied as they are anywhere but at a line start: letters, digits, space and
/// [`inert`] punctuation.
static PLAIN: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = c.is_ascii_alphanumeric() || c == b' ' || inert(c);
        b += 1;
    }
    table
};

/// [`escape`] into `out`: backslash-escapes every ASCII punctuation character CommonMark could
/// read as syntax (`<` and `&` included, so no raw HTML or entity survives), folds line breaks,
/// and at a line start also the characters that open a list, a thematic break or a setext
/// underline.
pub(crate) fn escape_into(out: &mut String, text: &str, line_start: bool) {
    if is_plain(text, line_start) {
        out.push_str(text);
        return;
    }
    // A leading `1.` or `1)` would open an ordered list: the position of its `.` or `)`.
    let enumerator = if line_start {
        let digits = one_line(text).take_while(char::is_ascii_digit).count();
        (digits > 0 && matches!(one_line(text).nth(digits), Some('.' | ')'))).then_some(digits)
    } else {
        None
    };
    out.reserve(text.len() + 8);
    for (i, c) in one_line(text).enumerate() {
        let syntax = c.is_ascii_punctuation() && !inert(c as u8);
        let opens_block = i == 0 && line_start && matches!(c, '-' | '=');
        if syntax || opens_block || enumerator == Some(i) {
            out.push('\\');
        }
        out.push(c);
    }
}

#[cfg(feature = "docs")]
/// A code span whose fence is longer than any backtick run inside. In a table cell (`cell`),
/// `|` is escaped as GFM requires even inside code.
pub fn code(text: &str, cell: bool) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    code_into(&mut out, text, cell);
    out
}

/// [`code`] into `out`.
pub(crate) fn code_into(out: &mut String, text: &str, cell: bool) {
    // Most code is a name: printable ASCII, no backtick (nor `|` in a cell), not blank.
    let simple = text
        .bytes()
        .all(|b| (b.is_ascii_graphic() || b == b' ') && b != b'`' && !(cell && b == b'|'));
    if simple && !text.trim().is_empty() {
        out.push('`');
        out.push_str(text);
        out.push('`');
        return;
    }
    let mut text: String = one_line(text).collect();
    if cell {
        text = text.replace('|', "\\|");
    }
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') || text.trim().is_empty() {
        " "
    } else {
        ""
    };
    for piece in [fence.as_str(), pad, &text, pad, &fence] {
        out.push_str(piece);
    }
}

#[cfg(feature = "docs")]
/// GitHub's anchor for a heading whose visible text is `text`: lower case, punctuation other
/// than `-` and `_` removed, spaces as `-`. Line breaks count as the spaces [`escape`] makes
/// of them.
pub fn anchor(text: &str) -> String {
    one_line(text)
        .flat_map(char::to_lowercase)
        .filter_map(|c| match c {
            ' ' => Some('-'),
            '-' | '_' => Some(c),
            c if c.is_alphanumeric() => Some(c),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_cannot_become_markup() {
        assert_eq!(escape("<script>"), "\\<script\\>");
        assert_eq!(escape("- item"), "\\- item");
        assert_eq!(escape("12. item"), "12\\. item");
        assert_eq!(escape("# h"), "\\# h");
        assert_eq!(escape("a | b"), "a \\| b");
        assert_eq!(escape("&amp;"), "\\&amp;");
        assert_eq!(escape("a\nb"), "a b");
        assert_eq!(escape("x-y 1. z"), "x-y 1. z");
    }

    #[test]
    fn code_spans_hold_anything() {
        assert_eq!(code("a`b", false), "``a`b``");
        assert_eq!(code("`", false), "`` ` ``");
        assert_eq!(code("a|b", true), "`a\\|b`");
    }

    #[test]
    fn anchors_follow_github() {
        assert_eq!(anchor("Runner Status"), "runner-status");
        assert_eq!(
            anchor("Enrollment (preference_study.enroll)"),
            "enrollment-preference_studyenroll"
        );
        assert_eq!(anchor("Add-on Studies"), "add-on-studies");
    }
}
