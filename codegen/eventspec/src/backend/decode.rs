//! Decoding records with the model read at run time (what `eventspec decode` uses).
//!
//! It holds no rule of its own: it finds a record's event, by a hash of its category, object
//! and method,
//! and checks the record against the event's [`EventShape`], the table the generated decoders
//! check against too, built here from the model instead of compiled. So both accept and reject
//! the same records with the same errors (`tests/decode_agreement.rs` runs both over one
//! corpus).

use std::collections::HashMap;
use std::io::Write;
use std::ops::Range;

use eventspec_runtime::record::decode;
use eventspec_runtime::shape::{EventShape, ExtraShape, Kind, Presence};
use eventspec_runtime::{DecodeError, RawRecord, Record, uptake};

use crate::model::{self, Event, ExtraKind, Model, Status, Uptake, UptakeSource};

/// The events of a spec, ready to decode records; see [`with_decoder`].
pub struct Decoder<'a> {
    /// Each event and its shape, in spec order.
    events: Vec<Entry<'a>>,
    /// Each event's position in `events`, by category, object and method.
    index: HashMap<(&'a str, &'a str, &'a str), usize>,
    /// Every event's category, object and method, for the error about a record that is none
    /// of them.
    names: Vec<(&'a str, &'a str, &'a str)>,
    /// Each event's position in `events`, by its Glean category and metric name
    /// ([`crate::interop::glean::names`]).
    glean: HashMap<(String, String), usize>,
    /// The uptake statuses, where the spec has them.
    uptake: Option<&'a Uptake>,
    /// The name of uptake events in results (`uptake.remotecontent.result.normandy.uptake`).
    uptake_name: String,
}

/// What a record is: an event of the spec, or an uptake report of one of its sources.
#[derive(Clone, Copy, Debug)]
pub enum Decoded<'a> {
    /// An event.
    Event(&'a Event),
    /// An uptake report: its source, and the status its telemetry value stands for.
    Uptake(&'a UptakeSource, &'a Status),
}

/// The source and status of an uptake record, checked as Firefox records it (the runtime's
/// `uptake::read`), its source a key of one of the spec's sources and its value one of that
/// source's statuses (the first of those sharing it): the rules the generated `Uptake`
/// checks.
fn uptake_report<'a, R: Record>(
    u: &'a Uptake,
    raw: &R,
) -> Result<(&'a UptakeSource, &'a Status), DecodeError> {
    let report = uptake::read(raw, &u.component)?;
    let Some(source) = u
        .sources
        .iter()
        .find(|s| uptake::match_key(&s.key, report.source).is_some())
    else {
        return Err(decode::invalid(
            "source",
            report.source,
            "a key of one of the spec's uptake sources",
        ));
    };
    match source.status_of(report.status) {
        Some(status) => Ok((source, status)),
        None => {
            let values: Vec<&str> = source.statuses.iter().map(|s| s.value.as_str()).collect();
            Err(decode::not_one_of("status", report.status, &values))
        }
    }
}

/// An event as the decoder holds it.
struct Entry<'a> {
    event: &'a Event,
    /// `category.object.method`.
    name: &'a str,
    shape: EventShape<'a>,
}

