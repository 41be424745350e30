// The Normandy spec, used as a downstream crate would.
eventspec_macros::include_spec!("../../../../spec/normandy.yaml");

fn main() {
    let event: Event = PreferenceRolloutEnrollFailed {
        value: "my-rollout".into(),
        reason: PreferenceRolloutEnrollFailedReason::Conflict {
            preference: "browser.x".into(),
        },
    }
    .into();
    let record = event.to_record(42).unwrap();
    assert_eq!(record.method, "enrollFailed");
    assert_eq!(Event::from_record(&record), Ok(event));
    assert_eq!(RunnerStatus::Success.as_str(), "success");
    assert_eq!(ActionStatus::key("my-action"), "normandy/action/my-action");
}
