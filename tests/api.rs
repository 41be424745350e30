//! The generated Normandy API used as a downstream crate would.

use std::collections::BTreeMap;

use eventspec_normandy::*;

fn uuid(n: u8) -> EnrollmentId {
    EnrollmentId::Id(Uuid::from_bytes([n; 16]))
}

/// One of each of the 14 events.
fn all_events() -> Vec<Event> {
    let slug = || "pref-study-1".to_string();
    vec![
        PreferenceStudyEnroll {
            value: slug(),
            branch: "control".into(),
            experiment_type: PreferenceStudyEnrollExperimentType::ExpHighpop,
            enrollment_id: uuid(1),
        }
        .into(),
        PreferenceStudyEnrollFailed {
            value: slug(),
            reason: PreferenceStudyEnrollFailedReason::InvalidBranch {
                pref_branch: "nonsense".into(),
            },
        }
        .into(),
        PreferenceStudyUnenroll {
            value: slug(),
            did_reset_value: true,
            reason: PreferenceStudyUnenrollReason::RecipeNotSeen,
            enrollment_id: uuid(2),
        }
        .into(),
        PreferenceStudyUnenrollFailed {
            value: slug(),
            enrollment_id: EnrollmentId::Filler,
            reason: PreferenceStudyUnenrollFailedReason::AlreadyUnenrolled,
            caller: Some("about:studies".into()),
            original_reason: "unknown".into(),
        }
        .into(),
        PreferenceStudyExpPrefChanged {
            value: slug(),
            enrollment_id: uuid(3),
            preference_name: "browser.pref".into(),
            reason: PreferenceStudyExpPrefChangedReason::OnEnroll,
        }
        .into(),
        PreferenceRolloutEnroll {
            value: "rollout".into(),
            enrollment_id: uuid(4),
        }
        .into(),
        PreferenceRolloutEnrollFailed {
            value: "rollout".into(),
            reason: PreferenceRolloutEnrollFailedReason::InvalidType {
                preference: "browser.pref".into(),
            },
        }
        .into(),
        PreferenceRolloutUpdate {
            value: "rollout".into(),
            previous_state: "active".into(),
            enrollment_id: uuid(5),
        }
        .into(),
        PreferenceRolloutGraduate {
            value: "rollout".into(),
            reason: PreferenceRolloutGraduateReason::InGraduationSet,
            enrollment_id: uuid(6),
        }
        .into(),
        AddonStudyEnroll {
            value: "addon-study".into(),
            addon_id: "feature-study@shield.mozilla.com".into(),
            addon_version: "1.2.3".into(),
            enrollment_id: uuid(7),
        }
        .into(),
        AddonStudyEnrollFailed {
            value: "addon-study".into(),
            reason: "AddonStudies.sys.mjs:42 TypeError".into(),
        }
        .into(),
        AddonStudyUpdate {
            value: "addon-study".into(),
            addon_id: "feature-study@shield.mozilla.com".into(),
            addon_version: "1.2.4".into(),
            enrollment_id: uuid(8),
        }
        .into(),
        AddonStudyUpdateFailed {
            value: "addon-study".into(),
            reason: "AddonStudies.sys.mjs:99 Error".into(),
            enrollment_id: uuid(9),
        }
        .into(),
        AddonStudyUnenroll {
            value: "addon-study".into(),
            addon_id: "feature-study@shield.mozilla.com".into(),
            addon_version: "1.2.4".into(),
            reason: AddonStudyUnenrollReason::UninstalledSideload,
            enrollment_id: uuid(10),
        }
        .into(),
    ]
}

#[test]
fn every_event_encodes_to_the_firefox_record() {
    let events = all_events();
    assert_eq!(events.len(), 14);
    let names: Vec<&str> = events.iter().map(Event::name).collect();
    assert_eq!(
        names.len(),
        names
            .iter()
            .collect::<std::collections::BTreeSet<_>>()
            .len()
    );
    let record = events[6].to_record(1234).unwrap().to_json();
    assert_eq!(
        record,
        serde_json::json!([1234, "normandy", "enrollFailed", "preference_rollout", "rollout",
            {"reason": "invalid type", "preference": "browser.pref"}])
    );
    let record = events[2].to_record(5).unwrap().to_json();
    assert_eq!(record[5]["didResetValue"], "true");
    assert_eq!(
        record[5]["enrollmentId"],
        "02020202-0202-0202-0202-020202020202"
    );
    let record = events[3].to_record(5).unwrap().to_json();
    assert_eq!(record[5]["enrollmentId"], "__NO_ENROLLMENT_ID__");
}

