//! Plain words for the YAML mistakes people make most, indentation: when the parser fails, the
//! lines up to its error are read again for a tab used to indent, or a line indented to a
//! column that neither its siblings nor a new block would use. The parser's own message names
//! its internal state ("did not find expected '-' indicator") and often the line after the
//! mistake; this names the line and what is wrong with it.

use crate::diagnostic::{Code, Diagnostic};
use crate::front::source::Span;

/// What is wrong with the indentation of `text` at or before byte `error_at` (where the
/// parser gave up), if this is a mistake of indentation.
pub(crate) fn explain(text: &str, error_at: usize) -> Option<Diagnostic> {
    // Columns of the enclosing block lines, outermost first.
    let mut levels: Vec<usize> = vec![0];
    // Whether the line before opens a block (`key:` with nothing after it, or `-` alone).
    let mut opens = false;
    // A block scalar's lines (after `key: |` or `>`), skipped: their indentation is text.
    let mut scalar_above: Option<usize> = None;
    let mut offset = 0;
    // The parser notices an indentation mistake on the line before it, the line itself or the
    // line after it: a mistake is named only there. Earlier lines that look wrong are
    // continuations of a multi-line scalar or flow collection, which YAML indents freely.
    let mut end = error_at.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let error_line = text[..end].matches('\n').count();
    let (first_line, last_line) = (error_line.saturating_sub(1), error_line + 1);
    for (number, line) in text.split_inclusive('\n').enumerate() {
        let start = offset;
        offset += line.len();
        if number > last_line {
            break;
        }
        let body = line.trim_end_matches(['\n', '\r']);
        let indent = body.len() - body.trim_start_matches([' ', '\t']).len();
        let content = &body[indent..];
        if let Some(tab) = body[..indent].find('\t') {
            if scalar_above.is_some_and(|key| indent > key) || number < first_line {
                continue;
            }
            return Some(
                Diagnostic::error(
                    Code::YamlSyntax,
                    "invalid YAML: a tab is used for indentation; YAML indents with spaces only",
                )
                .at(Span::new(start + tab, start + tab + 1), "a tab"),
            );
        }
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        if let Some(key) = scalar_above {
            if indent > key {
                continue;
            }
            scalar_above = None;
        }
        let top = *levels.last().unwrap_or(&0);
        // Deeper than the line above, which opens no block; or back to no enclosing column.
        let over = indent > top && !opens;
        let under = indent < top && !levels.contains(&indent);
        // A deeper line under `key: value` that is no key itself continues a multi-line
        // scalar, as YAML allows.
        let is_key = content.starts_with("- ") || content.contains(": ") || content.ends_with(':');
        if (over && !is_key) || ((over || under) && number < first_line) {
            continue;
        }
        if over {
            return Some(wrongly_indented(
                start,
                indent,
                "it is indented more than the line above, which does not open a block \
                 (a `key:` with nothing after it, or a `-`)",
                top,
            ));
        }
        if under {
            // The nearest block it left: its keys are the likely siblings.
            let nearest = levels.iter().copied().filter(|&l| l > indent).min();
            return Some(wrongly_indented(
                start,
                indent,
                "it is indented less than the lines above it, but not as far back as any of \
                 them",
                nearest.unwrap_or(top),
            ));
        }
        levels.retain(|&l| l <= indent);
        if indent > top {
            levels.push(indent);
        }
        // What the line opens: a block under a `key:`, items under `- `.
        let item = content
            .strip_prefix("- ")
            .or_else(|| (content == "-").then_some(""));
        let rest = match item {
            Some(after) => {
                // `- key: value` is a mapping whose keys sit at the column after `- `.
                let inner = indent + (content.len() - after.len());
                if !after.is_empty() {
                    levels.push(inner);
                }
                after
            }
            None => content,
        };
        let value = rest
            .split_once(": ")
            .map(|(_, v)| v)
            .or_else(|| rest.strip_suffix(':').map(|_| ""));
        let value = value.map(|v| v.split(" #").next().unwrap_or("").trim());
        opens = rest.is_empty() || value == Some("");
        if let Some(v) = value
            && (v.starts_with('|') || v.starts_with('>'))
        {
            scalar_above = Some(if item.is_some() && !rest.is_empty() {
                indent + (content.len() - rest.len())
            } else {
                indent
            });
        }
    }
    None
}

fn wrongly_indented(start: usize, indent: usize, why: &str, sibling: usize) -> Diagnostic {
    Diagnostic::error(
        Code::YamlSyntax,
        format!("invalid YAML: this line's indentation is wrong: {why}"),
    )
    .at(
        Span::new(start + indent, start + indent + 1),
        format!("at column {}", indent + 1),
    )
    .with_help(format!(
        "indent it to column {}, as the keys it belongs with",
        sibling + 1
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::front::source::Source;

    /// The parser's diagnostic for `text`, and its line and column.
    fn error(text: &str) -> (Diagnostic, (usize, usize)) {
        let source = Source::new("t.yaml", text);
        let d = *crate::front::yaml::parse(&source).unwrap_err();
        let at = source.line_col(d.primary.as_ref().unwrap().span.start);
        (d, at)
    }

    #[test]
    fn a_tab_is_named_where_it_is() {
        let (d, at) = error("a:\n  b: 1\n\tc: 2\n");
        assert_eq!(at, (3, 1), "{}", d.message);
        assert!(d.message.contains("a tab is used for indentation"));
    }

    #[test]
    fn a_dedented_key_is_named_on_its_line() {
        let (d, at) = error("a:\n    b: 1\n   c: 2\n    d: 3\n");
        assert_eq!(at, (3, 4), "{}", d.message);
        assert!(
            d.message.contains("not as far back as any of them"),
            "{}",
            d.message
        );
    }

    #[test]
    fn an_over_indented_key_is_named_on_its_line() {
        let (d, at) = error("a:\n  b: 1\n    c: 2\n");
        assert_eq!(at, (3, 5), "{}", d.message);
        assert!(
            d.message.contains("indented more than the line above"),
            "{}",
            d.message
        );
    }

    /// Valid layouts are not mistaken for mistakes: sequences of mappings, block scalars with
    /// deeper (and tabbed) text, comments, flow collections.
    #[test]
    fn valid_layouts_pass() {
        for text in [
            "a:\n  - name: x\n    title: y\n  - name: z\n    sub:\n      - 1\n",
            "a: |\n  text\n      deeper\n  \tand a tab\nb: >-\n  folded\n",
            "a:\n  - b: >-\n      long\n      text\n    c: 1\n",
            "# comment\na:\n  b: [1, 2]   # trailing\n  c: {d: 1}\n\n  e:\n    - -\n",
            "list:\n- a\n- b\nnext: 1\n",
        ] {
            assert!(explain(text, text.len()).is_none(), "{text}");
        }
    }

    /// A mistake that is not one of indentation keeps the parser's words, even after lines a
    /// multi-line scalar indents freely.
    #[test]
    fn other_mistakes_keep_the_parsers_message() {
        let (d, _) = error("a: This is long\n      and continues\nb: \"open\n");
        assert!(!d.message.contains("indentation"), "{}", d.message);
    }
}
