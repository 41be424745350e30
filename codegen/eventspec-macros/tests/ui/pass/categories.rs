// Two categories in one spec: one `Event` over both, told apart by category on the wire.
#![deny(warnings, missing_docs)]
//! Categories.
eventspec_macros::include_spec!("../../../../tests/check/valid-categories.yaml");

use eventspec_runtime::{DecodeError, RawEvent};

fn main() {
    let study: Event = ThingOpen { value: "a".into(), how: ThingOpenHow::Click }.into();
    let rollout: Event = RolloutThingOpen { value: "a".into(), how: RolloutThingOpenHow::Key }.into();
    assert_eq!(study.name(), "studies.thing.open");
    assert_eq!(rollout.name(), "rollouts.thing.open");
    assert_eq!((study.category(), rollout.category()), ("studies", "rollouts"));
    assert_eq!(
        Event::EVENTS,
        &[("studies", "thing", "open"), ("rollouts", "thing", "open")]
    );
    for event in [study, rollout] {
        let raw = event.to_record(7).unwrap();
        assert_eq!(raw.category, event.category());
        assert_eq!(Event::from_record(&raw), Ok(event));
    }
    let mut raw: RawEvent = RawEvent::from_json_str(r#"[1, "other", "open", "thing", "a", {"how": "key"}]"#).unwrap();
    assert_eq!(Event::from_record(&raw), Err(DecodeError::WrongCategory { found: "other".into() }));
    raw.category = "rollouts".into();
    raw.object = "door".into();
    assert_eq!(Event::from_record(&raw), Err(DecodeError::UnknownObject { object: "door".into() }));
    // A record of one category is not the same-named event of the other.
    raw.object = "thing".into();
    assert!(matches!(ThingOpen::from_record(&raw), Err(DecodeError::WrongCategory { .. })));
}
