//! `eventspec decode`: JSON Lines in, one result per line out, a bad line never stops the rest.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

fn decode(input: &str, args: &[&str]) -> (Option<i32>, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_eventspec"))
        .arg("decode")
        .args(args)
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("../.."))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // With a bad spec the command exits before reading: a broken pipe here is expected.
    let _ = child.stdin.take().unwrap().write_all(input.as_bytes());
    let output = child.wait_with_output().unwrap();
    (
        output.status.code(),
        String::from_utf8(output.stdout).unwrap(),
    )
}

#[test]
fn one_result_per_line() {
    let input = concat!(
        r#"[1, "normandy", "update", "preference_rollout", "s", {"previousState": "active", "enrollmentId": "__NO_ENROLLMENT_ID__"}]"#,
        "\n",
        "not json\n",
        "\n",
        r#"[1, "normandy", "graduate", "addon_study", "x"]"#,
        "\n",
        r#"[1, "normandy", "enrollFailed", "addon_study", "x", {"reason": "boom"}]"#,
        "\n",
    );
    let (code, stdout) = decode(input, &[]);
    assert_eq!(code, Some(1));
    insta::assert_snapshot!(stdout, @r#"
    {"line":1,"ok":true,"event":"preference_rollout.update"}
    {"line":2,"ok":false,"error":"not JSON: expected ident at line 1 column 2"}
    {"line":3,"ok":false,"error":"not JSON: EOF while parsing a value at line 1 column 0"}
    {"line":4,"ok":false,"error":"method `graduate` is not defined for object `addon_study`"}
    {"line":5,"ok":true,"event":"addon_study.enrollFailed"}
    "#);
}

#[test]
fn all_valid_exits_0_and_a_bad_spec_exits_2() {
    let line = r#"[1, "normandy", "enrollFailed", "addon_study", "x", {"reason": "boom"}]"#;
    assert_eq!(decode(line, &[]).0, Some(0));
    assert_eq!(
        decode(line, &["--spec", "tests/check/yaml-syntax.yaml"]).0,
        Some(2)
    );
    assert_eq!(decode(line, &["--spec", "missing.yaml"]).0, Some(2));
}

/// A line of megabytes is one error, read past without being held whole; an echoed value of
/// (here an unknown extra key) half a megabyte long is shortened; the lines after them are decoded.
#[test]
fn huge_lines_and_values_are_bounded() {
    let valid = r#"[1, "normandy", "enrollFailed", "addon_study", "x", {"reason": "boom"}]"#;
    let long_line = format!("[1, \"{}\"]", "a".repeat(3 << 20));
    let long_value = format!(
        r#"[1, "normandy", "enrollFailed", "addon_study", "x", {{"{}": "boom"}}]"#,
        "z".repeat(500_000)
    );
    let input = format!("{long_line}\n{valid}\n{long_value}\n{valid}");
    let (code, stdout) = decode(&input, &[]);
    assert_eq!(code, Some(1));
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 4, "{stdout:.400}");
    assert_eq!(
        lines[0],
        r#"{"line":1,"ok":false,"error":"not an event record: over 1 MiB"}"#
    );
    assert_eq!(
        lines[1],
        r#"{"line":2,"ok":true,"event":"addon_study.enrollFailed"}"#
    );
    assert!(
        lines[2].len() < 400 && lines[2].contains("(500000 bytes)"),
        "{:.400}",
        lines[2]
    );
    assert_eq!(
        lines[3],
        r#"{"line":4,"ok":true,"event":"addon_study.enrollFailed"}"#
    );
}
