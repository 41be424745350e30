//! Decoding records with the model read at run time (what `eventspec decode` uses).
//!
//! It holds no rule of its own: it finds a record's event, by a hash of its object and method,
//! and checks the record against the event's [`EventShape`], the table the generated decoders
//! check against too, built here from the model instead of compiled. So both accept and reject
//! the same records with the same errors (`tests/decode_agreement.rs` runs both over one
//! corpus).

use std::collections::HashMap;

use eventspec_runtime::record::decode;
use eventspec_runtime::shape::{EventShape, ExtraShape, Kind, Presence};
use eventspec_runtime::{DecodeError, RawEvent};

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
    pub fn decode(&self, raw: &RawEvent) -> Result<&'a Event, DecodeError> {
        decode::is_category(raw, self.category)?;
        let Some((event, shape)) = self.events.get(&(raw.object.as_str(), raw.method.as_str()))
        else {
            return Err(decode::unknown_event(raw, &self.objects, &self.methods));
        };
        shape.check(raw)?;
        Ok(event)
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
