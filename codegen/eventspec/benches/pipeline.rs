//! Each stage of the pipeline, and the whole, on synthetic specs of 100, 1,000 and 10,000
//! events in the realistic style (`eventspec-synth`; `--uniform` for the uniform one): median
//! wall time over several runs. `cargo bench -p eventspec --bench pipeline [-- [--uniform] N…]`

use std::hint::black_box;
use std::time::{Duration, Instant};

use eventspec::Source;
use eventspec::backend::docs::Templates;

/// The allocator the `eventspec` binary uses, so the stages cost here what they cost there.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Median of `runs` timings of `f`. What `f` returns is dropped after its time is taken.
fn median<T>(runs: usize, mut f: impl FnMut() -> T) -> Duration {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            let out = black_box(f());
            let time = start.elapsed();
            drop(out);
            time
        })
        .collect();
    times.sort();
    times[runs / 2]
}

fn ms(d: Duration) -> String {
    format!("{:>9.2} ms", d.as_secs_f64() * 1e3)
}

fn main() {
    let style = if std::env::args().any(|a| a == "--uniform") {
        eventspec_synth::Style::Uniform
    } else {
        eventspec_synth::Style::Realistic
    };
    let sizes: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let sizes = if sizes.is_empty() {
        vec![100, 1_000, 10_000]
    } else {
        sizes
    };
    println!(
        "{:>7} {:>12} {:>12} {:>12} {:>12} {:>12}",
        "events", "check", "rust", "docs", "pipeline", "per event"
    );
    let templates = Templates::builtin();
    for n in sizes {
        let runs = if n >= 10_000 { 5 } else { 11 };
        let source = Source::new("synth.yaml", eventspec_synth::spec(n, style));
        let model = std::sync::Arc::new(
            eventspec::check(&source)
                .model
                .expect("valid synthetic spec"),
        );
        let check = median(runs, || eventspec::check(&source));
        let rust = median(runs, || {
            eventspec::backend::rust::generate(&model, "synth.yaml")
        });
        let docs = median(runs, || templates.render(&model, "synth.yaml").unwrap());
        let pipeline = median(runs, || {
            let model = std::sync::Arc::new(eventspec::check(&source).model.unwrap());
            let outputs =
                eventspec::outputs::render_to(&source, &model, &templates, &|_| Ok(Vec::new()))
                    .unwrap();
            (model, outputs)
        });
        println!(
            "{n:>7} {} {} {} {} {:>9.1} µs",
            ms(check),
            ms(rust),
            ms(docs),
            ms(pipeline),
            pipeline.as_secs_f64() * 1e6 / n as f64
        );
    }
}
