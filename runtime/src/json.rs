//! Firefox's JSON form of a record, `[timestamp, category, method, object, value, {extras}]`,
//! in and out.
//!
//! A line is read in one pass into a [`RawRecord`], which borrows its strings from the line
//! (those without escapes), with no `serde_json::Value` tree in between: each item is kept as
//! much as the shape check needs ([`Item`]), and the check, one function for a line and for a
//! `Value` alike, runs when the array is read, in one fixed order, so that a record with
//! several problems always reports the same one. [`RawEvent`] is its owned form.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

use crate::record::Record;
use crate::{DecodeError, RawEvent};

impl RawEvent {
    /// The record as Firefox's JSON array.
    pub fn to_json(&self) -> Value {
        let mut items = vec![
            Value::from(self.timestamp),
            Value::from(self.category.as_str()),
            Value::from(self.method.as_str()),
            Value::from(self.object.as_str()),
        ];
        // As Firefox sends it: 4 items with neither value nor extras, `null` for a missing
        // value before extras.
        if self.value.is_some() || !self.extras.is_empty() {
            items.push(self.value.as_deref().map_or(Value::Null, Value::from));
        }
        if !self.extras.is_empty() {
            let extras = self
                .extras
                .iter()
                .map(|(k, v)| (k.clone(), Value::from(v.as_str())))
                .collect();
            items.push(Value::Object(extras));
        }
        Value::Array(items)
    }

    /// Reads Firefox's JSON array form, checking only its shape.
    pub fn from_json(json: &Value) -> Result<RawEvent, DecodeError> {
        let Value::Array(items) = json else {
            return Err(not_an_array());
        };
        let mut record = Items::default();
        for item in items {
            record.push(|| Item::of(item));
        }
        record.into_record().map(RawRecord::into_owned)
    }

    /// Parses one JSON line: the same result as [`RawEvent::from_json`] of the line's
    /// `Value`, read in one pass.
    pub fn from_json_str(line: &str) -> Result<RawEvent, DecodeError> {
        RawRecord::parse(line).map(RawRecord::into_owned)
    }
}

/// A record as read from a line, borrowing from it the strings that hold no escapes: what
/// `eventspec decode` checks, with no allocation for most records. [`RawRecord::into_owned`]
/// gives the [`RawEvent`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawRecord<'a> {
    /// Milliseconds since the process started.
    pub timestamp: u64,
    /// Category.
    pub category: Cow<'a, str>,
    /// Method.
    pub method: Cow<'a, str>,
    /// Object.
    pub object: Cow<'a, str>,
    /// Value (`null` on the wire when absent).
    pub value: Option<Cow<'a, str>>,
    /// Extras, in key order, each key once (the last of a repeated key, as in a JSON object).
    pub extras: Extras<'a>,
}

/// The extras of a [`RawRecord`]: key and string, in key order, each key once.
pub type Extras<'a> = Vec<(Cow<'a, str>, Cow<'a, str>)>;

impl<'a> RawRecord<'a> {
    /// Parses one JSON line, checking only its shape: the same result as
    /// [`RawEvent::from_json_str`].
    pub fn parse(line: &'a str) -> Result<RawRecord<'a>, DecodeError> {
        let mut de = serde_json::Deserializer::from_str(line);
        // An array is read item by item; any other JSON is only checked to be JSON.
        let items = if line
            .trim_start_matches([' ', '\t', '\n', '\r'])
            .starts_with('[')
        {
            de::Deserializer::deserialize_seq(&mut de, RecordVisitor).map(Some)
        } else {
            de::Deserialize::deserialize(&mut de).map(|IgnoredAny| None)
        };
        let items = items
            .and_then(|items| de.end().map(|()| items))
            .map_err(|e| DecodeError::Json(json_error(&e)))?;
        items.ok_or_else(not_an_array)?.into_record()
    }

    /// The owned record.
    pub fn into_owned(self) -> RawEvent {
        RawEvent {
            timestamp: self.timestamp,
            category: self.category.into_owned(),
            method: self.method.into_owned(),
            object: self.object.into_owned(),
            value: self.value.map(Cow::into_owned),
            extras: self
                .extras
                .into_iter()
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
        }
    }
}

impl Record for RawRecord<'_> {
    fn category(&self) -> &str {
        &self.category
    }

