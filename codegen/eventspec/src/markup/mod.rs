//! The one markup of spec prose: paragraphs (blank-line separated) of text with
//! `` `code` ``, `*emphasis*`, `[text](https://…)` links and `[text](ref:label)` cross-references
//! (`[](ref:label)` uses the reference's own title). `\` escapes the next character.
//!
//! Parsed once here; each backend renders the tree and escapes the text for its own format.

pub(crate) mod markdown;
pub(crate) mod rst;

use std::sync::Arc;

use serde::{Serialize, Serializer};

/// Parsed prose. Its paragraphs are shared, not copied, by its clones (the template engine
/// holds a clone of every piece of prose of the model).
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Markup {
    /// Paragraphs, each a run of inline pieces.
    pub paragraphs: Arc<[Vec<Inline>]>,
}

/// Serialized as its paragraphs; to the template engine, as one opaque value that only the
/// `markup` filter writes (so templates cannot print prose unrendered, or pick it apart).
impl Serialize for Markup {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[cfg(feature = "docs")]
        if minijinja::value::serializing_for_value() {
            return minijinja::Value::from_object(crate::backend::docs::Prose(self.clone()))
                .serialize(serializer);
        }
        #[derive(Serialize)]
        struct Paragraphs<'m> {
            paragraphs: &'m [Vec<Inline>],
        }
        Paragraphs {
            paragraphs: &self.paragraphs,
        }
        .serialize(serializer)
    }
}

/// One inline piece of prose.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Inline {
    /// Plain text (unescaped).
    Text {
        /// The text.
        text: String,
    },
    /// Inline code.
    Code {
        /// The code.
        text: String,
    },
    /// Emphasised text.
    Emphasis {
        /// The text.
        text: String,
    },
    /// An external link.
    Link {
        /// Link text.
        text: String,
        /// Target URL.
        url: String,
    },
    /// A cross-reference to a label declared under `references`.
    Ref {
        /// Link text; empty for the reference's own title.
        text: String,
        /// The label.
        label: String,
    },
}

/// A markup problem, with its byte offset in the prose.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MarkupError {
    /// Byte offset in the prose.
    pub offset: usize,
    /// What is wrong.
    pub message: String,
}

impl Markup {
    /// Parses prose.
    pub fn parse(text: &str) -> Result<Markup, MarkupError> {
        // Most prose is one line of plain text: nothing to split, nothing to interpret.
        if !text
            .bytes()
            .any(|b| matches!(b, b'\\' | b'`' | b'*' | b'[' | b'\n'))
        {
            let text = text.trim();
            let paragraphs = if text.is_empty() {
                Vec::new()
            } else {
                vec![vec![Inline::Text { text: text.into() }]]
            };
            return Ok(Markup {
                paragraphs: paragraphs.into(),
            });
        }
        let mut paragraphs = Vec::new();
        let mut offset = 0;
        for block in text.split("\n\n") {
            if !block.trim().is_empty() {
                paragraphs.push(parse_inline(block, offset)?);
            }
            offset += block.len() + 2;
        }
        Ok(Markup {
            paragraphs: paragraphs.into(),
        })
    }

    /// Prose that reads as `text` itself: each character that would begin markup (`` ` ``,
    /// `*`, `[`, `\\`) escaped. For text from formats without markup (an imported
    /// description).
    pub fn escape(text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        for c in text.chars() {
            if matches!(c, '\\' | '`' | '*' | '[') {
                out.push('\\');
            }
            out.push(c);
        }
        out
    }

    /// Every cross-reference label used, in order.
    pub fn refs(&self) -> impl Iterator<Item = &str> {
        self.paragraphs
            .iter()
            .flatten()
            .filter_map(|inline| match inline {
                Inline::Ref { label, .. } => Some(label.as_str()),
                _ => None,
            })
    }