#[test]
fn decode_of_encode_is_identity() {
    for event in all_events() {
        let raw = event.to_record(42).unwrap();
        let json = raw.to_json().to_string();
        let back = Event::from_record(&RawEvent::from_json_str(&json).unwrap());
        assert_eq!(back.as_ref(), Ok(&event), "{}", event.name());
    }
}

/// `truncate: true` (Normandy's `prefBranch`) cuts at a UTF-8 boundary, as Firefox does.
#[test]
fn a_truncating_extra_is_cut_at_a_char_boundary() {
    let event: Event = PreferenceStudyEnrollFailed {
        value: "é".repeat(40),
        reason: PreferenceStudyEnrollFailedReason::InvalidBranch {
            pref_branch: "€".repeat(40),
        },
    }
    .into();
    let raw = event.to_record(0).unwrap();
    assert_eq!(raw.value.as_deref(), Some("é".repeat(40).as_str()));
    // 80 bytes of 3-byte characters: 26 of them (78 bytes), never half of one.
    assert_eq!(raw.extras["prefBranch"], "€".repeat(26));
}

/// Without `truncate`, a string over its limit is an error the caller sees; so is a value
/// over Firefox's 80 bytes. Nothing is cut silently.
#[test]
fn a_long_string_without_truncate_is_an_error() {
    let long = PreferenceStudyEnroll {
        value: "pref-study-1".into(),
        branch: "b".repeat(81),
        experiment_type: PreferenceStudyEnrollExperimentType::ExpHighpop,
        enrollment_id: uuid(1),
    };
    assert_eq!(
        long.to_record(0),
        Err(EncodeError::TooLong {
            key: "branch".into(),
            len: 81,
            max: 80
        })
    );
    let fits = PreferenceStudyEnroll {
        branch: "b".repeat(80),
        ..long.clone()
    };
    assert!(fits.to_record(0).is_ok());
    let long_value = PreferenceStudyEnroll {
        value: "é".repeat(41),
        ..fits
    };
    assert_eq!(
        long_value.to_record(0).unwrap_err().to_string(),
        "`value` is 82 bytes, over the limit of 80 (and the spec does not truncate it)"
    );
}

mod lengths {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// For strings of any length: either the record is refused because a string that
        /// the spec does not truncate is too long, or decoding the record gives the event
        /// back, its truncating extra cut as Firefox would.
        #[test]
        fn decode_of_encode_is_the_event_or_an_error(
            value in ".{0,50}",
            branch in ".{0,50}",
            caller in proptest::option::of(".{0,50}"),
            pref_branch in ".{0,50}",
        ) {
            let enroll = PreferenceStudyEnroll {
                value: value.clone(),
                branch: branch.clone(),
                experiment_type: PreferenceStudyEnrollExperimentType::ExpHighpop,
                enrollment_id: uuid(1),
            };
            let fits = value.len() <= 80 && branch.len() <= 80;
            match enroll.to_record(0) {
                Ok(raw) => {
                    prop_assert!(fits);
                    prop_assert_eq!(PreferenceStudyEnroll::from_record(&raw), Ok(enroll));
                }
                Err(EncodeError::TooLong { .. }) => prop_assert!(!fits),
                Err(other) => prop_assert!(false, "{other}"),
            }
            let failed = PreferenceStudyUnenrollFailed {
                value: value.clone(),
                enrollment_id: uuid(2),
                reason: PreferenceStudyUnenrollFailedReason::DoesNotExist,
                caller: caller.clone(),
                original_reason: branch.clone(),
            };
            let fits = fits && caller.as_ref().is_none_or(|c| c.len() <= 80);
            match failed.to_record(0) {
                Ok(raw) => {
                    prop_assert!(fits);
                    prop_assert_eq!(PreferenceStudyUnenrollFailed::from_record(&raw), Ok(failed));
                }
                Err(_) => prop_assert!(!fits),
            }
            let truncating = PreferenceStudyEnrollFailed {
                value: value.clone(),
                reason: PreferenceStudyEnrollFailedReason::InvalidBranch {
                    pref_branch: pref_branch.clone(),
                },
            };
            if value.len() <= 80 {
                let raw = truncating.to_record(0).unwrap();
                let mut cut = pref_branch.clone();
                while cut.len() > 80 {
                    cut.pop();
                }
                prop_assert_eq!(
                    PreferenceStudyEnrollFailed::from_record(&raw),
                    Ok(PreferenceStudyEnrollFailed {
                        value,
                        reason: PreferenceStudyEnrollFailedReason::InvalidBranch {
                            pref_branch: cut,
                        },
                    })
                );
            }
        }
    }
}