impl<'a> Decoder<'a> {
    /// The shape of the event `category.object.method`, if the spec has it.
    pub fn shape(
        &self,
        category: &'a str,
        object: &'a str,
        method: &'a str,
    ) -> Option<&EventShape<'a>> {
        let i = *self.index.get(&(category, object, method))?;
        Some(&self.events[i].shape)
    }

    /// The event a record is, or why it is none.
    pub fn decode<R: Record>(&self, raw: &R) -> Result<Decoded<'a>, DecodeError> {
        self.find(raw).map(|(_, decoded)| decoded)
    }

    /// What a record is, and its name in results; or why it is none.
    fn find<R: Record>(&self, raw: &R) -> Result<(&str, Decoded<'a>), DecodeError> {
        if raw.category() == uptake::CATEGORY
            && let Some(u) = self.uptake
        {
            let (source, status) = uptake_report(u, raw)?;
            return Ok((&self.uptake_name, Decoded::Uptake(source, status)));
        }
        let Some(&i) = self
            .index
            .get(&(raw.category(), raw.object(), raw.method()))
        else {
            return Err(decode::unknown_event(raw, &self.names));
        };
        let entry = &self.events[i];
        entry.shape.validate(raw)?;
        Ok((entry.name, Decoded::Event(entry.event)))
    }

    /// Every event's shape, by category, object and method.
    pub fn shapes(&self) -> Vec<&EventShape<'a>> {
        let mut shapes: Vec<&EventShape<'a>> = self.events.iter().map(|e| &e.shape).collect();
        shapes.sort_unstable_by_key(|shape| (shape.category, shape.object, shape.method));
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
        let (name, raw) = match self.read(text) {
            Ok(read) => read,
            Err(error) => {
                self.write_error(out, number, &error);
                return false;
            }
        };
        // Written by hand to keep the documented key order.
        let _ = write!(out, r#"{{"line":{number},"ok":true,"event":"#);
        json_string(out, name);
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

    /// The record of a line and its event's name, or the error its result line gives.
    fn read<'l>(&self, text: &'l str) -> Result<(&str, RawRecord<'l>), String> {
        if text.trim_start().starts_with('{') {
            let raw = self.glean_record(text)?;
            let (name, _) = self.find(&raw).map_err(|e| e.to_string())?;
            return Ok((name, raw));
        }
        let raw = RawRecord::parse(text).map_err(|e| match e {
            // The record is one line: its position is this line, at the error's column.
            DecodeError::Json(message) => format!("not JSON: {message}"),
            other => other.to_string(),
        })?;
        let (name, _) = self.find(&raw).map_err(|e| e.to_string())?;
        Ok((name, raw))
    }

    /// The legacy record of a Glean event, as a ping's `events` array holds it
    /// (`{"timestamp", "category", "name", "extra"}`, every extra a string): the event of that
    /// Glean name, its value the extra `value` when the event has one.
    fn glean_record<'l>(&self, text: &str) -> Result<RawRecord<'l>, String> {
        #[derive(serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        struct GleanEvent {
            timestamp: u64,
            category: String,
            name: String,
            #[serde(default)]
            extra: std::collections::BTreeMap<String, String>,
        }
        let glean: GleanEvent = serde_json::from_str(text).map_err(|e| {
            let e = e.to_string();
            format!(
                "not a Glean event: {}",
                eventspec_runtime::limits::elide(&e, 200)
            )
        })?;
        let key = (glean.category, glean.name);
        let Some(&i) = self.glean.get(&key) else {
            let metric = format!("{}.{}", key.0, key.1);
            return Err(format!(
                "no event of the spec is the Glean metric `{}`",
                eventspec_runtime::limits::elide(&metric, 64)
            ));
        };
        let shape = &self.events[i].shape;
        let mut extras = glean.extra;
        let value = match shape.value {
            eventspec_runtime::shape::ValueShape::Absent => None,
            _ => extras.remove("value"),
        };
        Ok(RawRecord {
            timestamp: glean.timestamp,
            category: shape.category.to_string().into(),
            method: shape.method.to_string().into(),
            object: shape.object.to_string().into(),
            value: value.map(Into::into),
            extras: extras
                .into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
        })
    }

    /// Appends the result line of a record that is invalid for `error` to `out`.
    pub fn write_error(&self, out: &mut Vec<u8>, number: usize, error: &str) {
        let _ = write!(out, r#"{{"line":{number},"ok":false,"error":"#);
        json_string(out, error);
        out.extend_from_slice(b"}\n");
    }
}