    /// The prose as plain text (markup removed), for rustdoc summaries, messages and formats
    /// without markup: each paragraph without the spaces at its ends (a code span may hold
    /// some), paragraphs separated by a blank line. Escaped ([`Markup::escape`]) and parsed
    /// again, it reads as itself.
    pub fn plain(&self) -> String {
        self.paragraphs
            .iter()
            .map(|p| {
                p.iter()
                    .map(|inline| match inline {
                        Inline::Text { text }
                        | Inline::Code { text }
                        | Inline::Emphasis { text }
                        | Inline::Link { text, .. } => text.as_str(),
                        Inline::Ref { text, label } if text.is_empty() => label.as_str(),
                        Inline::Ref { text, .. } => text.as_str(),
                    })
                    .collect::<String>()
            })
            .filter_map(|p| {
                let p = p.trim();
                (!p.is_empty()).then(|| p.to_string())
            })
            .collect::<Vec<_>>()
            .join("\n\n")
    }
}

/// How a backend resolves cross-references: the link text and URL of a label.
pub trait Resolve {
    /// The reference's default title and its URL, if it has one.
    fn resolve(&self, label: &str) -> (String, Option<String>);
}

impl Markup {
    /// The prose as CommonMark, each paragraph on one line, paragraphs separated by a blank line.
    /// Text is escaped, so nothing in the spec becomes Markdown syntax or raw HTML.
    pub fn to_markdown(&self, refs: &dyn Resolve) -> String {
        let mut out = String::new();
        self.write_markdown(refs, &mut out);
        out
    }

    /// [`Markup::to_markdown`], appended to `out`.
    pub fn write_markdown(&self, refs: &dyn Resolve, out: &mut String) {
        markdown::render(self, refs, out);
    }

    /// The prose as reStructuredText, each paragraph on one line, paragraphs separated by a
    /// blank line. Text is escaped, so nothing in the spec becomes RST syntax or a directive.
    pub fn to_rst(&self) -> String {
        let mut out = String::new();
        self.write_rst(&mut out);
        out
    }

    /// [`Markup::to_rst`], appended to `out`.
    pub fn write_rst(&self, out: &mut String) {
        rst::render(self, out);
    }
}

/// Whether `url` is one absolute http(s) URL as RFC 3986 writes it: the scheme, a host, and
/// only the characters a URL may hold (no space, line break, quote, `<`, `>`, backslash or
/// non-ASCII: those must be percent-encoded). `Err` says what is wrong.
pub(crate) fn check_url(url: &str) -> Result<(), String> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or("it does not start with `https://` or `http://`")?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    if host.is_empty() || host.starts_with(':') || host.starts_with('@') {
        return Err("it has no host".into());
    }
    let allowed = |c: char| c.is_ascii_alphanumeric() || "-._~:/?#[]@!$&'()*+,;=%".contains(c);
    match url.chars().find(|&c| !allowed(c)) {
        Some(c) => Err(format!(
            "it holds {c:?}, which a URL writes percent-encoded"
        )),
        None => Ok(()),
    }
}

/// A link target that cannot end the link early in either format: the characters that close
/// one (`>`, `` ` ``) or split it (space, `<`) percent-encoded, as a browser would send them.
pub(crate) fn url_text(url: &str) -> String {
    url.replace('<', "%3C")
        .replace('>', "%3E")
        .replace(' ', "%20")
        .replace('`', "%60")
}

/// `text` with every line break as a space: data must never start a new line in the document it
/// lands in.
pub(crate) fn one_line(text: &str) -> impl Iterator<Item = char> + '_ {
    text.chars().map(|c| if is_line_break(c) { ' ' } else { c })
}

/// Characters Python's `str.splitlines` (and so docutils) breaks lines at, besides `\n`.
fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r'
            | '\u{b}'
            | '\u{c}'
            | '\u{1c}'
            | '\u{1d}'
            | '\u{1e}'
            | '\u{85}'
            | '\u{2028}'
            | '\u{2029}'
    )
}