    fn object(&self) -> &str {
        &self.object
    }

    fn method(&self) -> &str {
        &self.method
    }

    fn value(&self) -> Option<&str> {
        self.value.as_deref()
    }

    fn extra(&self, key: &str) -> Option<&str> {
        self.extras
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_ref())
    }

    fn unknown_key(&self, known: impl Fn(&str) -> bool) -> Option<&str> {
        self.extras
            .iter()
            .map(|(k, _)| k.as_ref())
            .find(|k| !known(k))
    }
}

fn not_an_array() -> DecodeError {
    DecodeError::Shape("a record is a JSON array".into())
}

/// serde_json's message, its position given as a column when the text is one line (as a
/// record of JSON Lines is, whose line the reader knows).
fn json_error(e: &serde_json::Error) -> String {
    let text = e.to_string();
    let message = text
        .rsplit_once(" at line ")
        .map_or(text.as_str(), |(m, _)| m);
    match e.line() {
        0 => message.to_string(),
        1 => format!("{message} at column {}", e.column()),
        line => format!("{message} at line {line} column {}", e.column()),
    }
}

/// An item of a record's array, kept as far as the shape check needs it.
enum Item<'a> {
    /// A non-negative integer (a timestamp).
    Integer(u64),
    Text(Cow<'a, str>),
    Null,
    /// An object: its string members in key order, or the first key (in key order) whose value
    /// is not a string.
    Object(Result<Extras<'a>, Cow<'a, str>>),
    /// Anything else.
    Other,
}

impl<'a> Item<'a> {
    fn of(value: &'a Value) -> Item<'a> {
        match value {
            Value::Number(n) => n.as_u64().map_or(Item::Other, Item::Integer),
            Value::String(s) => Item::Text(Cow::Borrowed(s)),
            Value::Null => Item::Null,
            Value::Object(map) => {
                let mut members = Members::default();
                for (key, v) in map {
                    members.push(Cow::Borrowed(key), v.as_str().map(Cow::Borrowed));
                }
                Item::Object(members.finish())
            }
            Value::Bool(_) | Value::Array(_) => Item::Other,
        }
    }
}

/// The first six items of a record and how many it has.
#[derive(Default)]
struct Items<'a> {
    /// In place, not in a `Vec`: one allocation fewer a record.
    items: [Option<Item<'a>>; 6],
    count: usize,
}

impl<'a> Items<'a> {
    /// Counts one more item, keeping it (made by `item`) if it is among the first six.
    fn push(&mut self, item: impl FnOnce() -> Item<'a>) {
        if let Some(slot) = self.items.get_mut(self.count) {
            *slot = Some(item());
        }
        self.count += 1;
    }

    /// The record, or its first shape problem.
    fn into_record(self) -> Result<RawRecord<'a>, DecodeError> {
        if !(4..=6).contains(&self.count) {
            return Err(DecodeError::Shape(format!(
                "a record has 4 to 6 items ([timestamp, category, method, object, value, extras]), found {}",
                self.count
            )));
        }
        let mut items = self.items.into_iter();
        let mut next = || items.next().flatten().unwrap_or(Item::Null);
        let Item::Integer(timestamp) = next() else {
            return Err(DecodeError::Shape(
                "the timestamp is not a non-negative integer".into(),
            ));
        };
        let (category, method, object) = (next(), next(), next());
        let value = match next() {
            Item::Null => None,
            Item::Text(s) => Some(s),
            _ => {
                return Err(DecodeError::Shape(
                    "the value is neither a string nor null".into(),
                ));
            }
        };
        let extras = match next() {
            Item::Null => Vec::new(),
            Item::Object(Ok(extras)) => extras,
            Item::Object(Err(key)) => {
                return Err(DecodeError::NonStringExtra {
                    key: key.into_owned(),
                });
            }
            _ => {
                return Err(DecodeError::Shape(
                    "the extras are not a JSON object".into(),
                ));
            }
        };
        let text = |item: Item<'a>, what: &str| match item {
            Item::Text(s) => Ok(s),
            _ => Err(DecodeError::Shape(format!("the {what} is not a string"))),
        };
        Ok(RawRecord {
            timestamp,
            category: text(category, "category")?,
            method: text(method, "method")?,
            object: text(object, "object")?,
            value,
            extras,
        })
    }
}

