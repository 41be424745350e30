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