fn parse_inline(block: &str, base: usize) -> Result<Vec<Inline>, MarkupError> {
    let mut out = Vec::new();
    let mut text = String::new();
    let chars: Vec<(usize, char)> = block.char_indices().collect();
    let mut i = 0;
    let flush = |text: &mut String, out: &mut Vec<Inline>| {
        if !text.is_empty() {
            out.push(Inline::Text {
                text: std::mem::take(text),
            });
        }
    };
    let find = |from: usize, c: char| (from..chars.len()).find(|&j| chars[j].1 == c);
    let slice = |from: usize, to: usize| -> String {
        let start = chars.get(from).map_or(block.len(), |c| c.0);
        let end = chars.get(to).map_or(block.len(), |c| c.0);
        fold_lines(&block[start..end])
    };
    while i < chars.len() {
        let (at, c) = chars[i];
        match c {
            '\\' if i + 1 < chars.len() => {
                text.push(chars[i + 1].1);
                i += 2;
            }
            // Two backticks in a row are text: there is no empty code span.
            '`' if chars.get(i + 1).is_some_and(|n| n.1 == '`') => {
                text.push_str("``");
                i += 2;
            }
            '`' => {
                let Some(end) = find(i + 1, '`') else {
                    return Err(MarkupError {
                        offset: base + at,
                        message: "unterminated inline code: a backtick (`) is not closed".into(),
                    });
                };
                flush(&mut text, &mut out);
                out.push(Inline::Code {
                    text: slice(i + 1, end),
                });
                i = end + 1;
            }
            '*' if chars
                .get(i + 1)
                .is_some_and(|n| !n.1.is_whitespace() && n.1 != '*') =>
            {
                // Emphasis never reaches into a code span: `*/ `*`` is text, then code.
                let closing = find(i + 1, '*').filter(|&end| {
                    !chars[end - 1].1.is_whitespace()
                        && !chars[i + 1..end].iter().any(|c| c.1 == '`')
                });
                match closing {
                    Some(end) => {
                        flush(&mut text, &mut out);
                        out.push(Inline::Emphasis {
                            text: slice(i + 1, end),
                        });
                        i = end + 1;
                    }
                    // No `*` after it at all: an emphasis left open, like an open backtick.
                    None if find(i + 1, '*').is_none() => {
                        return Err(MarkupError {
                            offset: base + at,
                            message: "unterminated emphasis: an asterisk (*) is not closed \
                                      (write `\\*` for the character itself)"
                                .into(),
                        });
                    }
                    None => {
                        text.push('*');
                        i += 1;
                    }
                }
            }
            '[' => {
                let link = find(i + 1, ']')
                    .filter(|&close| chars.get(close + 1).is_some_and(|c| c.1 == '('))
                    .and_then(|close| find(close + 2, ')').map(|end| (close, end)));
                match link {
                    Some((close, end)) => {
                        flush(&mut text, &mut out);
                        let label = slice(i + 1, close);
                        let target = slice(close + 2, end).trim().to_string();
                        if let Some(reference) = target.strip_prefix("ref:") {
                            out.push(Inline::Ref {
                                text: label,
                                label: reference.to_string(),
                            });
                        } else if target.starts_with("https://") || target.starts_with("http://") {
                            if let Err(why) = check_url(&target) {
                                return Err(MarkupError {
                                    offset: base + at,
                                    message: format!("the link target is not a valid URL: {why}"),
                                });
                            }
                            if label.trim().is_empty() {
                                return Err(MarkupError {
                                    offset: base + at,
                                    message: "a link needs text: `[text](url)`".into(),
                                });
                            }
                            out.push(Inline::Link {
                                text: label,
                                url: target,
                            });
                        } else {
                            return Err(MarkupError {
                                offset: base + at,
                                message: format!(
                                    "link target `{target}` is neither `ref:<label>` nor an http(s) URL"
                                ),
                            });
                        }
                        i = end + 1;
                    }
                    // `[text](` opens a link: left without its `)`, it is an error, not text.
                    None if find(i + 1, ']')
                        .is_some_and(|close| chars.get(close + 1).is_some_and(|c| c.1 == '(')) =>
                    {
                        return Err(MarkupError {
                            offset: base + at,
                            message: "unterminated link: `[text](target` needs its `)`".into(),
                        });
                    }
                    None => {
                        text.push('[');
                        i += 1;
                    }
                }
            }
            '\n' => {
                text.push(' ');
                i += 1;
            }
            _ => {
                text.push(c);
                i += 1;
            }
        }
    }
    flush(&mut text, &mut out);
    // Trim the paragraph's outer whitespace.
    if let Some(Inline::Text { text }) = out.first_mut() {
        *text = text.trim_start().to_string();
    }
    if let Some(Inline::Text { text }) = out.last_mut() {
        *text = text.trim_end().to_string();
    }
    out.retain(|i| !matches!(i, Inline::Text { text } if text.is_empty()));
    Ok(out)
}

