//! The decoder compiled from the spec and the one that reads the spec at run time (behind
//! `eventspec decode`) must agree on every record: same event, or the same error.

use eventspec::backend::decode::Decoded;
use eventspec_normandy::{Event, RawEvent};

// Reader View, the spec of every feature, through the macro route.
eventspec_macros::include_spec!("spec/reader.yaml", module = reader);

fn model() -> eventspec::model::Model {
    load("spec/normandy.yaml")
}

fn load(spec: &str) -> eventspec::model::Model {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(spec);
    let source = eventspec::load(&path).expect("spec readable");
    eventspec::check(&source).model.expect("spec valid")
}

/// Valid records of every event, and mutations of each: every extra dropped, replaced by junk,
/// made too long; unknown extras; other categories, objects, methods; missing and long values.
fn corpus(events: &eventspec::model::Model) -> Vec<RawEvent> {
    const ID: &str = "0c5a3a8e-9b1f-4d6e-8a2b-3c4d5e6f7a8b";
    let mut out = Vec::new();
    for event in events.all_events() {
        // One valid record per combination of enum choices is more than needed: use each value once.
        let mut base = RawEvent {
            timestamp: 7,
            category: event.category.clone(),
            method: event.method.clone(),
            object: event.object.clone(),
            value: (event.value != eventspec::model::EventValue::Absent).then(|| "slug".into()),
            extras: Default::default(),
        };
        for x in &event.extras {
            let v = match &x.kind {
                eventspec::model::ExtraKind::String => "text".to_string(),
                eventspec::model::ExtraKind::Boolean => "false".to_string(),
                eventspec::model::ExtraKind::EnrollmentId | eventspec::model::ExtraKind::Uuid => {
                    ID.to_string()
                }
                eventspec::model::ExtraKind::Quantity { min, .. } => min.to_string(),
                eventspec::model::ExtraKind::Enum { values, .. } => values[0].value.clone(),
            };
            base.extras.insert(x.key.clone(), v);
        }
        let keys: Vec<String> = base.extras.keys().cloned().collect();
        out.push(base.clone());
        for x in &event.extras {
            if let eventspec::model::ExtraKind::Enum { values, .. } = &x.kind {
                for v in values {
                    let mut r = base.clone();
                    r.extras.insert(x.key.clone(), v.value.clone());
                    out.push(r);
                }
            }
        }
        for key in &keys {
            let mut dropped = base.clone();
            dropped.extras.remove(key);
            out.push(dropped);
            for junk in [
                "junk",
                "",
                "TRUE",
                "__NO_ENROLLMENT_ID__",
                "007",
                "-1",
                &"x".repeat(81),
            ] {
                let mut r = base.clone();
                r.extras.insert(key.clone(), junk.to_string());
                out.push(r);
            }
        }
        let mut extra = base.clone();
        extra.extras.insert("colour".into(), "blue".into());
        out.push(extra);
        for (field, v) in [
            ("category", "other"),
            ("object", "nothing"),
            ("method", "explode"),
            ("method", "graduate"),
            ("method", "enroll"),
        ] {
            let mut r = base.clone();
            match field {
                "category" => r.category = v.into(),
                "object" => r.object = v.into(),
                _ => r.method = v.into(),
            }
            out.push(r);
        }
        let mut other_value = base.clone();
        other_value.value = match other_value.value {
            Some(_) => None,
            None => Some("slug".into()),
        };
        out.push(other_value);
        let mut long_value = base;
        long_value.value = Some("é".repeat(41));
        out.push(long_value);
    }
    out
}

/// Runs the compiled decoder (`compiled`: the event's name, or the error) and the run-time one
/// over `spec`'s corpus, asserting they agree on each record; how many each accepted and
/// rejected.
fn agreement(
    spec: &str,
    compiled: impl Fn(&RawEvent) -> Result<String, eventspec_runtime::DecodeError>,
) -> (usize, usize) {
    let model = load(spec);
    let records = corpus(&model);
    let (mut ok, mut rejected) = (0, 0);
    eventspec::backend::decode::with_decoder(&model, |decoder| {
        for raw in &records {
            let compiled = compiled(raw);
            let runtime = decoder.decode(raw).map(|d| match d {
                Decoded::Event(e) => e.name.clone(),
                Decoded::Uptake(..) => unreachable!("not an uptake record: {raw:?}"),
            });
            assert_eq!(compiled, runtime, "{raw:?}");
            if compiled.is_ok() {
                ok += 1
            } else {
                rejected += 1
            }
        }
    });
    (ok, rejected)
}

#[test]
fn compiled_and_runtime_decoders_agree() {
    let (ok, rejected) = agreement("spec/normandy.yaml", |raw| {
        Event::from_record(raw).map(|e| e.name().to_string())
    });
    // The corpus exercises both sides.
    assert!(ok >= 100 && rejected >= 200, "ok {ok}, rejected {rejected}");
}

/// The same over Reader View: several categories, quantities, UUIDs, events without a value,
/// optional conditional extras, events declared for several objects.
#[test]
fn compiled_and_runtime_decoders_agree_on_every_feature() {
    let (ok, rejected) = agreement("spec/reader.yaml", |raw| {
        reader::Event::from_record(raw).map(|e| e.name().to_string())
    });
    assert!(ok >= 15 && rejected >= 150, "ok {ok}, rejected {rejected}");
}

