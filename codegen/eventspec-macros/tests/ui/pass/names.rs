// Keywords and digit-led names become valid identifiers, and the wire names stay as written.
#![deny(warnings)]
eventspec_macros::include_spec!("../../../../codegen/eventspec-macros/tests/ui/specs/names.yaml");

fn main() {
    let event = SelfType {
        value: "v".into(),
        r#type: "t".into(),
        r#match: "m".into(),
        self_: "s".into(),
        kind: SelfTypeKind::V1st,
    };
    let record = Event::from(event.clone()).to_record(0).unwrap();
    assert_eq!((record.object.as_str(), record.method.as_str()), ("self", "type"));
    assert_eq!(record.extras["kind"], "1st");
    assert_eq!(SelfType::from_record(&record), Ok(event));
    assert_eq!(SelfTypeKind::Self_.as_str(), "Self");
    assert_eq!("2nd-try".parse(), Ok(SelfTypeKind::V2ndTry));
    assert_eq!("enroll.ok".parse(), Ok(SelfMatchEnroll::EnrollOk));
}
