//! `eventspec check` as a user runs it: the broken-spec corpus, hostile inputs, exit codes.

mod common;

use std::process::Output;
use std::time::{Duration, Instant};

use common::{eventspec, workspace};

/// Exit code and stderr, the way a user sees them.
fn transcript(output: &Output) -> String {
    format!(
        "exit: {}\n\n{}",
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stderr)
    )
}

#[test]
fn normandy_spec_is_valid() {
    let output = eventspec(&workspace(), &["check", "spec/normandy.yaml"]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "spec/normandy.yaml: ok (0 warnings, 0 notes)\n"
    );
}

#[test]
fn default_spec_is_normandy() {
    let output = eventspec(&workspace(), &["check"]);
    assert_eq!(output.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&output.stderr).contains("spec/normandy.yaml: ok"));
}

#[test]
fn broken_specs() {
    insta::glob!("../../../tests/check", "*.yaml", |path| {
        let name = format!(
            "tests/check/{}",
            path.file_name().unwrap().to_string_lossy()
        );
        let output = eventspec(&workspace(), &["check", &name]);
        let code = output.status.code();
        let expected = if name.contains("/valid")
            || name.ends_with("/expiry.yaml")
            || name.contains("unused-waiver")
            || name.contains("inconsistent-title")
        {
            0
        } else {
            1
        };
        assert_eq!(code, Some(expected), "{name}");
        // One mistake, one diagnostic.
        if name.contains("/one-mistake-") {
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert!(
                stderr.ends_with("is invalid: 1 error, 0 warnings\n"),
                "{name}: {stderr}"
            );
        }
        insta::assert_snapshot!(transcript(&output));
    });
}

#[test]
fn every_problem_is_reported_in_one_run() {
    let output = eventspec(&workspace(), &["check", "tests/check/several-errors.yaml"]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    let codes: Vec<&str> = stderr
        .lines()
        .filter_map(|l| {
            l.strip_prefix("error[")
                .or_else(|| l.strip_prefix("warning["))
        })
        .filter_map(|l| l.split(']').next())
        .collect();
    assert_eq!(
        codes,
        [
            "unknown-key",
            "unknown-telemetry-value",
            "undefined-reference",
            "duplicate-definition",
            "wrong-type",
            "category-length",
            "unknown-type",
            "empty-enum",
            "invalid-condition",
            "duplicate-definition",
        ]
    );
    assert!(stderr.contains("is invalid: 10 errors, 0 warnings"));
}

#[test]
fn json_diagnostics_carry_positions() {
    let output = eventspec(
        &workspace(),
        &[
            "check",
            "tests/check/several-errors.yaml",
            "--message-format",
            "json",
        ],
    );
    assert_eq!(output.status.code(), Some(1));
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object per line"))
        .collect();
    assert_eq!(lines.len(), 11);
    assert_eq!(
        lines[10],
        serde_json::json!({"summary": {
            "file": "tests/check/several-errors.yaml",
            "errors": 10, "warnings": 0, "notes": 0, "not_shown": 0
        }})
    );
    let first = &lines[0];
    assert_eq!(first["code"], "unknown-key");
    assert_eq!(first["severity"], "error");
    assert_eq!(first["file"], "tests/check/several-errors.yaml");
    assert_eq!(first["primary"]["line"], 7);
    assert_eq!(first["primary"]["column"], 3);
    assert_eq!(first["help"], "did you mean `description`?");
}

/// A name of 200 KB, aliased 30 times, quoted by dozens of diagnostics: the output
/// stays small (each quote shortened), and JSON says how many problems it did not list.
#[test]
fn huge_names_and_many_problems_print_little() {
    let dir = tempfile::tempdir().unwrap();
    let name = "a".repeat(200_000);
    let mut spec = format!(
        "eventspec: 1\ntitle: T\nevents:\n  title: E\n  category: cat\n  objects:\n    - name: &n {name}\n      title: O\n      value: v\n      events: [{{method: go, title: Go}}]\n"
    );
    for i in 0..30 {
        spec.push_str(&format!(
            "    - name: *n\n      title: O{i}\n      value: v\n      events: [{{method: go, title: Go}}]\n"
        ));
    }
    std::fs::write(dir.path().join("huge.yaml"), spec).unwrap();
    let many: String = (0..300).map(|i| format!("unknown{i}: 1\n")).collect();
    std::fs::write(
        dir.path().join("many.yaml"),
        format!("eventspec: 1\n{many}"),
    )
    .unwrap();
    let human = eventspec(dir.path(), &["check", "huge.yaml"]);
    assert_eq!(human.status.code(), Some(1));
    let printed = human.stdout.len() + human.stderr.len();
    assert!(printed < 250_000, "{printed} bytes printed");
    let stderr = String::from_utf8_lossy(&human.stderr);
    assert!(stderr.contains(&format!("object `{}…{}`", "a".repeat(48), "a".repeat(15))));
    let json = eventspec(
        dir.path(),
        &["check", "huge.yaml", "--message-format", "json"],
    );
    assert!(json.stdout.len() < 500_000, "{} bytes", json.stdout.len());
    let json = eventspec(
        dir.path(),
        &["check", "many.yaml", "--message-format", "json"],
    );
    let last: serde_json::Value = String::from_utf8_lossy(&json.stdout)
        .lines()
        .last()
        .map(|l| serde_json::from_str(l).unwrap())
        .unwrap();
    // 300 unknown keys: 200 listed, 100 counted.
    assert_eq!(last["summary"]["errors"], 300, "{last}");
    assert_eq!(last["summary"]["not_shown"], 100, "{last}");
}

#[test]
fn usage_and_io_errors_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let missing = eventspec(dir.path(), &["check", "missing.yaml"]);
    assert_eq!(missing.status.code(), Some(2));
    insta::assert_snapshot!("missing-path", transcript(&missing));
    std::fs::create_dir(dir.path().join("a-directory.yaml")).unwrap();
    let directory = eventspec(dir.path(), &["check", "a-directory.yaml"]);
    assert_eq!(directory.status.code(), Some(2));
    insta::assert_snapshot!("directory", transcript(&directory));
    let usage = eventspec(dir.path(), &["check", "--message-format", "xml"]);
    assert_eq!(usage.status.code(), Some(2));
    let unknown = eventspec(dir.path(), &["frobnicate"]);
    assert_eq!(unknown.status.code(), Some(2));
}

