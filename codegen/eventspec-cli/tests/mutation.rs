//! Mutation tests: the Normandy spec with random line deletions, duplications, indentation
//! shifts and byte flips, checked by the real binary. Every run ends, well within the bound,
//! with exit 0 (and "ok") or exit 1 (and an error message), never a panic or a hang.

mod common;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::TestRunner;

/// A generous bound: a hang, not a slow run, is what it catches.
const BOUND: Duration = Duration::from_secs(10);

#[derive(Clone, Debug)]
enum Mutation {
    DeleteLine(usize),
    DuplicateLine(usize),
    Indent(usize, i8),
    FlipByte(usize, u8),
}

fn mutate(spec: &[u8], mutations: &[Mutation]) -> Vec<u8> {
    let mut lines: Vec<Vec<u8>> = spec.split(|&b| b == b'\n').map(<[u8]>::to_vec).collect();
    let mut flips = Vec::new();
    for m in mutations {
        let n = lines.len();
        match *m {
            Mutation::DeleteLine(i) if n > 1 => {
                lines.remove(i % n);
            }
            Mutation::DuplicateLine(i) => lines.insert(i % n, lines[i % n].clone()),
            Mutation::Indent(i, by) if by > 0 => {
                let line = &mut lines[i % n];
                line.splice(0..0, std::iter::repeat_n(b' ', by as usize));
            }
            Mutation::Indent(i, by) => {
                let line = &mut lines[i % n];
                let spaces = line.iter().take_while(|&&b| b == b' ').count();
                line.drain(..spaces.min(by.unsigned_abs() as usize));
            }
            Mutation::FlipByte(at, bits) => flips.push((at, bits)),
            Mutation::DeleteLine(_) => {}
        }
    }
    let mut bytes = lines.join(&b'\n');
    for (at, bits) in flips {
        let len = bytes.len();
        bytes[at % len] ^= bits.max(1);
    }
    bytes
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        any::<usize>().prop_map(Mutation::DeleteLine),
        any::<usize>().prop_map(Mutation::DuplicateLine),
        (any::<usize>(), -4i8..=4).prop_map(|(i, by)| Mutation::Indent(i, by)),
        (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Mutation::FlipByte(i, b)),
    ]
}

/// Runs `eventspec check` on `bytes`; exit code, stderr and how long it took.
fn check(bytes: &[u8]) -> (Option<i32>, String, Duration) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mutated.yaml");
    std::fs::write(&path, bytes).unwrap();
    let start = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_eventspec"))
        .arg("check")
        .arg(&path)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > BOUND {
            child.kill().unwrap();
            panic!(
                "no answer within {BOUND:?} for:\n{}",
                String::from_utf8_lossy(bytes)
            );
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    (output.status.code(), stderr, start.elapsed())
}

#[test]
fn mutated_normandy_specs_end_with_0_or_1_and_a_message() {
    let spec = std::fs::read(common::workspace().join("spec/normandy.yaml")).unwrap();
    let mut runner = TestRunner::deterministic();
    let (mut valid, mut invalid, mut slowest) = (0, 0, Duration::ZERO);
    let strategy = prop::collection::vec(mutation(), 1..6);
    for _ in 0..200 {
        let mutations = strategy.new_tree(&mut runner).unwrap().current();
        let (code, stderr, took) = check(&mutate(&spec, &mutations));
        slowest = slowest.max(took);
        match code {
            Some(0) => {
                assert!(stderr.contains(": ok ("), "{mutations:?}: {stderr}");
                valid += 1;
            }
            Some(1) => {
                assert!(stderr.contains("error"), "{mutations:?}: {stderr}");
                assert!(!stderr.contains("panicked"), "{mutations:?}: {stderr}");
                invalid += 1;
            }
            other => panic!("{mutations:?}: exit {other:?}\n{stderr}"),
        }
    }
    // Most mutations break the spec; some (a duplicated blank line) do not.
    assert!(invalid > 100, "{valid} valid, {invalid} invalid");
    eprintln!("{valid} valid, {invalid} invalid, slowest {slowest:?}");
}