#[test]
fn redaction_replaces_every_enrollment_id() {
    let mut events = all_events();
    for event in &mut events {
        event.redact_enrollment_ids();
        let record = event.to_record(0).unwrap();
        if let Some(id) = record.extras.get("enrollmentId") {
            assert_eq!(id, EnrollmentId::FILLER, "{}", event.name());
        }
    }
}

#[test]
fn statuses_keys_and_scalar() {
    assert_eq!(RunnerStatus::KEY, "normandy/runner");
    assert_eq!(
        ActionStatus::key("show-heartbeat"),
        "normandy/action/show-heartbeat"
    );
    assert_eq!(RecipeStatus::key("42"), "normandy/recipe/42");
    assert_eq!(RecipeStatus::SignatureInvalid.as_str(), "sign_error");
    assert_eq!(
        RecipeStatus::SignatureInvalid.constant(),
        "RECIPE_SIGNATURE_INVALID"
    );
    assert_eq!("backoff".parse(), Ok(RecipeStatus::DidntMatchFilter));
    assert!("nope".parse::<RecipeStatus>().is_err());
    assert_eq!(
        RunnerStatus::ALL.len() + ActionStatus::ALL.len() + RecipeStatus::ALL.len(),
        14
    );
    let freshness = RecipeFreshness {
        key: "42".into(),
        value: 1_700_000_000,
    };
    assert_eq!(RecipeFreshness::NAME, "normandy.recipe_freshness");
    assert_eq!(freshness.value, 1_700_000_000);
    assert_eq!(
        PreferenceRolloutEnrollFailedReason::VALUES,
        ["invalid type", "would-be-no-op", "conflict"]
    );
    assert_eq!(
        "exp-highpop".parse(),
        Ok(PreferenceStudyEnrollExperimentType::ExpHighpop)
    );
}

fn record(method: &str, object: &str, extras: &[(&str, &str)]) -> RawEvent {
    RawEvent {
        timestamp: 1,
        category: "normandy".into(),
        method: method.into(),
        object: object.into(),
        value: Some("slug".into()),
        extras: extras
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect::<BTreeMap<_, _>>(),
    }
}

const ID: &str = "0c5a3a8e-9b1f-4d6e-8a2b-3c4d5e6f7a8b";

fn decode_err(raw: &RawEvent) -> DecodeError {
    Event::from_record(raw).expect_err("must be rejected")
}

