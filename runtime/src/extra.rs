//! How each type a generated field may have goes into a record and comes back out of one: the
//! [`Extra`] trait, driven by the event's [`EventShape`] table (the key, the byte limit,
//! whether to truncate), so that a generated event's `to_record` and `from_record` are a list
//! of its fields and nothing else.

use crate::record::encode;
use crate::shape::{EventShape, Kind};
use crate::{EncodeError, RawEvent, Uuid};

/// A type an extra's value may have in generated code: `String`, `bool`, `i64` (a quantity),
/// [`Uuid`], a generated enum or enrollment id, or an `Option` of one.
pub trait Extra {
    /// Puts this value into `raw` as extra `i` of `shape` (with, for an enum, the extras that
    /// depend on it).
    fn put(&self, raw: &mut RawEvent, shape: &EventShape<'_>, i: usize) -> Result<(), EncodeError>;

    /// Extra `i` of a record that [`EventShape::check`] has accepted.
    ///
    /// It cannot fail: the check has already found every present extra valid and every
    /// required one present. (Given another record it still does not panic: a missing string
    /// reads as empty, an unknown enum string as the first value.)
    fn get(record: &Checked<'_>, i: usize) -> Self
    where
        Self: Sized;
}

/// A record that [`EventShape::check`] has accepted, with the shape's extras: what
/// [`Extra::get`] reads from.
#[derive(Clone, Copy, Debug)]
pub struct Checked<'a> {
    raw: &'a RawEvent,
    extras: &'a [crate::shape::ExtraShape<'a>],
}

impl<'a> Checked<'a> {
    pub(crate) fn new(raw: &'a RawEvent, shape: &'a EventShape<'a>) -> Self {
        Checked {
            raw,
            extras: shape.extras,
        }
    }

    /// The event value.
    pub fn value(&self) -> String {
        self.raw.value.clone().unwrap_or_default()
    }

    /// The event value, when the record has one (an event whose value may be absent).
    pub fn optional_value(&self) -> Option<String> {
        self.raw.value.clone()
    }

    /// Extra `i`, converted to the type asked for.
    pub fn get<T: Extra>(&self, i: usize) -> T {
        T::get(self, i)
    }

    /// The string of extra `i`, if the record has it.
    pub fn text(&self, i: usize) -> Option<&'a str> {
        let x = self.extras.get(i)?;
        self.raw.extras.get(x.key).map(String::as_str)
    }

    /// The position of extra `i`'s string among `values` (an enum's, which the check has
    /// found it to be one of; 0 otherwise).
    pub fn index(&self, i: usize, values: &[&str]) -> usize {
        let s = self.text(i).unwrap_or_default();
        values.iter().position(|v| *v == s).unwrap_or(0)
    }
}

/// The key of extra `i` of `shape`.
fn key<'s>(shape: &EventShape<'s>, i: usize) -> &'s str {
    shape.extras.get(i).map_or("", |x| x.key)
}

/// Puts the string `value` into `raw` as extra `i` of `shape`.
pub fn put_text(raw: &mut RawEvent, shape: &EventShape<'_>, i: usize, value: &str) {
    encode::text(raw, key(shape, i), value);
}

impl Extra for String {
    /// Within the extra's byte limit; a longer string is an error, unless the spec marks the
    /// extra `truncate`: then it is cut at a UTF-8 boundary, as Firefox does.
    fn put(&self, raw: &mut RawEvent, shape: &EventShape<'_>, i: usize) -> Result<(), EncodeError> {
        let Some(x) = shape.extras.get(i) else {
            return Ok(());
        };
        if x.truncate {
            encode::truncated(raw, x.key, self, x.max_length);
            Ok(())
        } else {
            encode::string(raw, x.key, self, x.max_length)
        }
    }

    fn get(record: &Checked<'_>, i: usize) -> Self {
        record.text(i).unwrap_or_default().to_string()
    }
}