fn fold_lines(s: &str) -> String {
    s.replace('\n', " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_form() {
        let m = Markup::parse(
            "See [](ref:telemetry) and `a*b`,\n*this* [bug 1](https://x.org/1).\n\nTwo \\` 5 * 3",
        )
        .unwrap();
        assert_eq!(m.paragraphs.len(), 2);
        assert_eq!(
            m.paragraphs[0],
            vec![
                Inline::Text {
                    text: "See ".into()
                },
                Inline::Ref {
                    text: "".into(),
                    label: "telemetry".into()
                },
                Inline::Text {
                    text: " and ".into()
                },
                Inline::Code { text: "a*b".into() },
                Inline::Text { text: ", ".into() },
                Inline::Emphasis {
                    text: "this".into()
                },
                Inline::Text { text: " ".into() },
                Inline::Link {
                    text: "bug 1".into(),
                    url: "https://x.org/1".into()
                },
                Inline::Text { text: ".".into() },
            ]
        );
        assert_eq!(
            m.paragraphs[1],
            vec![Inline::Text {
                text: "Two ` 5 * 3".into()
            }]
        );
        assert_eq!(m.refs().collect::<Vec<_>>(), ["telemetry"]);
    }

    #[test]
    fn double_backticks_are_text() {
        let m = Markup::parse("a `` b `c`").unwrap();
        assert_eq!(
            m.paragraphs[0],
            vec![
                Inline::Text {
                    text: "a `` b ".into()
                },
                Inline::Code { text: "c".into() },
            ]
        );
    }

    #[test]
    fn emphasis_stops_at_code() {
        let m = Markup::parse("A */ `*`").unwrap();
        assert_eq!(
            m.paragraphs[0],
            vec![
                Inline::Text {
                    text: "A */ ".into()
                },
                Inline::Code { text: "*".into() },
            ]
        );
    }

    #[test]
    fn reports_unterminated_code() {
        let e = Markup::parse("ok\n\nsee `this").unwrap_err();
        assert_eq!(e.offset, 8);
    }

    #[test]
    fn rejects_other_link_targets() {
        assert!(Markup::parse("[x](javascript:alert(1))").is_err());
    }

    #[test]
    fn urls_are_one_absolute_http_url() {
        for ok in [
            "https://x.org",
            "http://x.org/a?b=c#d",
            "https://x.org/%20(1)",
        ] {
            assert_eq!(super::check_url(ok), Ok(()), "{ok}");
        }
        for bad in [
            "https://x.org/a\n# h",
            "https://x.org/a b",
            "https://x.org/a\\",
            "https://x.org/<script>",
            "https://x.org/é",
            "javascript:alert(1)",
            "https:///path",
            "https://",
        ] {
            assert!(super::check_url(bad).is_err(), "{bad:?}");
        }
        let error = Markup::parse("[a](https://x.org/a\\b)").unwrap_err();
        assert!(
            error.message.contains("not a valid URL"),
            "{}",
            error.message
        );
    }
}
