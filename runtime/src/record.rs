//! The Firefox event record, `[timestamp, category, method, object, value, {extras}]`, and the
//! reasons a record is not an event of a spec.

use std::collections::BTreeMap;
use std::fmt;

/// One recorded event as Firefox sends it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawEvent {
    /// Milliseconds since the process started.
    pub timestamp: u64,
    /// Category.
    pub category: String,
    /// Method.
    pub method: String,
    /// Object.
    pub object: String,
    /// Value (`null` on the wire when absent).
    pub value: Option<String>,
    /// Extras (omitted on the wire when empty).
    pub extras: BTreeMap<String, String>,
}

/// What the checks read of a record: a [`RawEvent`], or a [`RawRecord`](crate::RawRecord)
/// borrowed from the line it was read from.
pub trait Record {
    /// Category.
    fn category(&self) -> &str;
    /// Object.
    fn object(&self) -> &str;
    /// Method.
    fn method(&self) -> &str;
    /// Value.
    fn value(&self) -> Option<&str>;
    /// The string of extra `key`, if the record has it.
    fn extra(&self, key: &str) -> Option<&str>;
    /// The first extra key, in key order, for which `known` is false.
    fn unknown_key(&self, known: impl Fn(&str) -> bool) -> Option<&str>;
}

impl Record for RawEvent {
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
        self.extras.get(key).map(String::as_str)
    }

    fn unknown_key(&self, known: impl Fn(&str) -> bool) -> Option<&str> {
        self.extras.keys().map(String::as_str).find(|k| !known(k))
    }
}

/// Why a record is not an event of the spec.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum DecodeError {
    /// Not JSON.
    Json(String),
    /// Not a record: wrong item count or item types.
    Shape(String),
    /// An extra's value is not a string.
    NonStringExtra {
        /// The key.
        key: String,
    },
    /// Another category.
    WrongCategory {
        /// The category found.
        found: String,
    },
    /// No object of that name.
    UnknownObject {
        /// The object found.
        object: String,
    },
    /// No method of that name on any object.
    UnknownMethod {
        /// The method found.
        method: String,
    },
    /// The method exists, but not on this object.
    MethodNotOnObject {
        /// The method.
        method: String,
        /// The object.
        object: String,
    },
    /// A record of another event, given to one event's own decoder.
    OtherEvent {
        /// The event the decoder is for (`object.method`).
        expected: String,
        /// The record's (`object.method`).
        found: String,
    },
    /// The event has no extra of that key.
    UnknownExtra {
        /// The key.
        key: String,
    },
    /// A required extra is missing.
    MissingExtra {
        /// The key.
        key: String,
    },
    /// An extra is present although its condition does not hold.
    UnexpectedExtra {
        /// The key.
        key: String,
        /// Why it should be absent.
        reason: String,
    },
    /// A value outside the allowed set, or not a boolean, or not an enrollment id.
    InvalidValue {
        /// The key.
        key: String,
        /// The value found.
        value: String,
        /// What was expected.
        expected: String,
    },
    /// A value longer than allowed.
    TooLong {
        /// `value` or the extra key.
        key: String,
        /// Its length in bytes.
        len: usize,
        /// The limit in bytes.
        max: usize,
    },
    /// The event value is missing.
    MissingValue,
    /// The record has a value, but the event has none.
    UnexpectedValue,
}

/// Record text echoed in a message: whole when short, otherwise its start and end around `…`
/// and its length, so that a record of megabytes never makes a message of megabytes.
struct Shown<'a>(&'a str);

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match crate::limits::elide(self.0, 64) {
            std::borrow::Cow::Borrowed(whole) => f.write_str(whole),
            std::borrow::Cow::Owned(short) => write!(f, "{short} ({} bytes)", self.0.len()),
        }
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::Json(e) => write!(f, "not JSON: {}", Shown(e)),
            DecodeError::Shape(e) => write!(f, "not an event record: {e}"),
            DecodeError::NonStringExtra { key } => {
                write!(f, "extra `{}` is not a string", Shown(key))
            }
            DecodeError::WrongCategory { found } => {
                write!(f, "unknown category `{}`", Shown(found))
            }
            DecodeError::UnknownObject { object } => {
                write!(f, "unknown object `{}`", Shown(object))
            }
            DecodeError::UnknownMethod { method } => {
                write!(f, "unknown method `{}`", Shown(method))
            }
            DecodeError::MethodNotOnObject { method, object } => write!(
                f,
                "method `{}` is not defined for object `{}`",
                Shown(method),
                Shown(object)
            ),
            DecodeError::OtherEvent { expected, found } => {
                write!(f, "a record of `{}`, not of `{expected}`", Shown(found))
            }
            DecodeError::UnknownExtra { key } => write!(f, "unknown extra `{}`", Shown(key)),
            DecodeError::MissingExtra { key } => write!(f, "missing required extra `{key}`"),
            DecodeError::UnexpectedExtra { key, reason } => {
                write!(f, "extra `{key}` must be absent: {reason}")
            }
            DecodeError::InvalidValue {
                key,
                value,
                expected,
            } => {
                write!(
                    f,
                    "extra `{key}` is `{}`, expected {expected}",
                    Shown(value)
                )
            }
            DecodeError::TooLong { key, len, max } => {
                write!(f, "`{key}` is {len} bytes, over the limit of {max}")
            }
            DecodeError::MissingValue => write!(f, "the event value is missing"),
            DecodeError::UnexpectedValue => {
                write!(f, "the event has no value, but the record has one")
            }
        }
    }
}

