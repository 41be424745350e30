//! decode(encode(e)) == e for random Normandy and Reader View events. Random valid records are drawn from the
//! spec's model (any event, any enum choices, optional and conditional extras present or not,
//! any text), decoded into the typed API, and must encode back to the same record.

use eventspec::model::{Event as Spec, ExtraKind, Model, Presence};
use eventspec_normandy::{Event, RawEvent};
use proptest::prelude::*;

// Reader View, the spec of every feature, through the macro route.
eventspec_macros::include_spec!("spec/reader.yaml", module = reader);

fn model(spec: &str) -> Model {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(spec);
    let source = eventspec::load(&path).unwrap();
    eventspec::check(&source).model.unwrap()
}

/// Text of at most `max` bytes (any characters but controls).
fn text(max: usize) -> impl Strategy<Value = String> {
    "\\PC{0,40}".prop_map(move |s| eventspec_runtime::limits::truncate(&s, max).to_string())
}

/// A candidate wire value for each extra (used only where the extra is sent).
fn candidate(kind: &ExtraKind, max: usize, filler: &str) -> BoxedStrategy<String> {
    match kind {
        ExtraKind::String => text(max).boxed(),
        ExtraKind::Boolean => prop_oneof![Just("true"), Just("false")]
            .prop_map(String::from)
            .boxed(),
        ExtraKind::EnrollmentId => prop_oneof![
            Just(filler.to_string()),
            any::<[u8; 16]>().prop_map(|b| eventspec_normandy::Uuid::from_bytes(b).to_string()),
        ]
        .boxed(),
        ExtraKind::Enum { values, .. } => {
            let wire: Vec<String> = values.iter().map(|v| v.value.clone()).collect();
            prop::sample::select(wire).boxed()
        }
        ExtraKind::Uuid => any::<[u8; 16]>()
            .prop_map(|b| eventspec_normandy::Uuid::from_bytes(b).to_string())
            .boxed(),
        ExtraKind::Quantity { min, max } => (*min..=*max).prop_map(|n| n.to_string()).boxed(),
    }
}

/// A valid record of `event`: every `always` extra, each optional one or not, each
/// conditional one exactly when its enum extra has a value that sends it.
fn record(category: String, event: Spec, filler: String) -> impl Strategy<Value = RawEvent> {
    let extras: Vec<_> = event
        .extras
        .iter()
        .map(|x| (candidate(&x.kind, x.max_length, &filler), any::<bool>()))
        .collect();
    (any::<u64>(), text(80), extras).prop_map(move |(timestamp, value, chosen)| {
        let mut map = std::collections::BTreeMap::new();
        for (x, (wire, include)) in event.extras.iter().zip(&chosen) {
            let sent = match &x.presence {
                Presence::Always => true,
                Presence::Optional => *include,
                Presence::When {
                    extra,
                    values,
                    optional,
                } => {
                    let i = event.extras.iter().position(|e| &e.key == extra).unwrap();
                    values.contains(&chosen[i].0) && (!optional || *include)
                }
            };
            if sent {
                map.insert(x.key.clone(), wire.clone());
            }
        }
        RawEvent {
            timestamp,
            category: category.clone(),
            method: event.method.clone(),
            object: event.object.clone(),
            value: (event.value != eventspec::model::EventValue::Absent).then_some(value),
            extras: map,
        }
    })
}

/// A valid record of any event of `spec`.
fn any_record(spec: &str) -> impl Strategy<Value = RawEvent> {
    let model = model(spec);
    let filler = model
        .enrollment_id()
        .map_or(String::new(), |id| id.filler.clone());
    let all: Vec<Spec> = model.all_events().cloned().collect();
    prop::sample::select(all).prop_flat_map(move |e| record(e.category.clone(), e, filler.clone()))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn decode_of_encode_is_identity(raw in any_record("spec/normandy.yaml")) {
        let event = Event::from_record(&raw);
        prop_assert!(event.is_ok(), "{:?} rejected: {:?}", raw, event);
        let event = event.unwrap();
        let encoded = event.to_record(raw.timestamp).unwrap();
        prop_assert_eq!(&encoded, &raw);
        prop_assert_eq!(Event::from_record(&encoded), Ok(event));
    }

    #[test]
    fn decode_of_encode_is_identity_for_every_feature(raw in any_record("spec/reader.yaml")) {
        let event = reader::Event::from_record(&raw);
        prop_assert!(event.is_ok(), "{:?} rejected: {:?}", raw, event);
        let event = event.unwrap();
        let encoded = event.to_record(raw.timestamp).unwrap();
        prop_assert_eq!(&encoded, &raw);
        prop_assert_eq!(reader::Event::from_record(&encoded), Ok(event));
    }
}
