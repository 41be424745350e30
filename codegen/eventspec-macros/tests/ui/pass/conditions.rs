// Conditional extras of every type compile, encode and decode back.
#![deny(warnings, missing_docs)]
//! Conditions.
eventspec_macros::include_spec!("../../../../codegen/eventspec-macros/tests/ui/specs/conditions.yaml");

fn main() {
    let id = EnrollmentId::Id(eventspec_runtime::Uuid::from_bytes([7; 16]));
    let events: Vec<Event> = vec![
        ThingFail {
            value: "v".into(),
            reason: ThingFailReason::Broken { retried: true, enrollment_id: id },
        }
        .into(),
        ThingFail {
            value: "v".into(),
            reason: ThingFailReason::Blocked { enrollment_id: EnrollmentId::Filler, how: ThingFailHow::User },
        }
        .into(),
        ThingFail {
            value: "v".into(),
            reason: ThingFailReason::Other { note: "n".into() },
        }
        .into(),
        ThingSkip { value: "v".into(), cause: Some(ThingSkipCause::Late { detail: "d".into() }) }.into(),
        ThingSkip { value: "v".into(), cause: Some(ThingSkipCause::Early) }.into(),
        ThingSkip { value: "v".into(), cause: None }.into(),
    ];
    for event in events {
        let record = event.to_record(1).unwrap();
        assert_eq!(Event::from_record(&record), Ok(event), "{record:?}");
    }
    let mut record = Event::from(ThingFail {
        value: "v".into(),
        reason: ThingFailReason::Broken { retried: false, enrollment_id: id },
    })
    .to_record(1).unwrap();
    assert_eq!(record.extras["retried"], "false");
    record.extras.insert("how".into(), "policy".into());
    assert!(Event::from_record(&record).is_err());
    record.extras.remove("how");
    record.extras.insert("retried".into(), "maybe".into());
    assert!(Event::from_record(&record).is_err());
    redaction();
}

fn redaction() {
    let id = EnrollmentId::Id(eventspec_runtime::Uuid::from_bytes([7; 16]));
    let mut event = Event::from(ThingFail {
        value: "v".into(),
        reason: ThingFailReason::Broken { retried: true, enrollment_id: id },
    });
    event.redact_enrollment_ids();
    assert_eq!(
        event,
        Event::from(ThingFail {
            value: "v".into(),
            reason: ThingFailReason::Broken { retried: true, enrollment_id: EnrollmentId::Filler },
        })
    );
}
