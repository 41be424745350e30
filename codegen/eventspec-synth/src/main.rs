//! `eventspec-synth N [--style uniform|realistic] [--out DIR]`: writes `DIR/spec.yaml` (an
//! eventspec spec of N events) and `DIR/metrics.yaml` (the same events for glean_parser), for
//! `scripts/bench-vs-glean.sh`.
#![forbid(unsafe_code)]

use std::path::PathBuf;
use std::process::ExitCode;

use eventspec_synth::Style;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let mut events = None;
    let mut style = Style::Realistic;
    let mut out = PathBuf::from(".");
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--style" => match args.next().as_deref() {
                Some("uniform") => style = Style::Uniform,
                Some("realistic") => style = Style::Realistic,
                other => return usage(&format!("unknown style {other:?}")),
            },
            "--out" => match args.next() {
                Some(dir) => out = PathBuf::from(dir),
                None => return usage("--out needs a directory"),
            },
            n => match n.parse::<usize>() {
                Ok(n) if n <= eventspec_synth::MAX_EVENTS => events = Some(n),
                _ => return usage(&format!("not an event count up to 100000: {n:?}")),
            },
        }
    }
    let Some(n) = events else {
        return usage("no event count given");
    };
    for (name, text) in [
        ("spec.yaml", eventspec_synth::spec(n, style)),
        ("metrics.yaml", eventspec_synth::glean_metrics(n, style)),
    ] {
        let path = out.join(name);
        if let Err(error) = std::fs::write(&path, text) {
            eprintln!("error: cannot write {}: {error}", path.display());
            return ExitCode::from(2);
        }
    }
    ExitCode::SUCCESS
}

fn usage(problem: &str) -> ExitCode {
    eprintln!("error: {problem}\nusage: eventspec-synth N [--style uniform|realistic] [--out DIR]");
    ExitCode::from(2)
}