#[test]
fn rejections() {
    let valid = record(
        "update",
        "preference_rollout",
        &[("previousState", "active"), ("enrollmentId", ID)],
    );
    assert!(Event::from_record(&valid).is_ok());

    let mut wrong_category = valid.clone();
    wrong_category.category = "other".into();
    assert_eq!(
        decode_err(&wrong_category),
        DecodeError::WrongCategory {
            found: "other".into()
        }
    );

    assert_eq!(
        decode_err(&record("update", "nothing", &[])),
        DecodeError::UnknownObject {
            object: "nothing".into()
        }
    );
    assert_eq!(
        decode_err(&record("explode", "addon_study", &[])),
        DecodeError::UnknownMethod {
            method: "explode".into()
        }
    );
    assert_eq!(
        decode_err(&record("graduate", "addon_study", &[])),
        DecodeError::MethodNotOnObject {
            method: "graduate".into(),
            object: "addon_study".into()
        }
    );

    let mut unknown_extra = valid.clone();
    unknown_extra.extras.insert("colour".into(), "blue".into());
    assert_eq!(
        decode_err(&unknown_extra),
        DecodeError::UnknownExtra {
            key: "colour".into()
        }
    );

    let non_string = r#"[1, "normandy", "update", "preference_rollout", "slug", {"previousState": 3, "enrollmentId": "x"}]"#;
    assert_eq!(
        RawEvent::from_json_str(non_string),
        Err(DecodeError::NonStringExtra {
            key: "previousState".into()
        })
    );

    let bad_enum = record(
        "graduate",
        "preference_rollout",
        &[("reason", "bored"), ("enrollmentId", ID)],
    );
    assert!(
        matches!(decode_err(&bad_enum), DecodeError::InvalidValue { key, .. } if key == "reason")
    );

    let bad_bool = record(
        "unenroll",
        "preference_study",
        &[
            ("didResetValue", "yes"),
            ("reason", "unknown"),
            ("enrollmentId", ID),
        ],
    );
    assert!(
        matches!(decode_err(&bad_bool), DecodeError::InvalidValue { key, .. } if key == "didResetValue")
    );

    let bad_id = record(
        "update",
        "preference_rollout",
        &[("previousState", "active"), ("enrollmentId", "not-a-uuid")],
    );
    assert!(
        matches!(decode_err(&bad_id), DecodeError::InvalidValue { key, .. } if key == "enrollmentId")
    );

    let missing = record(
        "update",
        "preference_rollout",
        &[("previousState", "active")],
    );
    assert_eq!(
        decode_err(&missing),
        DecodeError::MissingExtra {
            key: "enrollmentId".into()
        }
    );

    let mut long_value = valid.clone();
    long_value.value = Some("x".repeat(81));
    assert_eq!(
        decode_err(&long_value),
        DecodeError::TooLong {
            key: "value".into(),
            len: 81,
            max: 80
        }
    );
    let long_extra = record(
        "update",
        "preference_rollout",
        &[("previousState", &"x".repeat(81)), ("enrollmentId", ID)],
    );
    assert_eq!(
        decode_err(&long_extra),
        DecodeError::TooLong {
            key: "previousState".into(),
            len: 81,
            max: 80
        }
    );

    let against_condition = record(
        "enrollFailed",
        "preference_rollout",
        &[("reason", "would-be-no-op"), ("preference", "p")],
    );
    assert!(
        matches!(decode_err(&against_condition), DecodeError::UnexpectedExtra { key, .. } if key == "preference")
    );
    let missing_conditional = record(
        "enrollFailed",
        "preference_rollout",
        &[("reason", "conflict")],
    );
    assert_eq!(
        decode_err(&missing_conditional),
        DecodeError::MissingExtra {
            key: "preference".into()
        }
    );

    let mut no_value = valid.clone();
    no_value.value = None;
    assert_eq!(decode_err(&no_value), DecodeError::MissingValue);
}

#[test]
fn checked_in_code_is_what_the_build_script_generates() {
    let built = include_str!(concat!(env!("OUT_DIR"), "/normandy.rs"));
    let checked_in = include_str!("../generated/rust/normandy.rs");
    assert!(
        built == checked_in,
        "generated/rust/normandy.rs is stale: run `cargo run -p eventspec-cli -- generate`"
    );
}

/// An event's own decoder rejects a record of another event or category, as
/// `Event::from_record` would never hand it one.
#[test]
fn an_events_decoder_rejects_other_events() {
    let unenroll = Event::PreferenceStudyUnenroll(PreferenceStudyUnenroll {
        value: "study".into(),
        did_reset_value: true,
        reason: PreferenceStudyUnenrollReason::Unknown,
        enrollment_id: uuid(1),
    })
    .to_record(1)
    .unwrap();
    assert_eq!(
        PreferenceStudyEnroll::from_record(&unenroll),
        Err(DecodeError::OtherEvent {
            expected: "preference_study.enroll".into(),
            found: "preference_study.unenroll".into(),
        })
    );
    let mut elsewhere = unenroll.clone();
    elsewhere.category = "other".into();
    assert_eq!(
        PreferenceStudyUnenroll::from_record(&elsewhere),
        Err(DecodeError::WrongCategory {
            found: "other".into()
        })
    );
    assert!(PreferenceStudyUnenroll::from_record(&unenroll).is_ok());
}

