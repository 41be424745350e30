//! Nanoseconds and heap allocations per event to encode and decode a Normandy event, beside a
//! baseline that builds the same record by hand with `serde_json::json!`.
//! Run: `cargo bench --bench encode_decode`. Medians of several rounds; compare the ratios, not
//! the absolute numbers, across machines. Allocations are exact (a counting allocator).

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use eventspec_normandy::*;

/// The system allocator, counting allocations.
struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is forwarded unchanged to the system allocator.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: same contract as the caller's.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Heap allocations (and reallocations) made by one call of `f`.
fn allocations(mut f: impl FnMut()) -> usize {
    let before = ALLOCATIONS.load(Ordering::Relaxed);
    f();
    ALLOCATIONS.load(Ordering::Relaxed) - before
}

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
    let raw = event.to_record(42).expect("a valid event");
    let (rounds, iters) = (15, 200_000);

    let mut baseline_fn = || {
        black_box(
            serde_json::json!([42, "normandy", "unenroll", "preference_study", "pref-study-1",
            {"didResetValue": "true", "reason": "recipe-not-seen", "enrollmentId": "0c5a3a8e-9b1f-4d6e-8a2b-3c4d5e6f7a8b"}]),
        );
    };
    let mut encode_fn = || {
        black_box(black_box(&event).to_record(42).ok());
    };
    let mut encode_json_fn = || {
        black_box(black_box(&event).to_record(42).map(|r| r.to_json()).ok());
    };
    let mut decode_fn = || {
        black_box(Event::from_record(black_box(&raw)).unwrap());
    };
    let baseline = median_ns_per_iter(rounds, iters, &mut baseline_fn);
    let rows = [
        (
            "encode (to_record)",
            median_ns_per_iter(rounds, iters, &mut encode_fn),
            allocations(&mut encode_fn),
        ),
        (
            "encode + to_json",
            median_ns_per_iter(rounds, iters, &mut encode_json_fn),
            allocations(&mut encode_json_fn),
        ),
        (
            "decode (from_record)",
            median_ns_per_iter(rounds, iters, &mut decode_fn),
            allocations(&mut decode_fn),
        ),
    ];
    println!(
        "{:<24} {baseline:8.1} ns/event  {:>3} allocations",
        "baseline json! by hand",
        allocations(&mut baseline_fn)
    );
    for (name, ns, allocs) in rows {
        println!(
            "{name:<24} {ns:8.1} ns/event  {allocs:>3} allocations  ({:.2}x baseline time)",
            ns / baseline
        );
    }
}
