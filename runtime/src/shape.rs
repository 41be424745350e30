//! What a spec allows in a record of one event, as a table: the one place that holds the rules
//! of decoding.
//!
//! Each generated event type has a `const SHAPE`, and its `from_record` checks a record against
//! it with [`EventShape::check`] before it converts the extras to their types; `eventspec
//! decode` builds the same tables from the spec at run time and calls the same function. So the
//! two cannot disagree on what a valid record is, nor on which problem of an invalid one is
//! reported: the first, in this order: the category and the event; an unknown extra key; the
//! value; then the extras in spec order, each extra that depends on another one checked with
//! the one it depends on.

use crate::extra::{Checked, Extra};
use crate::record::{Record, decode, encode};
use crate::{DecodeError, EncodeError, RawEvent};

/// What a record of one event may hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EventShape<'a> {
    /// The category.
    pub category: &'a str,
    /// The object.
    pub object: &'a str,
    /// The method.
    pub method: &'a str,
    /// Whether a record has a value.
    pub value: ValueShape,
    /// The extras, in spec order.
    pub extras: &'a [ExtraShape<'a>],
}

/// Whether a record of an event has a value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ValueShape {
    /// Always: a string of at most 80 bytes.
    Required,
    /// Perhaps: Firefox's own rule, for an event whose spec does not describe its value.
    Optional,
    /// Never: the value slot is `null`, or the record ends before it.
    Absent,
}

/// What one extra of an event may hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ExtraShape<'a> {
    /// Its key.
    pub key: &'a str,
    /// The most bytes its string may have.
    pub max_length: usize,
    /// What its string may be.
    pub kind: Kind<'a>,
    /// When it is sent.
    pub presence: Presence<'a>,
    /// Whether a longer string is cut to `max_length` when recorded (rather than refused).
    /// Decoding ignores it: a record longer than the limit is invalid either way.
    pub truncate: bool,
}

/// What an extra's string may be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind<'a> {
    /// Any text.
    Text,
    /// `"true"` or `"false"`.
    Boolean,
    /// A UUID, or this filler.
    EnrollmentId(&'a str),
    /// A UUID.
    Uuid,
    /// An integer in decimal (`-` and digits, no leading zero), from the first bound to the
    /// second, both included.
    Quantity(i64, i64),
    /// One of these strings.
    Enum(&'a [&'a str]),
}

