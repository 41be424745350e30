//! YAML text to a generic tree of located nodes.
//!
//! The spec is not deserialized straight into typed structs: serde stops at the first unknown key
//! or wrong type, and we want every problem in one run. So YAML becomes a [`Node`] tree that keeps
//! every key (duplicates included) with its location, and [`crate::front::spec`] reads that tree,
//! collecting all structural errors.
//!
//! The tree is built straight from the events of `granit-parser` (the YAML 1.2 parser under
//! serde-saphyr): going through serde's `Deserialize` with located values cost three times the
//! parse itself. So this module owns what serde-saphyr did for us: resolving plain scalars
//! (YAML 1.2 core schema: `yes` stays a string), aliases with a bound on what they expand to,
//! the nesting limit, one document per file, and the core-schema tags.

use std::borrow::Cow;
use std::collections::HashMap;

use granit_parser::{Event, Parser, ScalarStyle, ScanError, Tag};

use crate::diagnostic::{Code, Diagnostic};
use crate::front::source::{Source, Span};

/// Largest spec accepted, in bytes. A 10,000-event spec is about 6 MiB.
pub const MAX_SPEC_BYTES: usize = 16 * 1024 * 1024;

/// Deepest nesting accepted. The spec language needs 7 levels; this bounds recursion.
pub const MAX_DEPTH: usize = 48;

/// Most nodes that aliases may copy into the tree, all aliases together: a spec may share text
/// through anchors, but an alias bomb stops early.
pub const MAX_ALIAS_NODES: usize = 100_000;

/// Most values a spec may hold, all nodes of its tree together (aliases count once; what they
/// copy is bounded above). The largest realistic spec under the size limit, 10,000 events of
/// about 1.6 KB, holds about 550,000; a file of tiny values (`[1,1,1,…]`) would otherwise build
/// a tree of hundreds of megabytes.
pub const MAX_NODES: usize = 1_000_000;

/// A YAML value with the location it was written at. Its strings borrow the source text
/// where they are written as they read (most are): a large spec's tree is mostly nodes.
#[derive(Clone, Debug, PartialEq)]
pub struct Node<'s> {
    /// Where the value is written (for an alias, where the alias is).
    pub span: Span,
    /// The value.
    pub value: Value<'s>,
}

/// The value of a [`Node`].
#[derive(Clone, Debug, PartialEq)]
pub enum Value<'s> {
    /// `~`, `null` or nothing.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// An integer.
    Int(i128),
    /// A floating-point number.
    Float(f64),
    /// A string.
    Str(Cow<'s, str>),
    /// A sequence.
    Seq(Vec<Node<'s>>),
    /// A mapping, in source order, duplicate keys kept.
    Map(Vec<(Node<'s>, Node<'s>)>),
}

impl Value<'_> {
    /// What kind of value this is, for messages ("a string", "a mapping", …).
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Int(_) => "an integer",
            Value::Float(_) => "a number",
            Value::Str(_) => "a string",
            Value::Seq(_) => "a sequence",
            Value::Map(_) => "a mapping",
        }
    }
}

impl Node<'_> {
    /// The value as JSON, as a JSON Schema sees the document (a key that is not a string is
    /// written as its YAML kind; a float that JSON cannot hold is `null`).
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value as J;
        match &self.value {
            Value::Null => J::Null,
            Value::Bool(b) => J::Bool(*b),
            Value::Int(i) => i64::try_from(*i)
                .map(J::from)
                .or_else(|_| u64::try_from(*i).map(J::from))
                .unwrap_or(J::Null),
            Value::Float(f) => serde_json::Number::from_f64(*f).map_or(J::Null, J::Number),
            Value::Str(text) => J::String(text.to_string()),
            Value::Seq(items) => J::Array(items.iter().map(Node::to_json).collect()),
            Value::Map(entries) => J::Object(
                entries
                    .iter()
                    .map(|(k, v)| {
                        let key = match &k.value {
                            Value::Str(text) => text.to_string(),
                            other => other.kind().to_string(),
                        };
                        (key, v.to_json())
                    })
                    .collect(),
            ),
        }
    }

    /// How much this node is: its nodes (itself and everything inside it) and the bytes of
    /// its strings. Aliases are bounded by both: a bomb can be many small nodes or a few
    /// copies of a long string.
    fn size(&self) -> (usize, usize) {
        match &self.value {
            Value::Str(text) => (1, text.len()),
            Value::Seq(items) => items.iter().map(Node::size).fold((1, 0), add),
            Value::Map(entries) => entries
                .iter()
                .flat_map(|(k, v)| [k.size(), v.size()])
                .fold((1, 0), add),
            _ => (1, 0),
        }
    }
}

