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
        "   \r\n",
        r#"[1, "normandy", "graduate", "addon_study", "x"]"#,
        "\n",
        r#"[1, "normandy", "enrollFailed", "addon_study", "x", {"reason": "boom"}]"#,
        "\n",
        r#"[1, "normandy", "enrollFailed", "addon_study", "x", {"reason": "boom""#,
        "\n",
    );
    let (code, stdout) = decode(input, &[]);
    assert_eq!(code, Some(1));
    // Blank lines are skipped (their numbers still count); a success carries the fields; a JSON
    // error's position is a column of the line.
    insta::assert_snapshot!(stdout, @r#"
    {"line":1,"ok":true,"event":"normandy.preference_rollout.update","value":"s","extras":{"enrollmentId":"__NO_ENROLLMENT_ID__","previousState":"active"}}
    {"line":2,"ok":false,"error":"not JSON: expected ident at column 2"}
    {"line":5,"ok":false,"error":"method `graduate` is not defined for object `addon_study`"}
    {"line":6,"ok":true,"event":"normandy.addon_study.enrollFailed","value":"x","extras":{"reason":"boom"}}
    {"line":7,"ok":false,"error":"not JSON: EOF while parsing an object at column 69"}
    "#);
}

/// Exit 0 when every record is valid, 1 when any is rejected or the spec is invalid (as
/// `check`), 2 for usage and I/O.
#[test]
fn exit_codes_follow_check() {
    let line = r#"[1, "normandy", "enrollFailed", "addon_study", "x", {"reason": "boom"}]"#;
    assert_eq!(decode(line, &[]).0, Some(0));
    assert_eq!(decode(line, &["spec/normandy.yaml"]).0, Some(0));
    assert_eq!(decode(line, &["tests/check/yaml-syntax.yaml"]).0, Some(1));
    assert_eq!(decode(line, &["missing.yaml"]).0, Some(2));
    assert_eq!(
        decode(line, &["spec/normandy.yaml", "missing.jsonl"]).0,
        Some(2)
    );
    assert_eq!(decode(line, &["--spec", "spec/normandy.yaml"]).0, Some(2));
    let dir = tempfile::tempdir().unwrap();
    let no_events = dir.path().join("no-events.yaml");
    std::fs::write(&no_events, "eventspec: 1\ntitle: Nothing\n").unwrap();
    assert_eq!(decode(line, &[no_events.to_str().unwrap()]).0, Some(1));
}

/// The records come from FILE, or standard input without it or with `-`.
#[test]
fn records_from_a_file_or_standard_input() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("records.jsonl");
    std::fs::write(
        &file,
        "[1, \"normandy\", \"enrollFailed\", \"addon_study\", \"x\", {\"reason\": \"boom\"}]\n",
    )
    .unwrap();
    let from_file = decode("", &["spec/normandy.yaml", file.to_str().unwrap()]);
    assert_eq!(from_file.0, Some(0));
    assert!(
        from_file
            .1
            .contains(r#""event":"normandy.addon_study.enrollFailed""#)
    );
    let line = std::fs::read_to_string(&file).unwrap();
    assert_eq!(decode(&line, &["spec/normandy.yaml", "-"]), from_file);
}