/// Uptake as Firefox records it: the event `[ts, "uptake.remotecontent.result", "uptake",
/// "normandy", status, {source, trigger}]`, the source the histogram key; decoded back by the
/// source key it carries.
#[test]
fn uptake_statuses_are_recorded_and_decoded_as_firefox_does() {
    use eventspec_normandy::{RecipeStatus, RecipeUptake, RunnerStatus, RunnerUptake, Uptake};
    use eventspec_runtime::uptake::{HISTOGRAM, Trigger};
    let report = RecipeUptake {
        status: RecipeStatus::SignatureInvalid,
        recipe_id: "33".into(),
        trigger: Some(Trigger::Broadcast),
    };
    assert_eq!(HISTOGRAM, "UPTAKE_REMOTE_CONTENT_RESULT_1");
    assert_eq!(report.source(), "normandy/recipe/33");
    let raw = report.to_record(9).unwrap();
    assert_eq!(
        raw.to_json().to_string(),
        r#"[9,"uptake.remotecontent.result","uptake","normandy","sign_error",{"source":"normandy/recipe/33","trigger":"broadcast"}]"#
    );
    assert_eq!(RecipeUptake::from_record(&raw), Ok(report.clone()));
    assert_eq!(Uptake::from_record(&raw), Ok(Uptake::Recipe(report)));
    // A record of another source is not this source's.
    let runner = RunnerUptake {
        status: RunnerStatus::Success,
        trigger: None,
    };
    let raw = runner.to_record(1).unwrap();
    assert_eq!(
        raw.to_json().to_string(),
        r#"[1,"uptake.remotecontent.result","uptake","normandy","success",{"source":"normandy/runner"}]"#
    );
    assert!(RecipeUptake::from_record(&raw).is_err());
    assert_eq!(Uptake::from_record(&raw), Ok(Uptake::Runner(runner)));
    // A status the source does not report, an unknown source.
    let bad = RawEvent::from_json_str(r#"[1,"uptake.remotecontent.result","uptake","normandy","backoff",{"source":"normandy/runner"}]"#).unwrap();
    assert!(Uptake::from_record(&bad).is_err());
    let bad = RawEvent::from_json_str(r#"[1,"uptake.remotecontent.result","uptake","normandy","success",{"source":"normandy/other"}]"#).unwrap();
    assert!(Uptake::from_record(&bad).is_err());
}

/// A scalar gives what Firefox records for it: `{name: {key: value}}` for a keyed one.
#[test]
fn scalars_give_what_firefox_records() {
    use eventspec_normandy::RecipeFreshness;
    let s = RecipeFreshness {
        key: "33".into(),
        value: 1_600_000_000,
    };
    assert_eq!(
        s.to_json().unwrap().to_string(),
        r#"{"normandy.recipe_freshness":{"33":1600000000}}"#
    );
    let long = RecipeFreshness {
        key: "k".repeat(73),
        value: 1,
    };
    assert!(long.to_json().is_err());
    assert_eq!(RecipeFreshness::EXPIRES, eventspec_runtime::Expiry::Never);
}

/// Each event's `EXTRAS` are its extra keys in spec order (made from its `SHAPE`), its
/// conditional extras included.
#[test]
fn extras_lists_each_key_in_spec_order() {
    assert_eq!(
        PreferenceStudyEnroll::EXTRAS,
        ["branch", "experimentType", "enrollmentId"]
    );
    assert_eq!(PreferenceStudyEnrollFailed::EXTRAS.len(), 2);
    for (extras, shape) in [
        (
            PreferenceStudyUnenroll::EXTRAS,
            PreferenceStudyUnenroll::SHAPE,
        ),
        (AddonStudyEnroll::EXTRAS, AddonStudyEnroll::SHAPE),
    ] {
        let keys: Vec<&str> = shape.extras.iter().map(|x| x.key).collect();
        assert_eq!(extras, keys);
    }
}