/// What no parser is asked to read: too large, or empty.
fn preflight(text: &str) -> Result<(), Box<Diagnostic>> {
    if text.len() > MAX_SPEC_BYTES {
        return Err(Box::new(too_large(text.len())));
    }
    if text.trim().is_empty() {
        return Err(Box::new(
            Diagnostic::error(Code::EmptySpec, "the spec is empty")
                .with_help("a spec starts with `eventspec: 1`; see docs/spec-format.md"),
        ));
    }
    Ok(())
}

/// Parses `source` as one YAML document: every YAML the spec language allows, and every error
/// located. Errors are diagnostics, never panics.
pub fn parse(source: &Source) -> Result<Node<'_>, Box<Diagnostic>> {
    let text = source.text();
    preflight(text)?;
    let mut tree = TreeBuilder::default();
    for next in Parser::new_from_str(text) {
        let (event, span) = next.map_err(|error| Box::new(syntax_error(source, &error)))?;
        let at = Span::new(
            span.start.byte_offset().unwrap_or(0),
            span.end.byte_offset().unwrap_or(0),
        );
        tree.event(event, at)?;
    }
    Ok(tree.root.unwrap_or(Node {
        span: Span::new(0, 0),
        value: Value::Null,
    }))
}

fn add(a: (usize, usize), b: (usize, usize)) -> (usize, usize) {
    (a.0 + b.0, a.1 + b.1)
}

/// A collection being read.
enum Frame<'s> {
    Seq {
        span: Span,
        anchor: usize,
        items: Vec<Node<'s>>,
    },
    Map {
        span: Span,
        anchor: usize,
        entries: Vec<(Node<'s>, Node<'s>)>,
        key: Option<Node<'s>>,
    },
}

impl<'s> Frame<'s> {
    /// The finished collection, and its anchor id (`0`: none).
    fn finish(self) -> (Node<'s>, usize) {
        let (span, anchor, value) = match self {
            Frame::Seq {
                span,
                anchor,
                items,
            } => (span, anchor, Value::Seq(items)),
            Frame::Map {
                span,
                anchor,
                entries,
                ..
            } => (span, anchor, Value::Map(entries)),
        };
        (Node { span, value }, anchor)
    }
}

/// Builds the tree from parser events.
#[derive(Default)]
struct TreeBuilder<'s> {
    stack: Vec<Frame<'s>>,
    root: Option<Node<'s>>,
    documents: usize,
    /// Anchored nodes by anchor id, with their node counts.
    anchors: HashMap<usize, (Node<'s>, (usize, usize))>,
    /// Nodes copied by aliases so far.
    aliased: usize,
    /// Bytes of strings copied by aliases so far.
    aliased_bytes: usize,
    /// Nodes completed so far.
    nodes: usize,
}