impl Extra for bool {
    /// `"true"` or `"false"`.
    fn put(&self, raw: &mut RawEvent, shape: &EventShape<'_>, i: usize) -> Result<(), EncodeError> {
        put_text(raw, shape, i, if *self { "true" } else { "false" });
        Ok(())
    }

    fn get(record: &Checked<'_>, i: usize) -> Self {
        record.text(i) == Some("true")
    }
}

impl Extra for i64 {
    /// A quantity, in decimal, within the bounds of its shape.
    fn put(&self, raw: &mut RawEvent, shape: &EventShape<'_>, i: usize) -> Result<(), EncodeError> {
        let Some(x) = shape.extras.get(i) else {
            return Ok(());
        };
        if let Kind::Quantity(min, max) = x.kind
            && !(min..=max).contains(self)
        {
            return Err(EncodeError::OutOfRange {
                key: x.key.into(),
                value: *self,
                min,
                max,
            });
        }
        encode::owned(raw, x.key, self.to_string());
        Ok(())
    }

    fn get(record: &Checked<'_>, i: usize) -> Self {
        record
            .text(i)
            .and_then(|s| s.parse().ok())
            .unwrap_or_default()
    }
}

impl Extra for Uuid {
    /// In its hyphenated lower-case form.
    fn put(&self, raw: &mut RawEvent, shape: &EventShape<'_>, i: usize) -> Result<(), EncodeError> {
        encode::owned(raw, key(shape, i), self.to_string());
        Ok(())
    }

    fn get(record: &Checked<'_>, i: usize) -> Self {
        record
            .text(i)
            .and_then(crate::uuid::parse_uuid)
            .unwrap_or(Uuid::from_bytes([0; 16]))
    }
}

impl<T: Extra> Extra for Option<T> {
    /// Nothing for `None`.
    fn put(&self, raw: &mut RawEvent, shape: &EventShape<'_>, i: usize) -> Result<(), EncodeError> {
        match self {
            Some(v) => v.put(raw, shape, i),
            None => Ok(()),
        }
    }

    fn get(record: &Checked<'_>, i: usize) -> Self {
        record.text(i).map(|_| T::get(record, i))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHAPE: crate::Shape = crate::event_shape! {
        "c", "o", "m";
        "text" 4 Text Required;
        "cut" 4 Text Optional truncate;
        "flag" 80 Boolean Optional;
    };

    fn record() -> RawEvent {
        crate::record::encode::record(0, "c", "m", "o", Some("v")).unwrap()
    }

    #[test]
    fn strings_keep_their_limit_or_are_truncated() {
        let mut raw = record();
        assert_eq!(
            "abcdé".to_string().put(&mut raw, &SHAPE, 0),
            Err(EncodeError::TooLong {
                key: "text".into(),
                len: 6,
                max: 4
            })
        );
        "abcdé".to_string().put(&mut raw, &SHAPE, 1).unwrap();
        Some(true).put(&mut raw, &SHAPE, 2).unwrap();
        None::<String>.put(&mut raw, &SHAPE, 0).unwrap();
        assert_eq!(raw.extras["cut"], "abcd");
        assert_eq!(raw.extras["flag"], "true");
        assert!(!raw.extras.contains_key("text"));
    }

    #[test]
    fn a_checked_record_reads_back() {
        let mut raw = record();
        "ab".to_string().put(&mut raw, &SHAPE, 0).unwrap();
        false.put(&mut raw, &SHAPE, 2).unwrap();
        let checked = SHAPE.check(&raw).unwrap();
        assert_eq!(checked.get::<String>(0), "ab");
        assert_eq!(checked.get::<Option<String>>(1), None);
        assert_eq!(checked.get::<Option<bool>>(2), Some(false));
        assert_eq!(checked.value(), "v");
        // Out of range: nothing, and no panic.
        assert_eq!(checked.get::<Option<String>>(9), None);
        assert_eq!(checked.index(9, &["a"]), 0);
    }
}
