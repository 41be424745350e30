// Extras, objects, methods and scalars named like the generated code's own parameters, locals,
// methods and std items compile, and round-trip.
#![deny(warnings, missing_docs)]
//! Hostile names.
eventspec_macros::include_spec!("../../../../codegen/eventspec-macros/tests/ui/specs/hostile-names.yaml");

fn main() {
    let event: Event = RawDecode {
        value: "x".into(),
        reason: RawDecodeReason::Raw { raw: "r".into() },
        e: true,
        timestamp: None,
        r#type: "t".into(),
    }
    .into();
    let record = event.to_record(1).unwrap();
    assert_eq!(Event::from_record(&record), Ok(event));
    let event: Event = RawParse {
        value: "x".into(),
        self_: "s".into(),
        name: "n".into(),
        to_record: "t".into(),
    }
    .into();
    assert_eq!(Event::from_record(&event.to_record(2).unwrap()), Ok(event));
    let report = UptakeUptake {
        status: UptakeStatus::Success,
        source: "a".into(),
        self_: "b".into(),
        report: "c".into(),
        trigger: None,
    };
    assert_eq!(report.source(), "hostile/a/b/c");
    let raw = report.to_record(3).unwrap();
    assert_eq!(Uptake::from_record(&raw), Ok(Uptake::Uptake(report)));
    let report = EventUptake { status: EventStatus::Success, params: "p".into(), trigger: None };
    assert_eq!(Uptake::from_record(&report.to_record(4).unwrap()), Ok(Uptake::Event(report)));
    assert_eq!(Some::NAME, "zz.some");
    assert_eq!(Option::Some(1).map(|n| n + 1), Option::Some(2));
}