/// Calls `f` with a [`Decoder`] for the events of `model` (the shapes borrow tables built here,
/// so they live in this call).
///
/// The tables are laid out event after event: the strings an event's shape compares with (its
/// name, object, method, extra keys, enum and condition values) side by side in one buffer,
/// its extras' shapes side by side in one array. Decoding a record touches a few adjacent
/// cache lines rather than the model's scattered allocations (BENCHMARKS.md: a record of a
/// 10,000-event spec cost 2.9× a serde_json parse before, 2.3× after, against 1.4× for 1,000).
pub fn with_decoder<R>(model: &Model, f: impl FnOnce(&Decoder<'_>) -> R) -> R {
    let all: Vec<&Event> = model.all_events().collect();
    let filler = model.enrollment_id().map_or("", |id| id.filler.as_str());
    let mut tables = Tables::default();
    let plans: Vec<EventPlan> = all
        .iter()
        .map(|e| EventPlan {
            name: tables.text(&e.name),
            category: tables.text(&e.category),
            object: tables.text(&e.object),
            method: tables.text(&e.method),
            extras: e
                .extras
                .iter()
                .map(|x| ExtraPlan {
                    key: tables.text(&x.key),
                    values: match &x.kind {
                        ExtraKind::Enum { values, .. } => {
                            tables.list(values.iter().map(|v| v.value.as_str()))
                        }
                        _ => 0..0,
                    },
                    when: match &x.presence {
                        model::Presence::When { extra, values, .. } => Some((
                            tables.text(extra),
                            tables.list(values.iter().map(String::as_str)),
                        )),
                        _ => None,
                    },
                })
                .collect(),
        })
        .collect();
    let text = tables.text.as_str();
    let lists: Vec<&str> = tables.lists.into_iter().map(|r| &text[r]).collect();
    let extras: Vec<ExtraShape<'_>> = all
        .iter()
        .zip(&plans)
        .flat_map(|(e, plan)| e.extras.iter().zip(&plan.extras))
        .map(|(x, plan)| ExtraShape {
            key: &text[plan.key.clone()],
            max_length: x.max_length,
            kind: match x.kind {
                ExtraKind::String => Kind::Text,
                ExtraKind::Boolean => Kind::Boolean,
                ExtraKind::EnrollmentId => Kind::EnrollmentId(filler),
                ExtraKind::Uuid => Kind::Uuid,
                ExtraKind::Quantity { min, max } => Kind::Quantity(min, max),
                ExtraKind::Enum { .. } => Kind::Enum(&lists[plan.values.clone()]),
            },
            presence: match (&x.presence, &plan.when) {
                (model::Presence::Always, _) => Presence::Required,
                (model::Presence::When { optional, .. }, Some((on, when))) => {
                    let (on, when) = (&text[on.clone()], &lists[when.clone()]);
                    if *optional {
                        Presence::OptionalWhen(on, when)
                    } else {
                        Presence::When(on, when)
                    }
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
                category: &text[plan.category.clone()],
                object: &text[plan.object.clone()],
                method: &text[plan.method.clone()],
                value: e.value.shape(),
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
    let names: Vec<(&str, &str, &str)> = entries
        .iter()
        .map(|e| (e.shape.category, e.shape.object, e.shape.method))
        .collect();
    let glean = all
        .iter()
        .enumerate()
        .map(|(i, e)| (crate::interop::glean::names(e), i))
        .collect();
    let decoder = Decoder {
        glean,
        index: names
            .iter()
            .enumerate()
            .map(|(i, &name)| (name, i))
            .collect(),
        names,
        events: entries,
        uptake: model.uptake.as_ref(),
        uptake_name: model.uptake.as_ref().map_or_else(String::new, |u| {
            format!("{}.{}.{}", u.category, u.component, u.method)
        }),
    };
    f(&decoder)
}

/// The buffers [`with_decoder`] lays the tables out in, event after event: the strings one
/// after the other in `text`, and each list of strings as a run of their places in `lists`.
#[derive(Default)]
struct Tables {
    text: String,
    lists: Vec<Range<usize>>,
}

impl Tables {
    /// Appends `s`: its place in `text`.
    fn text(&mut self, s: &str) -> Range<usize> {
        let start = self.text.len();
        self.text.push_str(s);
        start..self.text.len()
    }

    /// Appends the list `items`: its place in `lists`.
    fn list<'s>(&mut self, items: impl Iterator<Item = &'s str>) -> Range<usize> {
        let start = self.lists.len();
        for s in items {
            let place = self.text(s);
            self.lists.push(place);
        }
        start..self.lists.len()
    }
}

/// Where an event's strings are in [`Tables`].
struct EventPlan {
    name: Range<usize>,
    category: Range<usize>,
    object: Range<usize>,
    method: Range<usize>,
    extras: Vec<ExtraPlan>,
}

/// Where an extra's key, enum values and condition (the key it depends on, and the values)
/// are in [`Tables`].
struct ExtraPlan {
    key: Range<usize>,
    values: Range<usize>,
    when: Option<(Range<usize>, Range<usize>)>,
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
