//! Decoding records with the model read at run time (what `eventspec decode` uses).
//!
//! It holds no rule of its own: it finds a record's event, by a hash of its object and method,
//! and checks the record against the event's [`EventShape`], the table the generated decoders
//! check against too, built here from the model instead of compiled. So both accept and reject
//! the same records with the same errors (`tests/decode_agreement.rs` runs both over one
//! corpus).

use std::collections::HashMap;
use std::io::Write;
use std::ops::Range;

use eventspec_runtime::record::decode;
use eventspec_runtime::shape::{EventShape, ExtraShape, Kind, Presence};
use eventspec_runtime::{DecodeError, RawRecord, Record};

use crate::model::{self, Event, Events, ExtraKind};

/// The events of a spec, ready to decode records; see [`with_decoder`].
pub struct Decoder<'a> {
    category: &'a str,
    /// Each event and its shape, in spec order.
    events: Vec<Entry<'a>>,
    /// Each event's position in `events`, by object and method.
    index: HashMap<(&'a str, &'a str), usize>,
    /// Every object and method, for the error about a record that is none of the events.
    objects: Vec<&'a str>,
    methods: Vec<&'a str>,
}

/// An event as the decoder holds it.
struct Entry<'a> {
    event: &'a Event,
    /// `object.method`.
    name: &'a str,
    shape: EventShape<'a>,
}

impl<'a> Decoder<'a> {
    /// The shape of the event `object.method`, if the spec has it.
    pub fn shape(&self, object: &'a str, method: &'a str) -> Option<&EventShape<'a>> {
        let i = *self.index.get(&(object, method))?;
        Some(&self.events[i].shape)
    }

    /// The event a record is, or why it is none.
    pub fn decode<R: Record>(&self, raw: &R) -> Result<&'a Event, DecodeError> {
        self.find(raw).map(|entry| entry.event)
    }

    /// The entry of the event a record is, or why it is none.
    fn find<R: Record>(&self, raw: &R) -> Result<&Entry<'a>, DecodeError> {
        decode::is_category(raw, self.category)?;
        let Some(&i) = self.index.get(&(raw.object(), raw.method())) else {
            return Err(decode::unknown_event(raw, &self.objects, &self.methods));
        };
        let entry = &self.events[i];
        entry.shape.validate(raw)?;
        Ok(entry)
    }

    /// Every event's shape, by object and method.
    pub fn shapes(&self) -> Vec<&EventShape<'a>> {
        let mut shapes: Vec<&EventShape<'a>> = self.events.iter().map(|e| &e.shape).collect();
        shapes.sort_unstable_by_key(|shape| (shape.object, shape.method));
        shapes
    }

    /// Decodes the record on line `number` of the input, `line` (without its `\n`), and
    /// appends its result to `out`: `{"line":N,"ok":true,"event":…,"value":…,"extras":{…}}`,
    /// or `{"line":N,"ok":false,"error":…}`; nothing for a blank line. Returns whether the
    /// record is valid (or the line blank).
    pub fn write_result(&self, out: &mut Vec<u8>, number: usize, line: &[u8]) -> bool {
        let Ok(text) = std::str::from_utf8(line) else {
            self.write_error(out, number, "not UTF-8");
            return false;
        };
        let text = text.trim_end_matches('\r');
        if text.trim().is_empty() {
            return true;
        }
        let raw = match RawRecord::parse(text) {
            Ok(raw) => raw,
            // The record is one line: its position is this line, at the error's column.
            Err(DecodeError::Json(message)) => {
                self.write_error(out, number, &format!("not JSON: {message}"));
                return false;
            }
            Err(error) => {
                self.write_error(out, number, &error.to_string());
                return false;
            }
        };
        let entry = match self.find(&raw) {
            Ok(entry) => entry,
            Err(error) => {
                self.write_error(out, number, &error.to_string());
                return false;
            }
        };
        // Written by hand to keep the documented key order.
        let _ = write!(out, r#"{{"line":{number},"ok":true,"event":"#);
        json_string(out, entry.name);
        out.extend_from_slice(b",\"value\":");
        match &raw.value {
            Some(value) => json_string(out, value),
            None => out.extend_from_slice(b"null"),
        }
        out.extend_from_slice(b",\"extras\":");
        out.push(b'{');
        for (i, (key, value)) in raw.extras.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            json_string(out, key);
            out.push(b':');
            json_string(out, value);
        }
        out.extend_from_slice(b"}}\n");
        true
    }

    /// Appends the result line of a record that is invalid for `error` to `out`.
    pub fn write_error(&self, out: &mut Vec<u8>, number: usize, error: &str) {
        let _ = write!(out, r#"{{"line":{number},"ok":false,"error":"#);
        json_string(out, error);
        out.extend_from_slice(b"}\n");
    }
}