impl std::error::Error for DecodeError {}

/// Helpers the generated decoders and [`crate::shape`] call; not meant for hand-written code.
///
/// The checks (`is_event`, `value_text`, `required`, `boolean`) are what
/// [`crate::shape::EventShape::check`] is made of, for any [`Record`]; the rest make its errors.
#[doc(hidden)]
pub mod decode {
    use super::{DecodeError, Record};
    use crate::limits::MAX_VALUE_BYTES;

    /// The value, present and within its limit.
    pub fn value_text<R: Record>(raw: &R) -> Result<&str, DecodeError> {
        let value = raw.value().ok_or(DecodeError::MissingValue)?;
        within("value", value, MAX_VALUE_BYTES)?;
        Ok(value)
    }

    /// The key generated code dispatches a record on (`Event::from_record`): FNV-1a over the
    /// category, object and method, each ended by a zero byte, from `seed` (the generator picks
    /// one under which no two of the spec's events share a key; it is 0 but for a collision).
    /// A `match` on these integers is what rustc checks quickly: the same match on the three
    /// strings took most of a 1,000-event crate's `cargo check`.
    pub const fn event_key(seed: u64, category: &str, object: &str, method: &str) -> u64 {
        const PRIME: u64 = 0x0000_0100_0000_01b3;
        let mut hash = 0xcbf2_9ce4_8422_2325 ^ seed;
        let parts = [category.as_bytes(), object.as_bytes(), method.as_bytes()];
        let mut p = 0;
        while p < parts.len() {
            let bytes = parts[p];
            let mut i = 0;
            while i < bytes.len() {
                hash = (hash ^ bytes[i] as u64).wrapping_mul(PRIME);
                i += 1;
            }
            hash = hash.wrapping_mul(PRIME);
            p += 1;
        }
        hash
    }

    /// Checks that `raw` is a record of the event `category`, `object`, `method`: an event's
    /// own decoder may be given any record.
    pub fn is_event<R: Record>(
        raw: &R,
        category: &str,
        object: &str,
        method: &str,
    ) -> Result<(), DecodeError> {
        is_category(raw, category)?;
        if raw.object() != object || raw.method() != method {
            return Err(DecodeError::OtherEvent {
                expected: format!("{object}.{method}"),
                found: format!("{}.{}", raw.object(), raw.method()),
            });
        }
        Ok(())
    }

    /// Checks that `raw` is a record of `category`.
    pub fn is_category<R: Record>(raw: &R, category: &str) -> Result<(), DecodeError> {
        if raw.category() != category {
            return Err(DecodeError::WrongCategory {
                found: raw.category().into(),
            });
        }
        Ok(())
    }

    /// Why `raw` is none of `events` (each a category, object and method): a category the
    /// spec does not have, an object or method its category does not have, or a method
    /// that is not on the object.
    pub fn unknown_event<R: Record>(raw: &R, events: &[(&str, &str, &str)]) -> DecodeError {
        let in_category = || events.iter().filter(|(c, _, _)| *c == raw.category());
        if in_category().next().is_none() {
            DecodeError::WrongCategory {
                found: raw.category().into(),
            }
        } else if !in_category().any(|(_, o, _)| *o == raw.object()) {
            DecodeError::UnknownObject {
                object: raw.object().into(),
            }
        } else if !in_category().any(|(_, _, m)| *m == raw.method()) {
            DecodeError::UnknownMethod {
                method: raw.method().into(),
            }
        } else {
            DecodeError::MethodNotOnObject {
                method: raw.method().into(),
                object: raw.object().into(),
            }
        }
    }