/// Hostile inputs are generated here rather than committed (one is 20 MB).
fn hostile_inputs() -> Vec<(&'static str, Vec<u8>)> {
    let mut bomb = String::from("l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for level in 1..9 {
        let items = vec![format!("*l{}", level - 1); 9].join(", ");
        bomb.push_str(&format!("l{level}: &l{level} [{items}]\n"));
    }
    // Deterministic pseudo-random bytes (xorshift), so snapshots are stable.
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut junk = |len: usize| -> Vec<u8> {
        (0..len)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                (state >> 24) as u8
            })
            .collect()
    };
    let binary = junk(64 * 1024);
    let junk_text: Vec<u8> = junk(20 * 1024 * 1024)
        .into_iter()
        .map(|b| b" abcdefghij:-[]{}#\n"[usize::from(b) % 19])
        .collect();
    let big_scalar: Vec<u8> = "lorem ipsum dolor sit amet\n".repeat(500_000).into_bytes();
    vec![
        ("empty.yaml", Vec::new()),
        ("whitespace.yaml", b"  \n\n# only a comment\n".to_vec()),
        ("binary.yaml", binary),
        ("not-utf8.yaml", b"eventspec: 1\ntitle: caf\xe9\n".to_vec()),
        ("nul-byte.yaml", b"eventspec: 1\ntitle: a\x00b\n".to_vec()),
        ("alias-bomb.yaml", bomb.into_bytes()),
        (
            "deep-sequences.yaml",
            format!("a: {}", "[".repeat(20_000)).into_bytes(),
        ),
        (
            "deep-mappings.yaml",
            format!("a: {}", "{a: ".repeat(20_000)).into_bytes(),
        ),
        ("junk-20mb.yaml", junk_text),
        ("big-scalar-13mb.yaml", big_scalar),
        (
            "several-documents.yaml",
            b"eventspec: 1\n---\neventspec: 1\n".to_vec(),
        ),
        // Valid specs but for the count of their items: each is refused before it is read.
        ("events-past-the-bound.yaml", past_the_bound("events")),
        ("extras-past-the-bound.yaml", past_the_bound("extras")),
        ("values-past-the-bound.yaml", past_the_bound("values")),
        ("scalars-past-the-bound.yaml", past_the_bound("scalars")),
    ]
}