/// An object's members as they are read, in order; a later member of the same key replaces
/// an earlier one, as in a `Value`.
#[derive(Default)]
struct Members<'a> {
    /// Each key and its value: `None` when it is not a string.
    read: Vec<(Cow<'a, str>, Option<Cow<'a, str>>)>,
}

impl<'a> Members<'a> {
    fn push(&mut self, key: Cow<'a, str>, value: Option<Cow<'a, str>>) {
        self.read.push((key, value));
    }

    /// The string members in key order, or the first key whose value is not a string.
    fn finish(mut self) -> Result<Extras<'a>, Cow<'a, str>> {
        // Stable: the members of one key stay in the order read; the last one is kept.
        self.read.sort_by(|a, b| a.0.cmp(&b.0));
        self.read.dedup_by(|later, kept| {
            let same = later.0 == kept.0;
            if same {
                std::mem::swap(later, kept);
            }
            same
        });
        if let Some((key, _)) = self.read.iter().find(|(_, value)| value.is_none()) {
            return Err(key.clone());
        }
        // Collected in place: the same allocation.
        Ok(self
            .read
            .into_iter()
            .map(|(key, value)| (key, value.unwrap_or_default()))
            .collect())
    }
}

/// A line that is an array: its first items, and how many it has.
struct RecordVisitor;

impl<'de> Visitor<'de> for RecordVisitor {
    type Value = Items<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON array")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut items = Items::default();
        loop {
            if items.count < 6 {
                match seq.next_element_seed(ItemSeed)? {
                    Some(item) => items.push(|| item),
                    None => break,
                }
            } else {
                match seq.next_element::<IgnoredAny>()? {
                    Some(_) => items.push(|| Item::Other),
                    None => break,
                }
            }
        }
        Ok(items)
    }
}

/// One item of the array.
struct ItemSeed;

impl<'de> DeserializeSeed<'de> for ItemSeed {
    type Value = Item<'de>;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Item<'de>, D::Error> {
        d.deserialize_any(ItemVisitor)
    }
}

struct ItemVisitor;