/// `--help` says what goes in, what comes out and what the exit status means.
#[test]
fn help_describes_records_output_and_exit_status() {
    let output = Command::new(env!("CARGO_BIN_EXE_eventspec"))
        .args(["decode", "--help"])
        .output()
        .unwrap();
    let help = String::from_utf8(output.stdout).unwrap();
    for said in [
        "[timestamp, category, method, object, value, {extras}]",
        r#"{"line":N,"ok":true,"event":"category.object.method","value":…,"extras":{…}}"#,
        r#"{"line":N,"ok":false,"error":"…"}"#,
        "Exit status: 0 when every record is valid; 1 when any is rejected, or the spec is",
        "Usage: eventspec decode [OPTIONS] [SPEC] [FILE]",
        "Threads decoding (default: one per core). The output is in input order whatever",
    ] {
        assert!(help.contains(said), "{said}\n{help}");
    }
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
    let valid = r#"{"line":2,"ok":true,"event":"normandy.addon_study.enrollFailed","value":"x","extras":{"reason":"boom"}}"#;
    assert_eq!(lines[1], valid);
    assert!(
        lines[2].len() < 400 && lines[2].contains("(500000 bytes)"),
        "{:.400}",
        lines[2]
    );
    assert_eq!(lines[3], valid.replace(r#""line":2"#, r#""line":4"#));
}

/// Many batches' worth of lines, valid and not, blank and over-long, decoded on one thread and
/// on several: the same output, one result per record in input order, line numbers counting
/// every line.
#[test]
fn output_is_in_input_order_on_any_number_of_threads() {
    let records = [
        r#"[1, "normandy", "enrollFailed", "addon_study", "x", {"reason": "boom"}]"#,
        r#"[2, "normandy", "graduate", "addon_study", "x"]"#,
        "",
        "not json",
        r#"[3, "normandy", "unenroll", "preference_rollback", "s", {"reason": "rollback", "enrollmentId": "__NO_ENROLLMENT_ID__"}]"#,
    ];
    let too_long = format!("[1, \"{}\"]", "a".repeat((1 << 20) + 1));
    let mut input = String::new();
    for i in 0..60_000 {
        input.push_str(records[i % records.len()]);
        input.push('\n');
        if i == 30_000 {
            input.push_str(&too_long);
            input.push('\n');
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("records.jsonl");
    std::fs::write(&file, &input).unwrap();
    let file = file.to_str().unwrap();
    let (code, one) = decode("", &["spec/normandy.yaml", file, "--jobs", "1"]);
    assert_eq!(code, Some(1));
    let (_, three) = decode("", &["spec/normandy.yaml", file, "-j", "3"]);
    assert_eq!(one, three);
    let numbers: Vec<usize> = one
        .lines()
        .map(|l| l.split([':', ',']).nth(1).unwrap().parse().unwrap())
        .collect();
    // One result per non-blank line: 60,001 lines, 12,000 of them blank.
    assert_eq!(numbers.len(), 48_001);
    assert!(numbers.windows(2).all(|w| w[0] < w[1]));
    assert_eq!(numbers.last(), Some(&60_001));
    assert!(one.contains(r#"{"line":30002,"ok":false,"error":"not an event record: over 1 MiB"}"#));
    let (code, _) = decode("", &["spec/normandy.yaml", file, "--jobs", "0"]);
    assert_eq!(code, Some(2), "no threads is a usage error");
}

/// A spec of several categories: a record is found by its category, object and method.
#[test]
fn records_of_several_categories() {
    let input = concat!(
        r#"[1, "studies", "open", "thing", "a", {"how": "key"}]"#,
        "\n",
        r#"[2, "rollouts", "open", "thing", "a", {"how": "click"}]"#,
        "\n",
        r#"[3, "other", "open", "thing", "a", {"how": "click"}]"#,
        "\n",
        r#"[4, "rollouts", "open", "door", "a", {"how": "click"}]"#,
        "\n",
        r#"[5, "rollouts", "shut", "thing", "a", {"how": "click"}]"#,
        "\n",
    );
    let (code, stdout) = decode(input, &["tests/check/valid-categories.yaml"]);
    assert_eq!(code, Some(1));
    insta::assert_snapshot!(stdout, @r#"
    {"line":1,"ok":true,"event":"studies.thing.open","value":"a","extras":{"how":"key"}}
    {"line":2,"ok":true,"event":"rollouts.thing.open","value":"a","extras":{"how":"click"}}
    {"line":3,"ok":false,"error":"unknown category `other`"}
    {"line":4,"ok":false,"error":"unknown object `door`"}
    {"line":5,"ok":false,"error":"unknown method `shut`"}
    "#);
}

/// Events without a value, quantities, UUIDs and optional conditional extras, as Firefox sends
/// them.
#[test]
fn the_shapes_firefox_sends() {
    let input = concat!(
        r#"[1, "downloads", "start", "file"]"#,
        "\n",
        r#"[2, "downloads", "start", "file", null]"#,
        "\n",
        r#"[3, "downloads", "start", "file", "x"]"#,
        "\n",
        r#"[4, "downloads", "finish", "file", null, {"size": "-1", "outcome": "failed", "id": "0C5A3A8E-9B1F-4D6E-8A2B-3C4D5E6F7A8B"}]"#,
        "\n",
        r#"[5, "downloads", "finish", "file", null, {"size": "01", "outcome": "done"}]"#,
        "\n",
        r#"[6, "downloads", "finish", "file", null, {"size": "1", "outcome": "done", "code": "E"}]"#,
        "\n",
        r#"[7, "downloads", "retry", "file"]"#,
        "\n",
    );
    let (code, stdout) = decode(
        input,
        &["codegen/eventspec-macros/tests/ui/specs/shapes.yaml"],
    );
    assert_eq!(code, Some(1));
    insta::assert_snapshot!(stdout, @r#"
    {"line":1,"ok":true,"event":"downloads.file.start","value":null,"extras":{}}
    {"line":2,"ok":true,"event":"downloads.file.start","value":null,"extras":{}}
    {"line":3,"ok":false,"error":"the event has no value, but the record has one"}
    {"line":4,"ok":true,"event":"downloads.file.finish","value":null,"extras":{"id":"0C5A3A8E-9B1F-4D6E-8A2B-3C4D5E6F7A8B","outcome":"failed","size":"-1"}}
    {"line":5,"ok":false,"error":"extra `size` is `01`, expected an integer from -1 to 1000, in decimal"}
    {"line":6,"ok":false,"error":"extra `code` must be absent: only sent when `outcome` is one of `failed`"}
    {"line":7,"ok":false,"error":"the event value is missing"}
    "#);
}

/// Uptake events as Firefox sends them are decoded against the spec's sources and statuses.
#[test]
fn uptake_records() {
    let input = concat!(
        r#"[1, "uptake.remotecontent.result", "uptake", "normandy", "sign_error", {"source": "normandy/recipe/33", "trigger": "timer"}]"#,
        "\n",
        r#"[2, "uptake.remotecontent.result", "uptake", "normandy", "backoff", {"source": "normandy/runner"}]"#,
        "\n",
        r#"[3, "uptake.remotecontent.result", "uptake", "normandy", "success", {"source": "normandy/other"}]"#,
        "\n",
        r#"[4, "uptake.remotecontent.result", "uptake", "remotesettings", "success", {"source": "x"}]"#,
        "\n",
    );
    let (code, stdout) = decode(input, &[]);
    assert_eq!(code, Some(1));
    insta::assert_snapshot!(stdout, @r#"
    {"line":1,"ok":true,"event":"uptake.remotecontent.result.normandy.uptake","value":"sign_error","extras":{"source":"normandy/recipe/33","trigger":"timer"}}
    {"line":2,"ok":false,"error":"extra `status` is `backoff`, expected one of [\"success\", \"server_error\"]"}
    {"line":3,"ok":false,"error":"extra `source` is `normandy/other`, expected a key of one of the spec's uptake sources"}
    {"line":4,"ok":false,"error":"a record of `remotesettings.uptake`, not of `normandy.uptake`"}
    "#);
}
