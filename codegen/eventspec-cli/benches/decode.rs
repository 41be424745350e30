//! Decoding throughput (issue #19): records per second on realistic records, one core, against
//! parsing the same lines with serde_json alone (into a `Value`) in the same run, for specs of
//! 1 to 10,000 events, the events mixed as telemetry is (Zipf) and uniformly (the worst case
//! for caches); then the `eventspec decode` command itself on 1 and 2 threads.
//! Run: `cargo bench -p eventspec-cli --bench decode [-- N…]` (N: spec sizes). Medians of interleaved rounds; compare
//! the ratios, not the absolute numbers, across machines.

use std::hint::black_box;
use std::process::{Command, Stdio};
use std::time::Instant;

use eventspec::Source;
use eventspec::backend::decode::{Decoder, with_decoder};
use eventspec_synth::Mix;

/// Records per spec size for the in-process rounds.
const RECORDS: usize = 200_000;
/// Records for the command (about 200 bytes each).
const COMMAND_RECORDS: usize = 1_000_000;
const ROUNDS: usize = 7;

fn median(mut samples: Vec<f64>) -> f64 {
    samples.sort_by(f64::total_cmp);
    samples[samples.len() / 2]
}

/// Seconds for one call of `f`.
fn seconds(f: &mut dyn FnMut()) -> f64 {
    let start = Instant::now();
    f();
    start.elapsed().as_secs_f64()
}

/// Records per second parsing `lines` with serde_json alone, and decoding them.
fn measure(decoder: &Decoder<'_>, lines: &[&str]) -> (f64, f64) {
    let mut out = Vec::with_capacity(1 << 20);
    let mut parse = || {
        for line in lines {
            black_box(serde_json::from_str::<serde_json::Value>(line).ok());
        }
    };
    let mut decode = || {
        let mut all_ok = true;
        for (i, line) in lines.iter().enumerate() {
            all_ok &= decoder.write_result(&mut out, i + 1, line.as_bytes());
            if out.len() > 1 << 20 {
                out.clear();
            }
        }
        assert!(all_ok, "the synthetic records are valid");
        black_box(&out);
    };
    let (mut parsed, mut decoded) = (Vec::new(), Vec::new());
    for _ in 0..ROUNDS {
        parsed.push(seconds(&mut parse));
        decoded.push(seconds(&mut decode));
    }
    let per_second = |s: f64| lines.len() as f64 / s;
    (per_second(median(parsed)), per_second(median(decoded)))
}

fn main() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    println!(
        "{:>7} {:>8} {:>6} {:>16} {:>16} {:>7}",
        "events", "mix", "bytes", "serde_json rec/s", "decode rec/s", "ratio"
    );
    // `cargo bench -p eventspec-cli --bench decode -- 10000`: only those spec sizes.
    let mut sizes: Vec<usize> = std::env::args().filter_map(|a| a.parse().ok()).collect();
    if sizes.is_empty() {
        sizes = vec![1, 100, 1_000, 10_000];
    }
    for n in sizes {
        let spec = eventspec_synth::spec(n, eventspec_synth::Style::Realistic);
        let checked = eventspec::check(&Source::new("spec.yaml", spec.clone()));
        let model = checked.model.expect("a valid synthetic spec");
        with_decoder(&model, |decoder| {
            let shapes = decoder.shapes();
            for (mix, name) in [(Mix::Zipf, "zipf"), (Mix::Uniform, "uniform")] {
                let text = eventspec_synth::records(&shapes, RECORDS, mix, 7);
                let lines: Vec<&str> = text.lines().collect();
                let (parsed, decoded) = measure(decoder, &lines);
                println!(
                    "{n:>7} {name:>8} {:>6} {parsed:>16.0} {decoded:>16.0} {:>6.2}x",
                    text.len() / lines.len(),
                    parsed / decoded
                );
            }
            if n == 1_000 {
                let text = eventspec_synth::records(&shapes, COMMAND_RECORDS, Mix::Zipf, 7);
                std::fs::write(dir.path().join("spec.yaml"), &spec).expect("spec written");
                std::fs::write(dir.path().join("records.jsonl"), &text).expect("records written");
            }
        });
    }

    if !dir.path().join("records.jsonl").exists() {
        return;
    }
    if !dir.path().join("records.jsonl").exists() {
        return;
    }
    println!(
        "\n`eventspec decode`, 1,000 events, {COMMAND_RECORDS} records (zipf), output to /dev/null:"
    );
    let run = |jobs: &str| {
        seconds(&mut || {
            let status = Command::new(env!("CARGO_BIN_EXE_eventspec"))
                .args(["decode", "spec.yaml", "records.jsonl", "--jobs", jobs])
                .current_dir(dir.path())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .expect("eventspec runs");
            assert!(status.success(), "every record decodes");
        })
    };
    let (mut one, mut two) = (Vec::new(), Vec::new());
    for _ in 0..3 {
        one.push(run("1"));
        two.push(run("2"));
    }
    for (jobs, samples) in [(1, one), (2, two)] {
        let s = median(samples);
        println!(
            "--jobs {jobs}: {:>5.2} s, {:>9.0} records/s",
            s,
            COMMAND_RECORDS as f64 / s
        );
    }
}