/// When an extra is sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Presence<'a> {
    /// Always.
    Required,
    /// Perhaps.
    Optional,
    /// Exactly when the enum extra of this key is one of these values.
    When(&'a str, &'a [&'a str]),
    /// Perhaps when the enum extra of this key is one of these values; never otherwise.
    OptionalWhen(&'a str, &'a [&'a str]),
}

impl<'a> Presence<'a> {
    /// The extra this presence depends on, and the values under which it may be sent.
    pub fn condition(&self) -> Option<(&'a str, &'a [&'a str])> {
        match *self {
            Presence::When(on, values) | Presence::OptionalWhen(on, values) => Some((on, values)),
            Presence::Required | Presence::Optional => None,
        }
    }
}

impl<'a> EventShape<'a> {
    /// The keys of the extras, in spec order, as an array of their number `N` (what generated
    /// code's `EXTRAS` is made of, so that each key is written once). In a `const`, an `N` that
    /// is not that number does not compile.
    pub const fn keys<const N: usize>(&self) -> [&'a str; N] {
        assert!(N == self.extras.len(), "N is the number of extras");
        let mut keys = [""; N];
        let mut i = 0;
        while i < N {
            keys[i] = self.extras[i].key;
            i += 1;
        }
        keys
    }
}

impl EventShape<'_> {
    /// The record of this event at `timestamp` with `value` and `extras`: each field of the
    /// event that is an extra with its index in [`EventShape::extras`] (an enum puts the extras
    /// that depend on it). A value or string longer than its limit is an error, unless the
    /// extra is marked `truncate`.
    pub fn encode(
        &self,
        timestamp: u64,
        value: Option<&str>,
        extras: &[(&dyn Extra, usize)],
    ) -> Result<RawEvent, EncodeError> {
        let mut raw = encode::record(timestamp, self.category, self.method, self.object, value)?;
        for (field, i) in extras {
            field.put(&mut raw, self, *i)?;
        }
        Ok(raw)
    }

    /// The record, ready for [`Extra::get`], when `raw` is a record of this event that the
    /// spec allows; otherwise the first problem, in the order of the module documentation.
    pub fn check<'r>(&'r self, raw: &'r RawEvent) -> Result<Checked<'r>, DecodeError> {
        self.validate(raw)?;
        Ok(Checked::new(raw, self))
    }

    /// [`EventShape::check`] for any [`Record`]: whether the spec allows it.
    pub fn validate<R: Record>(&self, raw: &R) -> Result<(), DecodeError> {
        decode::is_event(raw, self.category, self.object, self.method)?;
        let known = |k: &str| self.extras.iter().any(|x| x.key == k);
        if let Some(key) = raw.unknown_key(known) {
            return Err(DecodeError::UnknownExtra { key: key.into() });
        }
        match self.value {
            ValueShape::Required => {
                decode::value_text(raw)?;
            }
            ValueShape::Optional if raw.value().is_some() => {
                decode::value_text(raw)?;
            }
            ValueShape::Optional => {}
            ValueShape::Absent if raw.value().is_some() => {
                return Err(DecodeError::UnexpectedValue);
            }
            ValueShape::Absent => {}
        }
        for x in self.extras {
            match x.presence {
                Presence::Required => self.present(raw, x)?,
                Presence::Optional if raw.extra(x.key).is_some() => self.present(raw, x)?,
                Presence::Optional => self.absent_dependents(raw, x.key, None)?,
                // Checked with the extra it depends on.
                Presence::When(..) | Presence::OptionalWhen(..) => {}
            }
        }
        Ok(())
    }

    /// Checks extra `x`, which must be in `raw`, and the extras that depend on it.
    fn present<R: Record>(&self, raw: &R, x: &ExtraShape<'_>) -> Result<(), DecodeError> {
        let v = decode::required(raw, x.key, x.max_length)?;
        match x.kind {
            Kind::Text => {}
            Kind::Boolean => {
                decode::boolean(x.key, v)?;
            }
            Kind::EnrollmentId(filler) => {
                if !is_enrollment_id(v, filler) {
                    return Err(decode::not_an_enrollment_id(x.key, v));
                }
            }
            Kind::Uuid => {
                if crate::uuid::parse_uuid(v).is_none() {
                    return Err(decode::invalid(x.key, v, "a UUID"));
                }
            }
            Kind::Quantity(min, max) => {
                decode::quantity(x.key, v, min, max)?;
            }
            Kind::Enum(values) => {
                if !values.contains(&v) {
                    return Err(decode::not_one_of(x.key, v, values));
                }
                self.absent_dependents(raw, x.key, Some(v))?;
                for d in self.dependents(x.key) {
                    // Conditions do not chain (the spec is validated so), so this recurses
                    // once at most.
                    match d.presence {
                        Presence::When(_, when) if when.contains(&v) => self.present(raw, d)?,
                        Presence::OptionalWhen(_, when)
                            if when.contains(&v) && raw.extra(d.key).is_some() =>
                        {
                            self.present(raw, d)?
                        }
                        _ => {}
                    }
                }
            }
        }
        Ok(())
    }

    /// Checks that no extra depending on extra `key` is sent whose condition does not hold
    /// when `key` has `value` (`None`: `key` is absent, and so is every extra depending on it).
    fn absent_dependents<R: Record>(
        &self,
        raw: &R,
        key: &str,
        value: Option<&str>,
    ) -> Result<(), DecodeError> {
        for d in self.dependents(key) {
            let Some((on, values)) = d.presence.condition() else {
                continue;
            };
            if value.is_some_and(|v| values.contains(&v)) || raw.extra(d.key).is_none() {
                continue;
            }
            let values: Vec<String> = values.iter().map(|v| format!("`{v}`")).collect();
            return Err(DecodeError::UnexpectedExtra {
                key: d.key.into(),
                reason: format!("only sent when `{on}` is one of {}", values.join(", ")),
            });
        }
        Ok(())
    }

    /// The extras sent only when extra `key` has certain values.
    fn dependents<'s>(&'s self, key: &'s str) -> impl Iterator<Item = &'s ExtraShape<'s>> + 's {
        self.extras
            .iter()
            .filter(move |d| d.presence.condition().is_some_and(|(on, _)| on == key))
    }
}

/// Whether `s` is an enrollment id: a UUID, or `filler`.
pub fn is_enrollment_id(s: &str, filler: &str) -> bool {
    s == filler || crate::uuid::parse_uuid(s).is_some()
}

/// An [`EventShape`] from its event (`CATEGORY, OBJECT, METHOD`, then `, no_value` for an
/// event without a value or `, optional_value` for one whose value may be absent) and one line per extra, `KEY MAX_LENGTH KIND PRESENCE [truncate];`,
/// with KIND and PRESENCE a variant of [`Kind`] and [`Presence`] (generated code uses it: a
/// table takes a line an extra, whatever rustfmt's widths).
///
/// ```
/// const SHAPE: eventspec_runtime::shape::EventShape = eventspec_runtime::event_shape! {
///     "normandy", "addon_study", "enroll";
///     "reason" 80 Enum(&["a", "b"]) Required;
///     "detail" 80 Text When("reason", &["b"]);
/// };
/// assert_eq!(SHAPE.extras.len(), 2);
/// ```
#[macro_export]
macro_rules! event_shape {
    (
        $category:expr, $object:expr, $method:expr $(, $value:ident)?;
        $( $key:literal $max:literal $kind:ident $(($($k:tt)*))? $presence:ident $(($($p:tt)*))? $($truncate:ident)?; )*
    ) => {
        $crate::shape::EventShape {
            category: $category,
            object: $object,
            method: $method,
            value: $crate::event_shape!(@value $($value)?),
            extras: &[$(
                $crate::shape::ExtraShape {
                    key: $key,
                    max_length: $max,
                    kind: $crate::shape::Kind::$kind $(($($k)*))?,
                    presence: $crate::shape::Presence::$presence $(($($p)*))?,
                    truncate: $crate::event_shape!(@truncate $($truncate)?),
                },
            )*],
        }
    };
    (@value) => { $crate::shape::ValueShape::Required };
    (@value no_value) => { $crate::shape::ValueShape::Absent };
    (@value optional_value) => { $crate::shape::ValueShape::Optional };
    (@truncate) => { false };
    (@truncate truncate) => { true };
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHAPE: EventShape = event_shape! {
        "c", "o", "m";
        "outcome" 80 Enum(&["done", "failed"]) Required;
        "code" 10 Text When("outcome", &["failed"]);
        "flag" 80 Boolean Optional;
        "id" 80 EnrollmentId("N/A") Optional;
    };

    /// The keys, in order, as a `const` array.
    #[test]
    fn keys_are_the_extras_keys_in_order() {
        const KEYS: [&str; 4] = SHAPE.keys::<4>();
        assert_eq!(KEYS, ["outcome", "code", "flag", "id"]);
    }

    fn record(extras: &[(&str, &str)]) -> RawEvent {
        RawEvent {
            timestamp: 0,
            category: "c".into(),
            method: "m".into(),
            object: "o".into(),
            value: Some("v".into()),
            extras: extras
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        }
    }

    fn check(extras: &[(&str, &str)]) -> Result<(), String> {
        SHAPE
            .check(&record(extras))
            .map(|_| ())
            .map_err(|e| e.to_string())
    }

    #[test]
    fn valid_records_pass() {
        assert_eq!(check(&[("outcome", "done")]), Ok(()));
        assert_eq!(check(&[("outcome", "failed"), ("code", "E1")]), Ok(()));
        assert_eq!(
            check(&[("outcome", "done"), ("flag", "true"), ("id", "N/A")]),
            Ok(())
        );
    }

    #[test]
    fn each_rule_has_its_error() {
        let cases: &[(&[(&str, &str)], &str)] = &[
            (&[], "missing required extra `outcome`"),
            (
                &[("outcome", "x")],
                "extra `outcome` is `x`, expected one of [\"done\", \"failed\"]",
            ),
            (&[("outcome", "failed")], "missing required extra `code`"),
            (
                &[("outcome", "done"), ("code", "E")],
                "extra `code` must be absent: only sent when `outcome` is one of `failed`",
            ),
            (
                &[("outcome", "failed"), ("code", "E1234567890")],
                "`code` is 11 bytes, over the limit of 10",
            ),
            (
                &[("outcome", "done"), ("flag", "yes")],
                "extra `flag` is `yes`, expected \"true\" or \"false\"",
            ),
            (
                &[("outcome", "done"), ("id", "x")],
                "extra `id` is `x`, expected a UUID or the enrollment-id filler",
            ),
            (
                &[("outcome", "done"), ("colour", "blue")],
                "unknown extra `colour`",
            ),
        ];
        for (extras, error) in cases {
            assert_eq!(check(extras), Err(error.to_string()), "{extras:?}");
        }
    }

    #[test]
    fn the_event_and_value_are_checked_first() {
        let mut raw = record(&[("colour", "blue")]);
        raw.method = "n".into();
        assert_eq!(
            SHAPE.check(&raw).unwrap_err().to_string(),
            "a record of `o.n`, not of `o.m`"
        );
        let mut raw = record(&[]);
        raw.value = None;
        assert_eq!(SHAPE.check(&raw).unwrap_err(), DecodeError::MissingValue);
    }

    /// The shapes Firefox sends beyond strings: no value, quantities, UUIDs, extras optional
    /// under a condition.
    const WIDE: EventShape = event_shape! {
        "c", "o", "m", no_value;
        "outcome" 80 Enum(&["done", "failed"]) Required;
        "count" 80 Quantity(-5, 100) Optional;
        "id" 80 Uuid Optional;
        "code" 10 Text OptionalWhen("outcome", &["failed"]);
    };

    fn wide(value: Option<&str>, extras: &[(&str, &str)]) -> Result<(), String> {
        let mut raw = record(extras);
        raw.value = value.map(str::to_string);
        WIDE.check(&raw).map(|_| ()).map_err(|e| e.to_string())
    }

    #[test]
    fn an_event_without_a_value_refuses_one() {
        assert_eq!(wide(None, &[("outcome", "done")]), Ok(()));
        assert_eq!(
            wide(Some("v"), &[("outcome", "done")]),
            Err("the event has no value, but the record has one".into())
        );
        let raw = crate::record::encode::record(1, "c", "m", "o", None).unwrap();
        assert_eq!(raw.to_json().to_string(), r#"[1,"c","m","o"]"#);
        let mut raw = raw;
        raw.extras.insert("outcome".into(), "done".into());
        assert_eq!(
            raw.to_json().to_string(),
            r#"[1,"c","m","o",null,{"outcome":"done"}]"#
        );
        for line in [r#"[1,"c","m","o"]"#, r#"[1,"c","m","o",null]"#] {
            let raw = RawEvent::from_json_str(line).unwrap();
            assert_eq!(raw.value, None, "{line}");
        }
    }

    #[test]
    fn quantities_are_canonical_decimal_integers_within_bounds() {
        for ok in ["0", "-5", "100", "42"] {
            assert_eq!(
                wide(None, &[("outcome", "done"), ("count", ok)]),
                Ok(()),
                "{ok}"
            );
        }
        for bad in [
            "",
            "-",
            "-0",
            "007",
            "+1",
            "1.0",
            " 1",
            "101",
            "-6",
            "1e2",
            "99999999999999999999",
        ] {
            assert_eq!(
                wide(None, &[("outcome", "done"), ("count", bad)]),
                Err(format!(
                    "extra `count` is `{bad}`, expected an integer from -5 to 100, in decimal"
                )),
                "{bad}"
            );
        }
    }

    #[test]
    fn uuids_and_optional_conditions() {
        let id = "0c5a3a8e-9b1f-4d6e-8a2b-3c4d5e6f7a8b";
        assert_eq!(wide(None, &[("outcome", "done"), ("id", id)]), Ok(()));
        assert_eq!(
            wide(None, &[("outcome", "done"), ("id", "x")]),
            Err("extra `id` is `x`, expected a UUID".into())
        );
        // Optional under its condition, absent outside it.
        assert_eq!(wide(None, &[("outcome", "failed")]), Ok(()));
        assert_eq!(wide(None, &[("outcome", "failed"), ("code", "E1")]), Ok(()));
        assert_eq!(
            wide(None, &[("outcome", "failed"), ("code", "E1234567890")]),
            Err("`code` is 11 bytes, over the limit of 10".into())
        );
        assert_eq!(
            wide(None, &[("outcome", "done"), ("code", "E1")]),
            Err("extra `code` must be absent: only sent when `outcome` is one of `failed`".into())
        );
    }

    #[test]
    fn quantities_and_uuids_encode_and_read_back() {
        use crate::extra::Extra;
        let mut raw = crate::record::encode::record(1, "c", "m", "o", None).unwrap();
        "done".to_string().put(&mut raw, &WIDE, 0).unwrap();
        assert_eq!(
            101i64.put(&mut raw, &WIDE, 1),
            Err(EncodeError::OutOfRange {
                key: "count".into(),
                value: 101,
                min: -5,
                max: 100
            })
        );
        (-5i64).put(&mut raw, &WIDE, 1).unwrap();
        let id = crate::Uuid::from_bytes([0xab; 16]);
        id.put(&mut raw, &WIDE, 2).unwrap();
        let checked = WIDE.check(&raw).unwrap();
        assert_eq!(checked.get::<i64>(1), -5);
        assert_eq!(checked.get::<Option<crate::Uuid>>(2), Some(id));
    }
}
