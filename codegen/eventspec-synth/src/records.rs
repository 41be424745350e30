//! Synthetic records of a spec's events, as Firefox sends them: valid, varied (optional extras
//! present about half the time, enum values and conditional extras chosen at random), with
//! strings of realistic length. For measuring decoding.
//!
//! Which event each record is follows a [`Mix`]: every event as often as any other (the worst
//! case for a decoder's caches), or as telemetry is (a few events make most records).

use std::collections::BTreeMap;

use eventspec_runtime::shape::{EventShape, Kind, Presence, ValueShape};
use eventspec_runtime::{RawEvent, Uuid};

/// A small deterministic generator (xorshift64*): the same seed, the same records.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Words text values are made of.
const WORDS: &[&str] = &[
    "pref",
    "study",
    "rollout",
    "addon",
    "branch",
    "control",
    "treatment",
    "recipe",
    "heartbeat",
    "search",
    "default",
    "experiment",
    "v2",
    "2026",
    "nightly",
    "release",
];

/// How often each event is recorded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mix {
    /// Every event equally often.
    Uniform,
    /// The event of rank `k` (in a shuffled order) about `1/k` as often as the first (Zipf's
    /// law, as event counts in telemetry go).
    Zipf,
}

/// `count` records (one JSON array a line) of the events of `shapes`, mixed as `mix` says,
/// from `seed`.
pub fn records(shapes: &[&EventShape<'_>], count: usize, mix: Mix, seed: u64) -> String {
    let mut random = Random(seed | 1);
    let mut out = String::with_capacity(count * 200);
    if shapes.is_empty() {
        return out;
    }
    // Zipf: cumulative weights of a shuffled ranking, so that the frequent events are not
    // the first in key order.
    let mut ranking: Vec<usize> = (0..shapes.len()).collect();
    for i in (1..ranking.len()).rev() {
        ranking.swap(i, random.below(i + 1));
    }
    let cumulative: Vec<f64> = (1..=shapes.len())
        .scan(0.0, |sum, k| {
            *sum += 1.0 / k as f64;
            Some(*sum)
        })
        .collect();
    let total = cumulative.last().copied().unwrap_or(1.0);
    for i in 0..count {
        let event = match mix {
            Mix::Uniform => random.below(shapes.len()),
            Mix::Zipf => {
                let x = (random.next() >> 11) as f64 / (1u64 << 53) as f64 * total;
                let rank = cumulative.partition_point(|c| *c < x).min(shapes.len() - 1);
                ranking[rank]
            }
        };
        let shape = shapes[event];
        let record = record(shape, 1_000 + i as u64 * 37, &mut random);
        out.push_str(&record.to_json().to_string());
        out.push('\n');
    }
    out
}

fn record(shape: &EventShape<'_>, timestamp: u64, random: &mut Random) -> RawEvent {
    let mut extras = BTreeMap::new();
    for x in shape.extras {
        let sent = match x.presence {
            Presence::Required => true,
            Presence::Optional => random.below(2) == 0,
            Presence::When(on, values) => extras
                .get(on)
                .is_some_and(|v: &String| values.contains(&v.as_str())),
            Presence::OptionalWhen(on, values) => {
                random.below(2) == 0
                    && extras
                        .get(on)
                        .is_some_and(|v: &String| values.contains(&v.as_str()))
            }
        };
        if !sent {
            continue;
        }
        let text = match x.kind {
            Kind::Text => text(random, x.max_length),
            Kind::Boolean => ["true", "false"][random.below(2)].to_string(),
            Kind::Quantity(min, max) => {
                // Uniform enough for a benchmark, without overflow for any bounds.
                let span = max.abs_diff(min);
                let offset = random.next() % span.saturating_add(1).max(1);
                min.saturating_add_unsigned(if span == u64::MAX {
                    random.next()
                } else {
                    offset
                })
                .to_string()
            }
            Kind::Uuid | Kind::EnrollmentId(_) => {
                let mut bytes = [0; 16];
                bytes[..8].copy_from_slice(&random.next().to_le_bytes());
                bytes[8..].copy_from_slice(&random.next().to_le_bytes());
                bytes[6] = (bytes[6] & 0x0f) | 0x40;
                bytes[8] = (bytes[8] & 0x3f) | 0x80;
                Uuid::from_bytes(bytes).to_string()
            }
            Kind::Enum(values) => values[random.below(values.len())].to_string(),
        };
        extras.insert(x.key.to_string(), text);
    }
    RawEvent {
        timestamp,
        category: shape.category.to_string(),
        method: shape.method.to_string(),
        object: shape.object.to_string(),
        value: (shape.value != ValueShape::Absent).then(|| text(random, 40)),
        extras,
    }
}

/// Words joined by `-`, 10 to 40 bytes (at most `max`).
fn text(random: &mut Random, max: usize) -> String {
    let target = 10 + random.below(31);
    let mut s = String::new();
    while s.len() < target {
        if !s.is_empty() {
            s.push('-');
        }
        s.push_str(WORDS[random.below(WORDS.len())]);
    }
    let mut end = s.len().min(max);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    s.truncate(end);
    s
}
