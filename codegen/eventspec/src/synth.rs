//! Synthetic specs for benchmarks: `n` events with three extras each (a string, a boolean and
//! an enum), as an eventspec spec and as the equivalent Glean `metrics.yaml`, so both tools can
//! be measured on the same events (`eventspec synth`, `scripts/bench-vs-glean.sh`).

use std::fmt::Write;

/// Events per object (Firefox objects carry a handful of methods each).
const EVENTS_PER_OBJECT: usize = 10;

const LOREM: &str = "Recorded when the client finishes this step, with the outcome and the \
                     settings that were in effect at the time.";

/// An eventspec spec of `n` events.
pub fn spec(n: usize) -> String {
    let mut out = String::with_capacity(n * 700);
    out.push_str(
        "eventspec: 1\ntitle: Synthetic\nintroduction: A synthetic spec for benchmarks.\n\
         events:\n  title: Events\n  category: synthetic\n  objects:\n",
    );
    for object in 0..n.div_ceil(EVENTS_PER_OBJECT) {
        let _ = write!(
            out,
            "    - name: object{object}\n      title: Object {object}\n      \
             value: The identifier of the thing.\n      events:\n"
        );
        let first = object * EVENTS_PER_OBJECT;
        for event in first..n.min(first + EVENTS_PER_OBJECT) {
            let _ = write!(
                out,
                "        - method: method{event}\n          title: Event {event}\n          \
                 description: {LOREM}\n          extras:\n            \
                 detail:\n              description: Free text about what happened.\n            \
                 succeeded:\n              type: boolean\n              \
                 description: Whether the step succeeded.\n            \
                 reason:\n              type: enum\n              \
                 description: Why the step ended.\n              values:\n                \
                 done: It finished.\n                cancelled: The user cancelled it.\n                \
                 failed: It failed.\n"
            );
        }
    }
    out
}

/// The same `n` events as Glean event metrics (Glean has no enum extras: the reason is a
/// string whose values are listed in its description).
pub fn glean_metrics(n: usize) -> String {
    let mut out = String::with_capacity(n * 900);
    out.push_str("---\n$schema: moz://mozilla.org/schemas/glean/metrics/2-0-0\n\n");
    for object in 0..n.div_ceil(EVENTS_PER_OBJECT) {
        let _ = writeln!(out, "object{object}:");
        let first = object * EVENTS_PER_OBJECT;
        for event in first..n.min(first + EVENTS_PER_OBJECT) {
            let _ = write!(
                out,
                "  method{event}:\n    type: event\n    description: {LOREM}\n    \
                 bugs:\n      - https://bugzilla.mozilla.org/show_bug.cgi?id=1\n    \
                 data_reviews:\n      - https://bugzilla.mozilla.org/show_bug.cgi?id=1\n    \
                 notification_emails:\n      - nobody@example.com\n    expires: never\n    \
                 extra_keys:\n      detail:\n        description: Free text about what happened.\n        \
                 type: string\n      succeeded:\n        description: Whether the step succeeded.\n        \
                 type: boolean\n      reason:\n        \
                 description: Why the step ended, one of done, cancelled, failed.\n        \
                 type: string\n"
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn synthetic_specs_are_valid_with_n_events() {
        for n in [1, 10, 25] {
            let source = crate::source::Source::new("synth.yaml", super::spec(n));
            let checked = crate::check(&source);
            let model = checked.model.expect("valid");
            let events = model.events.unwrap();
            assert_eq!(events.all().count(), n);
            assert!(events.all().all(|e| e.extras.len() == 3));
        }
        let glean = super::glean_metrics(25);
        assert_eq!(glean.matches("    type: event\n").count(), 25);
    }
}