    /// A required extra, within `max` bytes.
    pub fn required<'r, R: Record>(
        raw: &'r R,
        key: &str,
        max: usize,
    ) -> Result<&'r str, DecodeError> {
        let v = raw
            .extra(key)
            .ok_or_else(|| DecodeError::MissingExtra { key: key.into() })?;
        within(key, v, max)?;
        Ok(v)
    }

    /// The first of `all` whose string is `s`: the `FromStr` of generated enums (where values
    /// are shared, as uptake statuses may share a telemetry value, the first in spec order).
    pub fn first_match<T: Copy>(
        key: &str,
        s: &str,
        all: &[T],
        wire: fn(T) -> &'static str,
    ) -> Result<T, DecodeError> {
        match all.iter().copied().find(|v| wire(*v) == s) {
            Some(v) => Ok(v),
            None => {
                let mut values: Vec<&str> = Vec::with_capacity(all.len());
                for v in all {
                    if !values.contains(&wire(*v)) {
                        values.push(wire(*v));
                    }
                }
                Err(not_one_of(key, s, &values))
            }
        }
    }

    /// `"true"` or `"false"`.
    pub fn boolean(key: &str, v: &str) -> Result<bool, DecodeError> {
        match v {
            "true" => Ok(true),
            "false" => Ok(false),
            _ => Err(invalid(key, v, "\"true\" or \"false\"")),
        }
    }

    /// The error for an enum extra's string that is none of `values`.
    pub fn not_one_of(key: &str, value: &str, values: &[&str]) -> DecodeError {
        invalid(key, value, &format!("one of {values:?}"))
    }

    /// The error for a string that is neither a UUID nor the enrollment-id filler.
    pub fn not_an_enrollment_id(key: &str, value: &str) -> DecodeError {
        invalid(key, value, "a UUID or the enrollment-id filler")
    }

    /// A quantity: an integer in canonical decimal (an optional `-`, then digits with no
    /// leading zero, so that it reads back as the same string), from `min` to `max`.
    pub fn quantity(key: &str, v: &str, min: i64, max: i64) -> Result<i64, DecodeError> {
        let digits = v.strip_prefix('-').unwrap_or(v);
        let canonical = !digits.is_empty()
            && digits.bytes().all(|b| b.is_ascii_digit())
            && (digits == "0" || !digits.starts_with('0'))
            && v != "-0";
        let n = canonical.then(|| v.parse::<i64>().ok()).flatten();
        match n {
            Some(n) if (min..=max).contains(&n) => Ok(n),
            _ => Err(invalid(
                key,
                v,
                &format!("an integer from {min} to {max}, in decimal"),
            )),
        }
    }

    /// The error for a value outside what is allowed.
    pub fn invalid(key: &str, value: &str, expected: &str) -> DecodeError {
        DecodeError::InvalidValue {
            key: key.into(),
            value: value.into(),
            expected: expected.into(),
        }
    }

    fn within(key: &str, v: &str, max: usize) -> Result<(), DecodeError> {
        if v.len() > max {
            return Err(DecodeError::TooLong {
                key: key.into(),
                len: v.len(),
                max,
            });
        }
        Ok(())
    }
}

/// Why an event cannot be recorded as it is.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum EncodeError {
    /// A string longer than the spec allows, where the spec does not let it be truncated.
    TooLong {
        /// `value` or the extra key.
        key: String,
        /// Its length in bytes.
        len: usize,
        /// The limit in bytes.
        max: usize,
    },
    /// A quantity outside the bounds the spec gives it.
    OutOfRange {
        /// The extra key.
        key: String,
        /// The value.
        value: i64,
        /// The least allowed.
        min: i64,
        /// The most allowed.
        max: i64,
    },
}

impl fmt::Display for EncodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EncodeError::OutOfRange {
                key,
                value,
                min,
                max,
            } => write!(f, "`{key}` is {value}, outside {min}..={max}"),
            EncodeError::TooLong { key, len, max } => write!(
                f,
                "`{key}` is {len} bytes, over the limit of {max} (and the spec does not truncate it)"
            ),
        }
    }
}

impl std::error::Error for EncodeError {}

/// Helpers the generated encoders call; not meant for hand-written code.
#[doc(hidden)]
pub mod encode {
    use std::collections::BTreeMap;

    use super::{EncodeError, RawEvent};
    use crate::limits::{MAX_VALUE_BYTES, truncate};

