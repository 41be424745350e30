//! Decoding records with the model read at run time (what `eventspec decode` uses).
//!
//! It holds no rule of its own: it finds a record's event, by a hash of its object and method,
//! and checks the record against the event's [`EventShape`], the table the generated decoders
//! check against too, built here from the model instead of compiled. So both accept and reject
//! the same records with the same errors (`tests/decode_agreement.rs` runs both over one
//! corpus).

use std::collections::HashMap;
use std::io::Write;

use eventspec_runtime::record::decode;
use eventspec_runtime::shape::{EventShape, ExtraShape, Kind, Presence};
use eventspec_runtime::{DecodeError, RawRecord, Record};

use crate::model::{self, Event, Events, ExtraKind};

/// The events of a spec, ready to decode records; see [`with_decoder`].
pub struct Decoder<'a> {
    category: &'a str,
    /// Each event and its shape, by object and method.
    events: HashMap<(&'a str, &'a str), (&'a Event, EventShape<'a>)>,
    /// Every object and method, for the error about a record that is none of the events.
    objects: Vec<&'a str>,
    methods: Vec<&'a str>,
}

impl<'a> Decoder<'a> {
    /// The shape of the event `object.method`, if the spec has it.
    pub fn shape(&self, object: &'a str, method: &'a str) -> Option<&EventShape<'a>> {
        self.events.get(&(object, method)).map(|(_, shape)| shape)
    }

    /// The event a record is, or why it is none.
    pub fn decode<R: Record>(&self, raw: &R) -> Result<&'a Event, DecodeError> {
        decode::is_category(raw, self.category)?;
        let Some((event, shape)) = self.events.get(&(raw.object(), raw.method())) else {
            return Err(decode::unknown_event(raw, &self.objects, &self.methods));
        };
        shape.validate(raw)?;
        Ok(event)
    }

    /// Every event's shape, by object and method.
    pub fn shapes(&self) -> Vec<&EventShape<'a>> {
        let mut events: Vec<_> = self.events.iter().collect();
        events.sort_unstable_by_key(|(key, _)| *key);
        events.into_iter().map(|(_, (_, shape))| shape).collect()
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
        let event = match self.decode(&raw) {
            Ok(event) => event,
            Err(error) => {
                self.write_error(out, number, &error.to_string());
                return false;
            }
        };
        // Written by hand to keep the documented key order.
        let _ = write!(out, r#"{{"line":{number},"ok":true,"event":"#);
        json_string(out, &event.name);
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

/// Calls `f` with a [`Decoder`] for `events` (the shapes borrow lists built here, so they
/// live in this call).
pub fn with_decoder<R>(events: &Events, f: impl FnOnce(&Decoder<'_>) -> R) -> R {
    let all: Vec<&Event> = events.all().collect();
    // The string lists the shapes point into: each extra's enum values and condition values.
    let lists: Vec<Vec<(Vec<&str>, Vec<&str>)>> = all
        .iter()
        .map(|e| {
            e.extras
                .iter()
                .map(|x| {
                    let values = match &x.kind {
                        ExtraKind::Enum { values, .. } => {
                            values.iter().map(|v| v.value.as_str()).collect()
                        }
                        _ => Vec::new(),
                    };
                    let when = match &x.presence {
                        model::Presence::When { values, .. } => {
                            values.iter().map(String::as_str).collect()
                        }
                        _ => Vec::new(),
                    };
                    (values, when)
                })
                .collect()
        })
        .collect();
    let filler = events
        .enrollment_id
        .as_ref()
        .map_or("", |id| id.filler.as_str());
    let extras: Vec<Vec<ExtraShape<'_>>> = all
        .iter()
        .zip(&lists)
        .map(|(e, lists)| {
            e.extras
                .iter()
                .zip(lists)
                .map(|(x, (values, when))| ExtraShape {
                    key: &x.key,
                    max_length: x.max_length,
                    kind: match x.kind {
                        ExtraKind::String => Kind::Text,
                        ExtraKind::Boolean => Kind::Boolean,
                        ExtraKind::EnrollmentId => Kind::EnrollmentId(filler),
                        ExtraKind::Enum { .. } => Kind::Enum(values),
                    },
                    presence: match &x.presence {
                        model::Presence::Always => Presence::Required,
                        model::Presence::Optional => Presence::Optional,
                        model::Presence::When { extra, .. } => Presence::When(extra, when),
                    },
                    truncate: x.truncate,
                })
                .collect()
        })
        .collect();
    let decoder = Decoder {
        category: &events.category,
        events: all
            .iter()
            .zip(&extras)
            .map(|(e, extras)| {
                let shape = EventShape {
                    category: &events.category,
                    object: &e.object,
                    method: &e.method,
                    extras,
                };
                ((e.object.as_str(), e.method.as_str()), (*e, shape))
            })
            .collect(),
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

/// `s` as a JSON string.
fn json_string(out: &mut Vec<u8>, s: &str) {
    // A string into a `Vec`: this cannot fail.
    let _ = serde_json::to_writer(out, s);
}