impl<'s> TreeBuilder<'s> {
    fn event(&mut self, event: Event<'s>, at: Span) -> Result<(), Box<Diagnostic>> {
        match event {
            Event::DocumentStart(..) => {
                self.documents += 1;
                if self.documents > 1 {
                    return Err(Box::new(Diagnostic::error(
                        Code::YamlLimit,
                        "a spec is one YAML document, but this file holds several (separated by `---`)",
                    )
                    .at(Span::new(at.start, at.start), "")));
                }
            }
            Event::Scalar(text, style, anchor, tag) => {
                let value = scalar(text, style, tag.as_deref(), at)?;
                self.complete(Node { span: at, value }, anchor)?;
            }
            Event::SequenceStart(_, anchor, tag) => {
                self.open(at, tag.as_deref())?;
                self.stack.push(Frame::Seq {
                    span: at,
                    anchor,
                    items: Vec::new(),
                });
            }
            Event::MappingStart(_, anchor, tag) => {
                self.open(at, tag.as_deref())?;
                self.stack.push(Frame::Map {
                    span: at,
                    anchor,
                    entries: Vec::new(),
                    key: None,
                });
            }
            Event::SequenceEnd | Event::MappingEnd => {
                if let Some(frame) = self.stack.pop() {
                    let (node, anchor) = frame.finish();
                    self.complete(node, anchor)?;
                }
            }
            Event::Alias(id) => {
                let Some((node, (count, bytes))) = self.anchors.get(&id) else {
                    // The anchor is still open: the alias is inside the node it names.
                    return Err(Box::new(
                        Diagnostic::error(
                            Code::YamlSyntax,
                            "invalid YAML: an alias refers to a node that contains it",
                        )
                        .at(at, "recursive alias"),
                    ));
                };
                self.aliased += count;
                self.aliased_bytes += bytes;
                // The text aliases copy counts against the spec's size limit too.
                if self.aliased > MAX_ALIAS_NODES || self.aliased_bytes > MAX_SPEC_BYTES {
                    return Err(Box::new(
                        Diagnostic::error(
                            Code::YamlLimit,
                            "YAML aliases expand to too much data (an alias bomb?)",
                        )
                        .at(Span::new(at.start, at.start), ""),
                    ));
                }
                let mut node = node.clone();
                node.span = at;
                self.complete(node, 0)?;
            }
            _ => {}
        }
        Ok(())
    }

    /// Checks a collection about to open: its depth and its tag.
    fn open(&self, at: Span, tag: Option<&Tag>) -> Result<(), Box<Diagnostic>> {
        if self.stack.len() >= MAX_DEPTH {
            return Err(Box::new(too_deep().at(Span::new(at.start, at.start), "")));
        }
        match tag {
            Some(tag) if !(tag.is_yaml_core_schema() && matches!(tag.suffix(), "seq" | "map")) => {
                Err(Box::new(unsupported_tag(tag, at)))
            }
            _ => Ok(()),
        }
    }

    /// A finished node goes into the collection being read, or becomes the root.
    fn complete(&mut self, node: Node<'s>, anchor: usize) -> Result<(), Box<Diagnostic>> {
        self.nodes += 1;
        if self.nodes > MAX_NODES {
            return Err(Box::new(
                Diagnostic::error(
                    Code::YamlLimit,
                    format!("the spec holds more than {MAX_NODES} YAML values"),
                )
                .at(Span::new(node.span.start, node.span.start), "")
                .with_note("a spec of 10,000 events holds about 550,000"),
            ));
        }
        if anchor != 0 {
            let size = node.size();
            self.anchors.insert(anchor, (node.clone(), size));
        }
        match self.stack.last_mut() {
            Some(Frame::Seq { items, .. }) => items.push(node),
            Some(Frame::Map { entries, key, .. }) => match key.take() {
                Some(k) => entries.push((k, node)),
                None => *key = Some(node),
            },
            None => self.root = Some(node),
        }
        Ok(())
    }
}