    /// A record with no extras yet; a value over Firefox's limit is an error.
    pub fn record(
        timestamp: u64,
        category: &str,
        method: &str,
        object: &str,
        value: Option<&str>,
    ) -> Result<RawEvent, EncodeError> {
        if let Some(value) = value {
            within("value", value, MAX_VALUE_BYTES)?;
        }
        Ok(RawEvent {
            timestamp,
            category: category.to_string(),
            method: method.to_string(),
            object: object.to_string(),
            value: value.map(str::to_string),
            extras: BTreeMap::new(),
        })
    }

    /// A string extra within `max` bytes; a longer one is an error.
    pub fn string(
        raw: &mut RawEvent,
        key: &str,
        value: &str,
        max: usize,
    ) -> Result<(), EncodeError> {
        within(key, value, max)?;
        text(raw, key, value);
        Ok(())
    }

    /// A string extra the spec marks `truncate`: cut to `max` bytes at a UTF-8 boundary, as
    /// Firefox does.
    pub fn truncated(raw: &mut RawEvent, key: &str, value: &str, max: usize) {
        text(raw, key, truncate(value, max));
    }

    /// An extra whose string is already within the limits (an enum value).
    pub fn text(raw: &mut RawEvent, key: &str, value: &str) {
        owned(raw, key, value.to_string());
    }

    /// An extra whose string was just built and is within the limits (an enrollment id).
    pub fn owned(raw: &mut RawEvent, key: &str, value: String) {
        raw.extras.insert(key.to_string(), value);
    }

    fn within(key: &str, value: &str, max: usize) -> Result<(), EncodeError> {
        if value.len() > max {
            return Err(EncodeError::TooLong {
                key: key.into(),
                len: value.len(),
                max,
            });
        }
        Ok(())
    }
}

/// `Display` (the string sent) and `FromStr` (the first value in spec order whose string it
/// is, errors naming `key`) for a generated enum that has `ALL` and `as_str`. Generated code
/// calls it, one line per enum; not meant for hand-written code.
#[doc(hidden)]
#[macro_export]
macro_rules! string_traits {
    ($name:ident, $key:literal) => {
        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::core::str::FromStr for $name {
            type Err = $crate::DecodeError;

            /// Parses the string sent; where values share one, the first in spec order.
            fn from_str(s: &str) -> ::core::result::Result<Self, $crate::DecodeError> {
                $crate::record::decode::first_match($key, s, &Self::ALL, Self::as_str)
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An event's key is its three names with their boundaries: moving a letter across one
    /// makes another key; it is computed in a `const`, and the seed changes it.
    #[test]
    fn event_keys_keep_the_names_apart() {
        use super::decode::event_key;
        const KEY: u64 = event_key(0, "normandy", "preference_study", "enroll");
        assert_eq!(KEY, event_key(0, "normandy", "preference_study", "enroll"));
        assert_ne!(event_key(0, "ab", "c", "d"), event_key(0, "a", "bc", "d"));
        assert_ne!(event_key(0, "a", "b", "cd"), event_key(0, "a", "bc", "d"));
        assert_ne!(event_key(0, "a", "b", "c"), event_key(1, "a", "b", "c"));
    }

    /// Whatever a record holds, a message quotes at most a few dozen characters of it.
    #[test]
    fn messages_quote_little_of_a_huge_record() {
        let huge = "é".repeat(1_000_000);
        let errors = [
            DecodeError::WrongCategory {
                found: huge.clone(),
            },
            DecodeError::UnknownObject {
                object: huge.clone(),
            },
            DecodeError::UnknownMethod {
                method: huge.clone(),
            },
            DecodeError::MethodNotOnObject {
                method: huge.clone(),
                object: huge.clone(),
            },
            DecodeError::OtherEvent {
                expected: "o.m".into(),
                found: huge.clone(),
            },
            DecodeError::UnknownExtra { key: huge.clone() },
            DecodeError::NonStringExtra { key: huge.clone() },
            DecodeError::InvalidValue {
                key: "k".into(),
                value: huge.clone(),
                expected: "one of [\"a\"]".into(),
            },
            DecodeError::Json(huge.clone()),
        ];
        for error in errors {
            let text = error.to_string();
            assert!(text.len() < 400, "{}", &text[..400]);
            assert!(
                text.contains("é…é") && text.contains("é (2000000 bytes)"),
                "{text}"
            );
        }
        assert_eq!(
            DecodeError::UnknownObject {
                object: "short".into()
            }
            .to_string(),
            "unknown object `short`"
        );
    }
}