/// Calls `f` with a [`Decoder`] for `events` (the shapes borrow tables built here, so they
/// live in this call).
///
/// The tables are laid out event after event: the strings an event's shape compares with (its
/// name, object, method, extra keys, enum and condition values) side by side in one buffer,
/// its extras' shapes side by side in one array. Decoding a record touches a few adjacent
/// cache lines rather than the model's scattered allocations, so a spec of 10,000 events
/// decodes nearly as fast as one of 10.
pub fn with_decoder<R>(events: &Events, f: impl FnOnce(&Decoder<'_>) -> R) -> R {
    let all: Vec<&Event> = events.all().collect();
    let filler = events
        .enrollment_id
        .as_ref()
        .map_or("", |id| id.filler.as_str());
    // Where each string goes in `text`, and each list in `lists`, event after event.
    let mut text = String::new();
    let mut push = |s: &str| {
        let start = text.len();
        text.push_str(s);
        start..text.len()
    };
    let mut list_items: Vec<Range<usize>> = Vec::new();
    let plans: Vec<EventPlan> = all
        .iter()
        .map(|e| EventPlan {
            name: push(&e.name),
            object: push(&e.object),
            method: push(&e.method),
            extras: e
                .extras
                .iter()
                .map(|x| {
                    let key = push(&x.key);
                    let values = match &x.kind {
                        ExtraKind::Enum { values, .. } => list(
                            &mut list_items,
                            values.iter().map(|v| push(&v.value)).collect(),
                        ),
                        _ => 0..0,
                    };
                    let when = match &x.presence {
                        model::Presence::When { extra, values } => Some((
                            push(extra),
                            list(&mut list_items, values.iter().map(|v| push(v)).collect()),
                        )),
                        _ => None,
                    };
                    (key, values, when)
                })
                .collect(),
        })
        .collect();
    let text = text.as_str();
    let lists: Vec<&str> = list_items.into_iter().map(|r| &text[r]).collect();
    let extras: Vec<ExtraShape<'_>> = all
        .iter()
        .zip(&plans)
        .flat_map(|(e, plan)| e.extras.iter().zip(&plan.extras))
        .map(|(x, (key, values, when))| ExtraShape {
            key: &text[key.clone()],
            max_length: x.max_length,
            kind: match x.kind {
                ExtraKind::String => Kind::Text,
                ExtraKind::Boolean => Kind::Boolean,
                ExtraKind::EnrollmentId => Kind::EnrollmentId(filler),
                ExtraKind::Enum { .. } => Kind::Enum(&lists[values.clone()]),
            },
            presence: match (&x.presence, when) {
                (model::Presence::Always, _) => Presence::Required,
                (model::Presence::When { .. }, Some((on, when))) => {
                    Presence::When(&text[on.clone()], &lists[when.clone()])
                }
                _ => Presence::Optional,
            },
            truncate: x.truncate,
        })
        .collect();
    let mut first_extra = 0;
    let entries: Vec<Entry<'_>> = all
        .iter()
        .zip(&plans)
        .map(|(e, plan)| {
            let shape = EventShape {
                category: &events.category,
                object: &text[plan.object.clone()],
                method: &text[plan.method.clone()],
                extras: &extras[first_extra..first_extra + plan.extras.len()],
            };
            first_extra += plan.extras.len();
            Entry {
                event: e,
                name: &text[plan.name.clone()],
                shape,
            }
        })
        .collect();
    let decoder = Decoder {
        category: &events.category,
        index: entries
            .iter()
            .enumerate()
            .map(|(i, e)| ((e.shape.object, e.shape.method), i))
            .collect(),
        events: entries,
        objects: events.objects.iter().map(|o| o.name.as_str()).collect(),
        methods: {
            let mut methods: Vec<&str> = all.iter().map(|e| e.method.as_str()).collect();
            methods.sort_unstable();
            methods.dedup();
            methods
        },
    };
    f(&decoder)
}

/// Where an event's strings are in the text buffer of [`with_decoder`], and each extra's
/// key, enum values (a range of the list buffer) and condition (the key it depends on, and a
/// range of the list buffer).
struct EventPlan {
    name: Range<usize>,
    object: Range<usize>,
    method: Range<usize>,
    #[allow(clippy::type_complexity)]
    extras: Vec<(
        Range<usize>,
        Range<usize>,
        Option<(Range<usize>, Range<usize>)>,
    )>,
}

/// Appends `items` to `list_items`: their range there.
fn list(list_items: &mut Vec<Range<usize>>, items: Vec<Range<usize>>) -> Range<usize> {
    let start = list_items.len();
    list_items.extend(items);
    start..list_items.len()
}

/// `s` as a JSON string: copied between quotes when nothing in it needs escaping (most
/// records' strings), else escaped by serde_json.
fn json_string(out: &mut Vec<u8>, s: &str) {
    if s.bytes().all(|b| b >= 0x20 && b != b'"' && b != b'\\') {
        out.push(b'"');
        out.extend_from_slice(s.as_bytes());
        out.push(b'"');
    } else {
        // A string into a `Vec`: this cannot fail.
        let _ = serde_json::to_writer(out, s);
    }
}

#[cfg(test)]
mod tests {
    use super::json_string;

    #[test]
    fn strings_are_written_as_serde_json_writes_them() {
        for s in [
            "",
            "plain",
            "caf\u{e9} \u{1f600}",
            "quote \" and backslash \\",
            "tab\tnewline\n\u{1}\u{1f}",
            "del \u{7f} and \u{2028}",
            "</script>",
        ] {
            let mut out = Vec::new();
            json_string(&mut out, s);
            assert_eq!(
                String::from_utf8(out).unwrap(),
                serde_json::to_string(s).unwrap()
            );
        }
    }
}