/// A scalar's value: quoted and block scalars are strings; plain ones are resolved by the YAML
/// 1.2 core schema; a core-schema tag (`!!str 1`) decides instead.
fn scalar<'s>(
    text: Cow<'s, str>,
    style: ScalarStyle,
    tag: Option<&Tag>,
    at: Span,
) -> Result<Value<'s>, Box<Diagnostic>> {
    let resolved = |text: Cow<'s, str>| resolve_plain(&text).unwrap_or(Value::Str(text));
    match tag {
        None if style == ScalarStyle::Plain => Ok(resolved(text)),
        None => Ok(Value::Str(text)),
        Some(tag) if tag.is_yaml_core_schema() => match tag.suffix() {
            "str" => Ok(Value::Str(text)),
            "null" | "bool" | "int" | "float" => {
                let value = resolved(text);
                let fits = matches!(
                    (tag.suffix(), &value),
                    ("null", Value::Null)
                        | ("bool", Value::Bool(_))
                        | ("int", Value::Int(_))
                        | ("float", Value::Float(_) | Value::Int(_))
                );
                if fits {
                    Ok(value)
                } else {
                    Err(Box::new(
                        Diagnostic::error(
                            Code::YamlSyntax,
                            format!(
                                "invalid YAML: the value does not match its tag `!!{}`",
                                tag.suffix()
                            ),
                        )
                        .at(at, "tagged here"),
                    ))
                }
            }
            _ => Err(Box::new(unsupported_tag(tag, at))),
        },
        Some(tag) => Err(Box::new(unsupported_tag(tag, at))),
    }
}

fn unsupported_tag(tag: &Tag, at: Span) -> Diagnostic {
    Diagnostic::error(
        Code::YamlSyntax,
        format!(
            "invalid YAML: unsupported tag `{}{}`",
            tag.handle(),
            tag.suffix()
        ),
    )
    .at(
        at,
        "a spec uses no tags but the core ones (`!!str`, `!!int`, …)",
    )
}

/// A plain scalar's value under the YAML 1.2 core schema, or `None` for a string.
fn resolve_plain<'s>(text: &str) -> Option<Value<'s>> {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Some(Value::Null),
        "true" | "True" | "TRUE" => return Some(Value::Bool(true)),
        "false" | "False" | "FALSE" => return Some(Value::Bool(false)),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return Some(Value::Float(f64::INFINITY));
        }
        "-.inf" | "-.Inf" | "-.INF" => return Some(Value::Float(f64::NEG_INFINITY)),
        ".nan" | ".NaN" | ".NAN" => return Some(Value::Float(f64::NAN)),
        _ => {}
    }
    let first = text.as_bytes()[0];
    if !(first.is_ascii_digit() || matches!(first, b'-' | b'+' | b'.')) {
        return None;
    }
    if let Some(hex) = text.strip_prefix("0x") {
        return i128::from_str_radix(hex, 16)
            .ok()
            .filter(|_| !hex.starts_with(['+', '-']))
            .map(Value::Int);
    }
    if let Some(octal) = text.strip_prefix("0o") {
        return i128::from_str_radix(octal, 8)
            .ok()
            .filter(|_| !octal.starts_with(['+', '-']))
            .map(Value::Int);
    }
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        return Some(match text.parse::<i128>() {
            Ok(n) => Value::Int(n),
            // Beyond 128 bits: still a number.
            Err(_) => Value::Float(text.parse().unwrap_or(f64::INFINITY)),
        });
    }
    is_core_float(digits)
        .then(|| text.parse().ok().map(Value::Float))
        .flatten()
}

/// `(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`, the core schema's float (sign removed).
fn is_core_float(s: &str) -> bool {
    let (mantissa, exponent) = match s.find(['e', 'E']) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let (int, frac) = match mantissa.split_once('.') {
        Some((int, frac)) => (int, Some(frac)),
        None => (mantissa, None),
    };
    let digits = |d: &str| d.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = match frac {
        Some(frac) => digits(int) && digits(frac) && !(int.is_empty() && frac.is_empty()),
        None => !int.is_empty() && digits(int),
    };
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['-', '+']).unwrap_or(e);
        !e.is_empty() && digits(e)
    });
    mantissa_ok && exponent_ok
}

