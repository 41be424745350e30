//! Synthetic specs for benchmarks: `n` events as an eventspec spec and as the equivalent Glean
//! `metrics.yaml`, so that both tools can be measured on the same events; and records of a
//! spec's events ([`records`]), to measure decoding.
//!
//! Two styles:
//! - [`Style::Realistic`], written as people write specs: comments, `|` and `>-` block scalars,
//!   flow mappings, 4-space indentation, enum extras with conditional (`when`) extras, optional,
//!   channel-limited and truncated extras, enrollment ids, and descriptions of varied length with
//!   links and code; about 1.5 KB of YAML per event. Benchmarks quote this one first.
//! - [`Style::Uniform`], the earlier one: three short extras per event, one line each.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

use std::fmt::Write;

mod records;
pub use records::{Mix, records};

/// The largest event count the generators accept (about 150 MB of YAML, far over the spec size
/// limit): beyond it the text would not fit in memory for nothing.
pub const MAX_EVENTS: usize = 100_000;

/// How the synthetic spec is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    /// Three short extras per event, one line each, block style only.
    Uniform,
    /// As people write specs (see the crate documentation).
    Realistic,
}

/// Events per object (Firefox objects carry a handful of methods each).
const EVENTS_PER_OBJECT: usize = 10;

const LOREM: &str = "Recorded when the client finishes this step, with the outcome and the \
                     settings that were in effect at the time.";

/// An eventspec spec of `n` events (at most [`MAX_EVENTS`]).
pub fn spec(n: usize, style: Style) -> String {
    let n = n.min(MAX_EVENTS);
    match style {
        Style::Uniform => uniform_spec(n),
        Style::Realistic => realistic_spec(n),
    }
}

/// The same `n` events as Glean event metrics (Glean has no enum extras: an enum is a string
/// whose values are listed in its description; the legacy value is an extra).
pub fn glean_metrics(n: usize, style: Style) -> String {
    let n = n.min(MAX_EVENTS);
    match style {
        Style::Uniform => uniform_glean(n),
        Style::Realistic => realistic_glean(n),
    }
}

