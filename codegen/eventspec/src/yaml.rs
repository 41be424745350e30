//! YAML text to a generic tree of located nodes.
//!
//! The spec is not deserialized straight into typed structs: serde stops at the first unknown key
//! or wrong type, and we want every problem in one run. So YAML becomes a [`Node`] tree that keeps
//! every key (duplicates included) with its location, and [`crate::spec`] reads that tree,
//! collecting all structural errors.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::{DuplicateKeyPolicy, Spanned};

use crate::diagnostic::Diagnostic;
use crate::source::{Source, Span};

/// Largest spec accepted, in bytes. A 10,000-event spec is about 3 MiB.
pub const MAX_SPEC_BYTES: usize = 16 * 1024 * 1024;

/// Deepest nesting accepted. The spec language needs 7 levels; this bounds recursion.
pub const MAX_DEPTH: usize = 48;

/// A YAML value with the location it was written at.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    /// Where the value is written (for an alias, where the alias is).
    pub span: Span,
    /// The value.
    pub value: Value,
}

/// The value of a [`Node`].
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// `~`, `null` or nothing.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// An integer.
    Int(i128),
    /// A floating-point number.
    Float(f64),
    /// A string.
    Str(String),
    /// A sequence.
    Seq(Vec<Node>),
    /// A mapping, in source order, duplicate keys kept.
    Map(Vec<(Node, Node)>),
}

impl Value {
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

/// Parses `source` as one YAML document. Errors are located diagnostics, never panics.
pub fn parse(source: &Source) -> Result<Node, Box<Diagnostic>> {
    let text = source.text();
    if text.len() > MAX_SPEC_BYTES {
        return Err(Box::new(too_large(text.len())));
    }
    if text.trim().is_empty() {
        return Err(Box::new(
            Diagnostic::error("empty-spec", "the spec is empty")
                .with_help("a spec starts with `eventspec: 1`; see docs/spec-format.md"),
        ));
    }
    let options = serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_reader_input_bytes: Some(MAX_SPEC_BYTES),
            max_depth: MAX_DEPTH,
            max_nodes: 4_000_000,
            max_events: 8_000_000,
            max_aliases: 1_000,
            max_anchors: 1_000,
            max_documents: 1,
        },
        // Keep every key: duplicates are reported by the spec reader, with both locations.
        duplicate_keys: DuplicateKeyPolicy::PassThrough,
        // A spec may share text through anchors, but an alias bomb stops early.
        alias_limits: serde_saphyr::alias_limits! {
            max_total_replayed_events: 100_000,
        },
        // `yes`, `no`, `on`, `off` stay strings (YAML 1.2).
        strict_booleans: true,
    };
    serde_saphyr::from_str_with_options::<Node>(text, options)
        .map_err(|error| Box::new(syntax_error(source, &error)))
}

/// The diagnostic for a file over [`MAX_SPEC_BYTES`].
pub fn too_large(len: usize) -> Diagnostic {
    Diagnostic::error(
        "spec-too-large",
        format!(
            "the spec is {:.1} MiB, over the {} MiB limit",
            len as f64 / (1024.0 * 1024.0),
            MAX_SPEC_BYTES / (1024 * 1024)
        ),
    )
}

fn syntax_error(source: &Source, error: &serde_saphyr::Error) -> Diagnostic {
    let error = error.without_snippet();
    let message = error
        .render_with_options(serde_saphyr::render_options! {
            snippets: serde_saphyr::SnippetMode::Off,
        })
        .lines()
        .next()
        .unwrap_or("invalid YAML")
        .to_string();
    let diagnostic = match budget_message(&message) {
        Some((code, message)) => Diagnostic::error(code, message),
        None => Diagnostic::error(
            "yaml-syntax",
            format!("invalid YAML: {}", strip_location_suffix(&message)),
        ),
    };
    match error.location() {
        Some(location) if location.line() > 0 => {
            let offset = source.offset_of(location.line() as usize, location.column() as usize);
            diagnostic.at(Span::new(offset, offset), "")
        }
        _ => diagnostic,
    }
}

/// Plain words for the parser's resource limits, which it reports in debug notation.
fn budget_message(message: &str) -> Option<(&'static str, String)> {
    let text = if message.contains("Documents") {
        "a spec is one YAML document, but this file holds several (separated by `---`)".to_string()
    } else if message.contains("recursion limit") || message.contains("Depth") {
        format!("the YAML is nested too deeply (the limit is {MAX_DEPTH} levels)")
    } else if message.contains("alias") || message.contains("Alias") || message.contains("Anchors")
    {
        "YAML aliases expand to too much data (an alias bomb?)".to_string()
    } else if message.contains("budget breached") {
        format!(
            "the YAML is too large to be a spec ({})",
            strip_location_suffix(message)
        )
    } else {
        return None;
    };
    Some(("yaml-limit", text))
}

/// serde-saphyr appends " at line L column C"; we print the location ourselves.
fn strip_location_suffix(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
    .trim_end_matches(['.', ':'])
    .to_string()
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let spanned = Spanned::<Value>::deserialize(deserializer)?;
        let span = spanned.referenced.span();
        let start = span.byte_offset().unwrap_or(0) as usize;
        let len = span.byte_len().unwrap_or(0) as usize;
        Ok(Node {
            span: Span::new(start, start + len),
            value: spanned.value,
        })
    }
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        Value::deserialize(d)
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Int(v.into()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Int(v.into()))
    }

    fn visit_i128<E>(self, v: i128) -> Result<Value, E> {
        Ok(Value::Int(v))
    }

    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Value, E> {
        i128::try_from(v)
            .map(Value::Int)
            .map_err(|_| E::custom("integer too large"))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Value::Float(v))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::Str(v.to_string()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::Str(v))
    }

    fn visit_bytes<E>(self, v: &[u8]) -> Result<Value, E> {
        Ok(Value::Str(String::from_utf8_lossy(v).into_owned()))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Node>()? {
            items.push(item);
        }
        Ok(Value::Seq(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<Node>()? {
            let value = map.next_value::<Node>()?;
            entries.push((key, value));
        }
        Ok(Value::Map(entries))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(text: &str) -> Result<Node, Box<Diagnostic>> {
        parse(&Source::new("t.yaml", text))
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

    #[test]
    fn small_aliases_are_fine() {
        let text = "a: &a [x, y]\nb: [*a, *a, *a]\n";
        assert!(parse_str(text).is_ok());
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