/// Uptake records: Firefox's records of every status of every source, and mutations of each
/// (another status, source, component, trigger; a missing or extra extra).
fn uptake_corpus(model: &eventspec::model::Model) -> Vec<RawEvent> {
    let u = model.uptake.as_ref().expect("Normandy has uptake");
    let mut out = Vec::new();
    for source in &u.sources {
        let key = source
            .key
            .replace("<action name>", "preference-experiment")
            .replace("<recipe id>", "33");
        for status in &source.statuses {
            let trigger = Some(eventspec_runtime::uptake::Trigger::Timer);
            let base =
                eventspec_runtime::uptake::record(7, &u.component, &status.value, &key, trigger)
                    .unwrap();
            out.push(base.clone());
            let mut r = base.clone();
            r.extras.remove("trigger");
            out.push(r);
            for (field, v) in [
                ("value", "up_to_date"),
                ("value", "signature_error"),
                ("object", "remotesettings"),
                ("method", "enroll"),
            ] {
                let mut r = base.clone();
                match field {
                    "value" => r.value = Some(v.into()),
                    "object" => r.object = v.into(),
                    _ => r.method = v.into(),
                }
                out.push(r);
            }
            for (key, v) in [
                ("trigger", "cron"),
                ("source", "normandy/nothing"),
                ("source", "normandy/recipe/"),
                ("age", "3"),
            ] {
                let mut r = base.clone();
                r.extras.insert(key.into(), v.into());
                out.push(r);
            }
            let mut r = base;
            r.extras.remove("source");
            out.push(r);
        }
    }
    out
}

/// The generated `Uptake` and `eventspec decode` agree on every uptake record.
#[test]
fn uptake_records_decode_alike() {
    let model = model();
    let records = uptake_corpus(&model);
    let (mut ok, mut rejected) = (0, 0);
    eventspec::backend::decode::with_decoder(&model, |decoder| {
        for raw in &records {
            let compiled = eventspec_normandy::Uptake::from_record(raw).map(|u| match u {
                eventspec_normandy::Uptake::Runner(r) => r.status.constant(),
                eventspec_normandy::Uptake::Action(a) => a.status.constant(),
                eventspec_normandy::Uptake::Recipe(r) => r.status.constant(),
            });
            let runtime = decoder.decode(raw).map(|d| match d {
                Decoded::Uptake(_, status) => status.constant.as_str(),
                Decoded::Event(e) => unreachable!("{}", e.name),
            });
            // The same status, or the same error.
            assert_eq!(compiled, runtime, "{raw:?}");
            if compiled.is_ok() {
                ok += 1;
            } else {
                rejected += 1;
            }
        }
    });
    assert!(ok >= 28 && rejected >= 100, "ok {ok}, rejected {rejected}");
}

/// The shapes `eventspec decode` builds from the spec are the ones compiled into the generated
/// types: one table of rules, whichever decoder reads it. The events cover every kind of extra
/// (text, boolean, enrollment id, enum) and every presence (required, optional, conditional).
#[test]
fn runtime_shapes_are_the_compiled_ones() {
    use eventspec_normandy::*;
    let events = model();
    let compiled = [
        PreferenceStudyEnroll::SHAPE,
        PreferenceStudyEnrollFailed::SHAPE,
        PreferenceStudyUnenroll::SHAPE,
        PreferenceStudyUnenrollFailed::SHAPE,
        PreferenceRolloutEnrollFailed::SHAPE,
        AddonStudyUnenroll::SHAPE,
    ];
    eventspec::backend::decode::with_decoder(&events, |decoder| {
        for shape in compiled {
            assert_eq!(
                decoder.shape(shape.category, shape.object, shape.method),
                Some(&shape),
                "{}.{}",
                shape.object,
                shape.method
            );
        }
    });
}

/// A Glean event of a ping (`{"timestamp", "category", "name", "extra"}`, the legacy value as
/// the extra `value`) decodes as the legacy record it mirrors: the same result line when
/// valid, and rejected when the record is, over every record of the corpus of an event of the
/// spec, for both specs.
#[test]
fn glean_events_decode_as_their_legacy_records() {
    for spec in ["spec/normandy.yaml", "spec/reader.yaml"] {
        let model = load(spec);
        let (mut same, mut rejected) = (0, 0);
        eventspec::backend::decode::with_decoder(&model, |decoder| {
            for raw in corpus(&model) {
                let Some(event) = model.all_events().find(|e| {
                    (&e.category, &e.object, &e.method) == (&raw.category, &raw.object, &raw.method)
                }) else {
                    continue;
                };
                let (category, name) = eventspec::interop::glean::names(event);
                let mut extra = serde_json::Map::new();
                for (k, v) in &raw.extras {
                    extra.insert(k.clone(), v.clone().into());
                }
                if let Some(value) = &raw.value {
                    extra.insert("value".into(), value.clone().into());
                }
                let glean = serde_json::json!({
                    "timestamp": raw.timestamp, "category": category, "name": name, "extra": extra,
                })
                .to_string();
                let legacy = raw.to_json().to_string();
                let (mut a, mut b) = (Vec::new(), Vec::new());
                let ok = decoder.write_result(&mut a, 1, legacy.as_bytes());
                assert_eq!(
                    decoder.write_result(&mut b, 1, glean.as_bytes()),
                    ok,
                    "{legacy}\n{glean}"
                );
                if ok {
                    assert_eq!(String::from_utf8(a), String::from_utf8(b));
                    same += 1;
                } else {
                    rejected += 1;
                }
            }
        });
        assert!(
            same >= 15 && rejected >= 100,
            "{spec}: same {same}, rejected {rejected}"
        );
    }
}