fn uniform_spec(n: usize) -> String {
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

/// A Glean `metrics.yaml` of `n` events, `object{i}` categories of [`EVENTS_PER_OBJECT`]
/// metrics each, every metric written by `metric` (its number, the output).
fn glean(n: usize, per_event: usize, mut metric: impl FnMut(usize, &mut String)) -> String {
    let mut out = String::with_capacity(n * per_event);
    out.push_str("---\n$schema: moz://mozilla.org/schemas/glean/metrics/2-0-0\n\n");
    for object in 0..n.div_ceil(EVENTS_PER_OBJECT) {
        let _ = writeln!(out, "object{object}:");
        let first = object * EVENTS_PER_OBJECT;
        for event in first..n.min(first + EVENTS_PER_OBJECT) {
            metric(event, &mut out);
        }
    }
    out
}

fn uniform_glean(n: usize) -> String {
    glean(n, 900, |event, out| {
        let _ = write!(
            out,
            "  method{event}:\n    type: event\n    description: {LOREM}\n{GLEAN_METADATA}    \
                 extra_keys:\n      detail:\n        description: Free text about what happened.\n        \
                 type: string\n      succeeded:\n        description: Whether the step succeeded.\n        \
                 type: boolean\n      reason:\n        \
                 description: Why the step ended, one of done, cancelled, failed.\n        \
                 type: string\n"
        );
    })
}

const GLEAN_METADATA: &str = "    bugs:\n      - https://bugzilla.mozilla.org/show_bug.cgi?id=1\n    \
     data_reviews:\n      - https://bugzilla.mozilla.org/show_bug.cgi?id=1\n    \
     notification_emails:\n      - nobody@example.com\n    expires: never\n";

/// Verbs, nouns and sentences the realistic descriptions are made of, picked by the event's
/// number so that lengths and words vary but the output is the same on every run.
const VERBS: [&str; 8] = [
    "finishes", "starts", "cancels", "retries", "skips", "applies", "reverts", "uploads",
];
const NOUNS: [&str; 6] = [
    "the recipe",
    "a study branch",
    "the preference",
    "an add-on update",
    "the rollout",
    "a remote setting",
];
const SENTENCES: [&str; 5] = [
    "The step runs at most once per session, after the first idle callback.",
    "See [the design document](https://wiki.example.org/Telemetry/Design#steps) for how the \
     steps fit together, and `StepRunner.run()` for the code that records it.",
    "Nothing is recorded when telemetry upload is disabled; the *enrollment ID* is then \
     replaced with the filler.",
    "On Android the event is recorded by the same code path, but `detail` is never set.",
    "Analyses join this event with `normandy.recipe_freshness` on the recipe id.",
];

fn realistic_spec(n: usize) -> String {
    let mut out = String::with_capacity(n * 1600 + 2000);
    out.push_str(
        "# A synthetic product's telemetry, written the way people write specs:\n\
         # comments, block scalars, flow mappings and 4-space indentation.\n\
         eventspec: 1\n\
         title: Synthetic Data Collection\n\
         introduction: |-\n    \
         This document describes the data that the *synthetic* component collects. It is\n    \
         generated from `spec.yaml`; edit the spec, not this page.\n\n    \
         Questions go to the [data stewards](https://wiki.example.org/Data_Stewards).\n\n\
         references:\n    \
         eventtelemetry: {title: Events, url: \"https://firefox-source-docs.mozilla.org/toolkit/components/telemetry/collection/events.html\"}\n\n\
         events:\n    \
         title: Events\n    \
         category: synthetic\n    \
         description: >-\n        \
         The component records each step it takes with [Telemetry Events](ref:eventtelemetry).\n        \
         All data is stored in the `synthetic` category.\n\n    \
         enrollment_id:\n        \
         title: Enrollment IDs\n        \
         filler: __NO_ENROLLMENT_ID__\n        \
         description: >-\n            \
         A UUID generated when the client enrolls, replaced with the filler once telemetry\n            \
         upload is disabled.\n\n    \
         objects:\n",
    );
    for object in 0..n.div_ceil(EVENTS_PER_OBJECT) {
        let _ = write!(
            out,
            "        # Object {object}: one kind of thing the component acts on.\n        \
             - name: object{object}\n          \
             title: Object {object}\n          \
             value: >-\n              \
             The identifier of the thing (`thing{object}.id`), as the server\n              \
             sends it.\n          \
             events:\n"
        );
        let first = object * EVENTS_PER_OBJECT;
        for event in first..n.min(first + EVENTS_PER_OBJECT) {
            realistic_event(&mut out, event);
        }
    }
    out
}

fn realistic_event(out: &mut String, event: usize) {
    let verb = VERBS[event % VERBS.len()];
    let noun = NOUNS[event % NOUNS.len()];
    let _ = write!(
        out,
        "              # Sent once per {noun}; see bug {bug}.\n              \
         - method: method{event}\n                \
         title: Event {event}\n                \
         description: |-\n                    \
         Recorded when the client {verb} {noun} at step {event}, with the outcome and the\n                    \
         settings that were in effect at the time.\n",
        bug = 1_400_000 + event,
    );
    // Zero to three more paragraphs or sentences: descriptions of varied length.
    for k in 0..event % 4 {
        let _ = write!(
            out,
            "\n                    {}\n",
            SENTENCES[(event + k) % SENTENCES.len()]
        );
    }
    if event.is_multiple_of(3) {
        out.push_str(
            "                value: The name of the step (`step.name`), overriding the object's.\n",
        );
    }
    let _ = write!(
        out,
        "                extras:\n                    \
         outcome:\n                        \
         type: enum\n                        \
         description: How the step ended.\n                        \
         values:\n                            \
         done: It finished.\n                            \
         cancelled: >-\n                                \
         The user cancelled it, from the panel or by closing the window.\n                            \
         failed: It failed; `errorCode` says why.\n                    \
         errorCode: {{description: The error code the step reported (`NS_ERROR_*`)., when: {{outcome: [failed]}}}}\n                    \
         detail:\n                        \
         description: >-\n                            \
         Free text about what happened, truncated to 80 bytes. Never anything\n                            \
         typed by the user.\n                        \
         optional: true\n                        \
         max_length: 80\n                        \
         truncate: true\n                    \
         succeeded: {{type: boolean, description: Whether the step succeeded.}}\n"
    );
    if event.is_multiple_of(2) {
        out.push_str(
            "                    caller:\n                        \
             description: On pre-release channels only, what asked for the step.\n                        \
             channels: [nightly, beta]\n",
        );
    }
    if event.is_multiple_of(5) {
        out.push_str(
            "                    enrollmentId: {type: enrollment_id, description: The ID generated at enrollment.}\n",
        );
    }
    out.push('\n');
}

fn realistic_glean(n: usize) -> String {
    glean(n, 1400, |event, out| {
        let verb = VERBS[event % VERBS.len()];
        let noun = NOUNS[event % NOUNS.len()];
        let _ = write!(
            out,
            "  method{event}:\n    type: event\n    description: |-\n      \
                 Recorded when the client {verb} {noun} at step {event}, with the outcome and the\n      \
                 settings that were in effect at the time.\n"
        );
        for k in 0..event % 4 {
            let _ = write!(
                out,
                "\n      {}\n",
                SENTENCES[(event + k) % SENTENCES.len()]
            );
        }
        let _ = write!(
            out,
            "{GLEAN_METADATA}    extra_keys:\n      \
                 value:\n        description: The identifier of the thing.\n        type: string\n      \
                 outcome:\n        description: How the step ended, one of done, cancelled, failed.\n        \
                 type: string\n      \
                 error_code:\n        description: The error code the step reported, when it failed.\n        \
                 type: string\n      \
                 detail:\n        description: Free text about what happened, truncated to 80 bytes.\n        \
                 type: string\n      \
                 succeeded:\n        description: Whether the step succeeded.\n        type: boolean\n"
        );
        if event.is_multiple_of(2) {
            out.push_str(
                "      caller:\n        description: On pre-release channels only, what asked \
                     for the step.\n        type: string\n",
            );
        }
        if event.is_multiple_of(5) {
            out.push_str(
                    "      enrollment_id:\n        description: The ID generated at enrollment.\n        \
                     type: string\n",
                );
        }
    })
}
