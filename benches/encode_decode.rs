//! Nanoseconds per event to encode and decode a Normandy event, beside a baseline that builds
//! the same record by hand with `serde_json::json!`. Run: `cargo bench --bench encode_decode`.
//! Medians of several rounds; compare the ratios, not the absolute numbers, across machines.

use std::hint::black_box;
use std::time::Instant;

use eventspec_normandy::*;

fn median_ns_per_iter(rounds: usize, iters: u32, mut f: impl FnMut()) -> f64 {
    let mut samples: Vec<f64> = (0..rounds)
        .map(|_| {
            let start = Instant::now();
            for _ in 0..iters {
                f();
            }
            start.elapsed().as_nanos() as f64 / f64::from(iters)
        })
        .collect();
    samples.sort_by(f64::total_cmp);
    samples[rounds / 2]
}

fn main() {
    let event: Event = PreferenceStudyUnenroll {
        value: "pref-study-1".into(),
        did_reset_value: true,
        reason: PreferenceStudyUnenrollReason::RecipeNotSeen,
        enrollment_id: EnrollmentId::parse("0c5a3a8e-9b1f-4d6e-8a2b-3c4d5e6f7a8b").unwrap(),
    }
    .into();
    let raw = event.to_record(42);
    let (rounds, iters) = (15, 200_000);

    let baseline = median_ns_per_iter(rounds, iters, || {
        black_box(
            serde_json::json!([42, "normandy", "unenroll", "preference_study", "pref-study-1",
            {"didResetValue": "true", "reason": "recipe-not-seen", "enrollmentId": "0c5a3a8e-9b1f-4d6e-8a2b-3c4d5e6f7a8b"}]),
        );
    });
    let encode = median_ns_per_iter(rounds, iters, || {
        black_box(black_box(&event).to_record(42));
    });
    let encode_json = median_ns_per_iter(rounds, iters, || {
        black_box(black_box(&event).to_record(42).to_json());
    });
    let decode = median_ns_per_iter(rounds, iters, || {
        black_box(Event::from_record(black_box(&raw)).unwrap());
    });
    println!("baseline json! by hand      {baseline:8.1} ns/event");
    println!(
        "encode (to_record)          {encode:8.1} ns/event  ({:.2}x baseline)",
        encode / baseline
    );
    println!(
        "encode + to_json            {encode_json:8.1} ns/event  ({:.2}x baseline)",
        encode_json / baseline
    );
    println!(
        "decode (from_record)        {decode:8.1} ns/event  ({:.2}x baseline)",
        decode / baseline
    );
}
