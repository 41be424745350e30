// The shapes Firefox sends: no value, quantities, UUIDs, extras optional under a condition.
#![deny(warnings, missing_docs)]
//! Shapes.
eventspec_macros::include_spec!("../../../../codegen/eventspec-macros/tests/ui/specs/shapes.yaml");

use eventspec_runtime::{DecodeError, EncodeError, RawEvent, Uuid};

fn roundtrip(event: Event) -> RawEvent {
    let raw = event.to_record(5).unwrap();
    assert_eq!(Event::from_record(&raw), Ok(event));
    let line = raw.to_json().to_string();
    assert_eq!(Event::from_record(&RawEvent::from_json_str(&line).unwrap()).unwrap().to_record(5).unwrap(), raw);
    raw
}

fn main() {
    // No value: 4 items when there are no extras either, `null` before extras.
    let raw = roundtrip(FileStart {}.into());
    assert_eq!(raw.to_json().to_string(), r#"[5,"downloads","start","file"]"#);
    let with_value = RawEvent::from_json_str(r#"[5, "downloads", "start", "file", "x"]"#).unwrap();
    assert_eq!(Event::from_record(&with_value), Err(DecodeError::UnexpectedValue));
    for line in [r#"[5, "downloads", "start", "file", null]"#, r#"[5, "downloads", "start", "file", null, {}]"#] {
        assert!(Event::from_record(&RawEvent::from_json_str(line).unwrap()).is_ok(), "{line}");
    }

    let id = Uuid::from_bytes([0x5a; 16]);
    let done = FileFinish { size: -1, id: Some(id), outcome: FileFinishOutcome::Done };
    let raw = roundtrip(done.into());
    assert_eq!(raw.to_json().to_string(), format!(r#"[5,"downloads","finish","file",null,{{"id":"{id}","outcome":"done","size":"-1"}}]"#));
    // Optional under the condition: with or without.
    roundtrip(FileFinish { size: 3, id: None, outcome: FileFinishOutcome::Failed { code: None, study: None } }.into());
    roundtrip(FileFinish { size: 3, id: None, outcome: FileFinishOutcome::Failed { code: Some("E1".into()), study: Some(EnrollmentId::Filler) } }.into());
    // Out of bounds, both ways.
    assert_eq!(
        FileFinish { size: 1001, id: None, outcome: FileFinishOutcome::Done }.to_record(5),
        Err(EncodeError::OutOfRange { key: "size".into(), value: 1001, min: -1, max: 1000 })
    );
    let raw = RawEvent::from_json_str(r#"[5, "downloads", "finish", "file", null, {"size": "1001", "outcome": "done"}]"#).unwrap();
    assert!(matches!(Event::from_record(&raw), Err(DecodeError::InvalidValue { .. })));
    // A value where the event has one.
    roundtrip(FileRetry { value: "https://example.com".into() }.into());
    // Redaction reaches an optional conditional id.
    let mut e: Event = FileFinish { size: 0, id: None, outcome: FileFinishOutcome::Failed { code: None, study: Some(EnrollmentId::Id(id)) } }.into();
    e.redact_enrollment_ids();
    assert_eq!(e, FileFinish { size: 0, id: None, outcome: FileFinishOutcome::Failed { code: None, study: Some(EnrollmentId::Filler) } }.into());
    // One declaration, a type per object, each with its object's value.
    let raw = roundtrip(FileOpen { via: FileOpenVia::Key }.into());
    assert_eq!(raw.value, None);
    let raw = roundtrip(FolderOpen { value: "/tmp".into(), via: FolderOpenVia::Click }.into());
    assert_eq!((raw.object.as_str(), raw.method.as_str()), ("folder", "open"));
}