impl<'de> Visitor<'de> for ItemVisitor {
    type Value = Item<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("JSON")
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Item<'de>, E> {
        Ok(Item::Integer(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Item<'de>, E> {
        Ok(u64::try_from(v).map_or(Item::Other, Item::Integer))
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Item<'de>, E> {
        Ok(Item::Other)
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Item<'de>, E> {
        Ok(Item::Other)
    }

    fn visit_borrowed_str<E: de::Error>(self, s: &'de str) -> Result<Item<'de>, E> {
        Ok(Item::Text(Cow::Borrowed(s)))
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<Item<'de>, E> {
        Ok(Item::Text(Cow::Owned(s.to_string())))
    }

    fn visit_string<E: de::Error>(self, s: String) -> Result<Item<'de>, E> {
        Ok(Item::Text(Cow::Owned(s)))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Item<'de>, E> {
        Ok(Item::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Item<'de>, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Item::Other)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Item<'de>, A::Error> {
        let text = |item| match item {
            Item::Text(s) => Some(s),
            _ => None,
        };
        let mut members = Members::default();
        while let Some(key) = map.next_key_seed(ItemSeed)? {
            let value = map.next_value_seed(ItemSeed)?;
            // A key is always a string in JSON.
            members.push(text(key).unwrap_or_default(), text(value));
        }
        Ok(Item::Object(members.finish()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What reading the line as a `Value` first gives: the definition `from_json_str` keeps.
    fn through_value(line: &str) -> Result<RawEvent, DecodeError> {
        let value: Value =
            serde_json::from_str(line).map_err(|e| DecodeError::Json(json_error(&e)))?;
        RawEvent::from_json(&value)
    }

    #[test]
    fn one_pass_reads_every_line_as_the_value_tree_does() {
        let lines = [
            r#"[1, "c", "m", "o", "v", {"a": "1", "b": "2"}]"#,
            r#"[1, "c", "m", "o", null]"#,
            r#"[1, "c", "m", "o"]"#,
            r#"[1, "c", "m", "o", "v", null]"#,
            r#"[1, "c\n\u00e9", "m", "o", "\"quoted\"", {"k\t": "v\\"}]"#,
            // Shape problems, several at once: the first in the fixed order wins.
            r#"[1, 2, "m"]"#,
            r#"[-1, 2, "m", "o"]"#,
            r#"[1.5, "c", "m", "o"]"#,
            r#"[18446744073709551616, "c", "m", "o"]"#,
            r#"[1, "c", "m", "o", 5, {"a": 1}]"#,
            r#"[1, 7, "m", "o", "v", {"a": 1}]"#,
            r#"[1, "c", "m", "o", "v", []]"#,
            r#"[1, "c", "m", "o", "v", {}, 7]"#,
            r#"[1, "c", "m", "o", "v", {}, 7, [1, {"x": [2]}]]"#,
            r#"[1, {"a": "b"}, "m", "o"]"#,
            r#"[1, "c", ["m"], "o"]"#,
            r#"[true, "c", "m", "o"]"#,
            // Extras: the first key in key order whose value is not a string; a repeated key
            // counts with its last value.
            r#"[1, "c", "m", "o", "v", {"z": 1, "a": null, "m": "s"}]"#,
            r#"[1, "c", "m", "o", "v", {"a": 1, "a": "now a string"}]"#,
            r#"[1, "c", "m", "o", "v", {"a": "s", "a": {"deep": [1]}}]"#,
            r#"[1, "c", "m", "o", "v", {"a": "first", "a": "last"}]"#,
            // Not arrays, not JSON.
            r#"{"a": [1, 2]}"#,
            "null",
            "\"text\"",
            "42",
            "",
            "[1, \"c\", \"m\", \"o\"] trailing",
            "[1, \"c\", \"m\", \"o\"",
            "[1, \"c\\x\", \"m\", \"o\"]",
            "\n[1, \"c\", \"m\", \"o\", ]",
            " \t\r\n[1, \"c\", \"m\", \"o\"] ",
            "\u{a0}[1, \"c\", \"m\", \"o\"]",
            "[1, \"c\", \"m\", \"o\", \"v\", {\"a\": {\"b\": {\"c\": \"d\"}}, \"z\": \"s\"}]",
        ];
        for line in lines {
            assert_eq!(RawEvent::from_json_str(line), through_value(line), "{line}");
        }
        assert!(RawEvent::from_json_str(lines[0]).is_ok());
        assert_eq!(
            RawEvent::from_json_str(lines[17]),
            Err(DecodeError::NonStringExtra { key: "a".into() })
        );
    }

    #[test]
    fn strings_without_escapes_are_borrowed_from_the_line() {
        let line = r#"[1, "c", "m\u006f", "o", "v", {"k": "x", "e\n": "y\t"}]"#;
        let record = RawRecord::parse(line).unwrap();
        assert!(matches!(record.category, Cow::Borrowed("c")));
        assert!(matches!(record.method, Cow::Owned(ref m) if m == "mo"));
        assert!(matches!(record.value, Some(Cow::Borrowed("v"))));
        // In key order: the escaped key first.
        let [(escaped_key, escaped_value), (key, value)] = &record.extras[..] else {
            panic!("two extras: {:?}", record.extras);
        };
        assert!(matches!(escaped_key, Cow::Owned(k) if k == "e\n"));
        assert!(matches!(escaped_value, Cow::Owned(v) if v == "y\t"));
        assert!(matches!(
            (key, value),
            (Cow::Borrowed("k"), Cow::Borrowed("x"))
        ));
        assert_eq!(record.into_owned(), RawEvent::from_json_str(line).unwrap());
    }
}