/// A spec with one more of `what` than a spec may hold (10,000 events or scalars, 100,000
/// extras or enum values), small otherwise.
fn past_the_bound(what: &str) -> Vec<u8> {
    let mut y = String::from("eventspec: 1\n");
    let event = |m: usize, extras: &str| format!("        - method: m{m}\n{extras}");
    let mut events = String::new();
    match what {
        "events" => (0..10_001).for_each(|m| events.push_str(&event(m, ""))),
        "extras" => {
            let keys: String = (0..100_001)
                .map(|k| format!("            k{k}: {{description: D}}\n"))
                .collect();
            let extras =
                format!("          waive: {{extra-count: on purpose}}\n          extras:\n{keys}");
            events.push_str(&event(0, &extras));
        }
        "values" => {
            let values: String = (0..100_001)
                .map(|v| format!("                v{v}: V\n"))
                .collect();
            let extras = format!(
                "          extras:\n            k:\n              type: enum\n              description: D\n              values:\n{values}"
            );
            events.push_str(&event(0, &extras));
        }
        _ => {
            y.push_str("scalars:\n");
            for i in 0..10_001 {
                y.push_str(&format!(
                    "  - {{name: s.p{i}, kind: uint, description: D}}\n"
                ));
            }
            events.push_str(&event(0, ""));
        }
    }
    y.push_str("events:\n  category: cat\n  objects:\n    - name: obj\n      events:\n");
    y.push_str(&events);
    y.into_bytes()
}

#[test]
fn hostile_inputs_fail_cleanly_and_quickly() {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in hostile_inputs() {
        std::fs::write(dir.path().join(name), bytes).unwrap();
        let started = Instant::now();
        let output = eventspec(dir.path(), &["check", name]);
        let elapsed = started.elapsed();
        assert_eq!(
            output.status.code(),
            Some(1),
            "{name}: {}",
            transcript(&output)
        );
        // A generous bound for a shared, noisy machine and a debug build: a hang, not a speed test.
        assert!(elapsed < Duration::from_secs(30), "{name} took {elapsed:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!stderr.contains("panicked"), "{name}: {stderr}");
        insta::assert_snapshot!(format!("hostile-{name}"), transcript(&output));
    }
}

/// A spec read from a pipe has no size until it is read: one over the limit is reported as
/// over it, not as "0.0 MiB".
#[test]
fn a_piped_spec_over_the_limit_says_so() {
    use std::io::Write;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_eventspec"))
        .args(["check", "/dev/stdin"])
        .stdin(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .spawn()
        .expect("run eventspec");
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        // The reader stops at the limit and closes the pipe: a write error ends this early.
        let line = "# 64 bytes of comment, many times over .........................\n";
        for _ in 0..(17 * 1024 * 1024 / line.len()) {
            if stdin.write_all(line.as_bytes()).is_err() {
                break;
            }
        }
    });
    let output = child.wait_with_output().unwrap();
    writer.join().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("the spec is over the 16 MiB limit"),
        "{stderr}"
    );
    assert!(!stderr.contains("0.0 MiB"), "{stderr}");
}

/// Output that cannot be written (a full disk: `/dev/full`) is an I/O error, said and exit 2,
/// not a silent exit.
#[test]
fn a_full_stdout_is_an_error() {
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_eventspec"))
        .args([
            "check",
            "tests/check/unknown-key.yaml",
            "--message-format",
            "json",
        ])
        .current_dir(common::workspace())
        .stdout(full)
        .output()
        .expect("run eventspec");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("error: cannot write the output"),
        "{stderr}"
    );
}

/// `--today` and `--version` check expiry: past is an error, near a warning, one diagnostic
/// per written expiry however many items inherit it; without them, nothing is checked.
#[test]
fn expiry_against_a_date_and_a_version() {
    let spec = "tests/check/expiry.yaml";
    let output = eventspec(
        &workspace(),
        &["check", spec, "--today", "2026-12-03", "--version", "150"],
    );
    assert_eq!(output.status.code(), Some(1));
    insta::assert_snapshot!(transcript(&output));
    // Windows narrowed: no warnings left.
    let output = eventspec(
        &workspace(),
        &[
            "check",
            spec,
            "--today",
            "2026-12-03",
            "--version",
            "149",
            "--warn-days",
            "1",
            "--warn-versions",
            "0",
        ],
    );
    let text = transcript(&output);
    assert!(!text.contains("expiring-soon"), "{text}");
    assert!(text.contains("2026-12-01 has passed"), "{text}");
    assert!(!text.contains("expires in version 150"), "{text}");
    let output = eventspec(&workspace(), &["check", spec, "--today", "2026-02-30"]);
    assert_eq!(output.status.code(), Some(2));
}

/// `eventspec schema` prints the library's JSON Schema.
#[test]
fn schema_prints_the_json_schema() {
    let output = eventspec(&workspace(), &["schema"]);
    assert_eq!(output.status.code(), Some(0));
    let printed: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(printed, eventspec::schema());
    assert_eq!(printed["$defs"]["extra"]["additionalProperties"], false);
}