fn too_deep() -> Diagnostic {
    Diagnostic::error(
        Code::YamlLimit,
        format!("the YAML is nested too deeply (the limit is {MAX_DEPTH} levels)"),
    )
}

/// The diagnostic for a file over [`MAX_SPEC_BYTES`], of `len` bytes when its size is known
/// (a pipe's is not: reading stopped past the limit).
pub fn too_large(len: usize) -> Diagnostic {
    let limit = MAX_SPEC_BYTES / (1024 * 1024);
    let message = if len > MAX_SPEC_BYTES + 1 {
        format!(
            "the spec is {:.1} MiB, over the {limit} MiB limit",
            len as f64 / (1024.0 * 1024.0)
        )
    } else {
        format!("the spec is over the {limit} MiB limit")
    };
    Diagnostic::error(Code::SpecTooLarge, message)
}

fn syntax_error(source: &Source, error: &ScanError) -> Diagnostic {
    let info = error.info();
    // The scanner bounds flow nesting itself, before the tree sees it.
    let diagnostic = if info.contains("recursion limit") {
        too_deep()
    } else {
        Diagnostic::error(Code::YamlSyntax, format!("invalid YAML: {info}"))
    };
    let marker = error.marker();
    let offset = marker
        .byte_offset()
        .unwrap_or_else(|| source.offset_of(marker.line(), marker.col() + 1));
    // An indentation mistake is named on its own line, in plain words.
    if let Some(plain) = crate::front::indent::explain(source.text(), offset) {
        return plain;
    }
    diagnostic.at(Span::new(offset, offset), "")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tree of `text` (its source leaked: the tree borrows it).
    fn parse_str(text: &str) -> Result<Node<'static>, Box<Diagnostic>> {
        parse(Box::leak(Box::new(Source::new("t.yaml", text))))
    }

    #[test]
    fn keeps_locations_and_duplicate_keys() {
        let source = Source::new("t.yaml", "a: 1\nb:\n  - x\n  - 'y'\na: true\n");
        let node = parse(&source).unwrap();
        let Value::Map(entries) = node.value else {
            panic!("not a map")
        };
        assert_eq!(entries.len(), 3);
        assert_eq!(entries[2].0.value, Value::Str("a".into()));
        assert_eq!(source.line_col(entries[2].0.span.start), (5, 1));
        let Value::Seq(items) = &entries[1].1.value else {
            panic!("not a seq")
        };
        assert_eq!(source.line_col(items[1].span.start), (4, 5));
        assert_eq!(entries[2].1.value, Value::Bool(true));
    }

    #[test]
    fn yes_is_a_string() {
        let node = parse_str("a: yes").unwrap();
        let Value::Map(entries) = node.value else {
            panic!("not a map")
        };
        assert_eq!(entries[0].1.value, Value::Str("yes".into()));
    }

    fn values(text: &str) -> Vec<Value<'static>> {
        let Value::Map(entries) = parse_str(text).unwrap().value else {
            panic!("not a map")
        };
        entries.into_iter().map(|(_, v)| v.value).collect()
    }

    #[test]
    fn plain_scalars_resolve_by_the_core_schema() {
        let text = "a: 1\nb: -2\nc: 0x1F\nd: 0o17\ne: 1.5\nf: 1e3\ng: -.inf\nh: ~\ni:\n\
                    j: True\nk: 1.2.3\nl: '1'\nm: \"true\"\nn: |\n  12\no: +3\np: 0x\nq: .5\n";
        assert_eq!(
            values(text),
            [
                Value::Int(1),
                Value::Int(-2),
                Value::Int(31),
                Value::Int(15),
                Value::Float(1.5),
                Value::Float(1000.0),
                Value::Float(f64::NEG_INFINITY),
                Value::Null,
                Value::Null,
                Value::Bool(true),
                Value::Str("1.2.3".into()),
                Value::Str("1".into()),
                Value::Str("true".into()),
                Value::Str("12\n".into()),
                Value::Int(3),
                Value::Str("0x".into()),
                Value::Float(0.5),
            ]
        );
    }

    #[test]
    fn core_tags_decide_and_other_tags_are_errors() {
        assert_eq!(
            values("a: !!str 12\nb: !!int 7\nc: !!float 2\n"),
            [Value::Str("12".into()), Value::Int(7), Value::Int(2)]
        );
        for (text, message) in [
            ("a: !!int x\n", "does not match its tag `!!int`"),
            ("a: !custom x\n", "unsupported tag `!custom`"),
            ("a: !!set {x}\n", "unsupported tag"),
        ] {
            let error = parse_str(text).unwrap_err();
            assert!(error.message.contains(message), "{text}: {}", error.message);
        }
    }

    #[test]
    fn aliases_copy_their_anchor_and_point_at_themselves() {
        let source = Source::new("t.yaml", "a: &x [1, 2]\nb: *x\n");
        let Value::Map(entries) = parse(&source).unwrap().value else {
            panic!("not a map")
        };
        assert_eq!(entries[1].1.value, entries[0].1.value);
        assert_eq!(source.line_col(entries[1].1.span.start), (2, 4));
    }

    #[test]
    fn limits_have_their_own_codes() {
        for (text, code) in [
            ("a: 1\n---\nb: 2\n", "yaml-limit"),
            (&"- ".repeat(60), "yaml-limit"),
            ("a: [\n", "yaml-syntax"),
        ] {
            assert_eq!(parse_str(text).unwrap_err().code.as_str(), code, "{text}");
        }
    }

    /// Nine levels of nine aliases each: 387 million leaves when expanded.
    pub(crate) fn billion_laughs() -> String {
        let mut text = String::from("l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for level in 1..9 {
            let prev = format!("*l{}", level - 1);
            let items = [prev.as_str(); 9].join(", ");
            text.push_str(&format!("l{level}: &l{level} [{items}]\n"));
        }
        text
    }

    /// Tiny values cannot build a tree of hundreds of megabytes: past [`MAX_NODES`], an error.
    #[test]
    fn values_are_bounded_in_number() {
        // The sequence itself is a value, and so is each item: one too many.
        let error = parse_str(&format!("[{}]", "1,".repeat(MAX_NODES))).unwrap_err();
        assert_eq!(error.code.as_str(), "yaml-limit");
        assert!(
            error.message.contains("more than 1000000 YAML values"),
            "{}",
            error.message
        );
    }

    #[test]
    fn small_aliases_are_fine() {
        let text = "a: &a [x, y]\nb: [*a, *a, *a]\n";
        assert!(parse_str(text).is_ok());
    }

    #[test]
    fn aliases_of_a_long_string_are_bounded_by_bytes() {
        // 20 copies of 1 MB: few nodes, but more text than a spec may hold.
        let text = format!(
            "a: &x {}\nb: [{}]\n",
            "n".repeat(1 << 20),
            ["*x"; 20].join(", ")
        );
        let error = parse_str(&text).unwrap_err();
        assert_eq!(error.code.as_str(), "yaml-limit");
        // A few copies are fine.
        let text = format!(
            "a: &x {}\nb: [{}]\n",
            "n".repeat(1 << 20),
            ["*x"; 3].join(", ")
        );
        assert!(parse_str(&text).is_ok());
    }

    #[test]
    fn hostile_inputs_are_errors() {
        for text in [
            "",
            "a: [",
            "a: 1\n---\nb: 2\n",
            &"[".repeat(20_000),
            &billion_laughs(),
        ] {
            assert!(
                parse_str(text).is_err(),
                "accepted {:?}",
                &text[..text.len().min(40)]
            );
        }
    }
}
