// Reader View, every feature of the format, through the macro: compiles with every warning
// denied, docs included.
#![deny(warnings, missing_docs)]
//! Reader View.
eventspec_macros::include_spec!("../../../../spec/reader.yaml");

fn main() {
    let event: Event = NarratePanelPlay { value: "alto".into(), rate: Some(120) }.into();
    assert_eq!(event.name(), "reader.narrate.panel.play");
    let event: Event = ToolbarHide {
        value: "compact".into(),
        session: eventspec_runtime::Uuid::from_bytes([1; 16]),
    }
    .into();
    assert_eq!(Event::from_record(&event.to_record(1).unwrap()), Ok(event));
    assert_eq!(ToolbarReset::EXPIRES, eventspec_runtime::Expiry::Version(150));
    assert_eq!(PageOpen::EXPIRES, eventspec_runtime::Expiry::Version(160));
    let rules = RulesUptake { status: RulesStatus::UpToDate, site: "example.org".into(), trigger: None };
    assert_eq!(Uptake::from_record(&rules.to_record(1).unwrap()), Ok(Uptake::Rules(rules)));
}
