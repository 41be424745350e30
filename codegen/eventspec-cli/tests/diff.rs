//! `eventspec diff`: a corpus of real edits to Reader View (`spec/reader.yaml`), one per kind of
//! change, each classified as expected (snapshots), located in both files; no change between a
//! spec and itself; exit codes a CI job can gate on.

mod common;

use common::{eventspec, workspace};

/// Each edit: a name, the text it replaces in `spec/reader.yaml` (once, and it must be there)
/// and what it puts instead.
const EDITS: &[(&str, &str, &str)] = &[
    (
        "event-removed",
        "          - method: stop\n            title: Stop\n            value: false\n",
        "",
    ),
    (
        "event-added",
        "          - method: reset\n",
        "          - method: pin\n            title: Pin\n          - method: reset\n",
    ),
    (
        "event-renamed",
        "          - method: stop\n",
        "          - method: halt\n            renamed_from: stop\n",
    ),
    (
        "extra-removed",
        "              pinned: {type: boolean, description: Whether the tab is pinned.}\n",
        "",
    ),
    (
        "optional-extra-added",
        "              pinned: {",
        "              note: {optional: true, description: A note.}\n              pinned: {",
    ),
    (
        "required-extra-added",
        "              pinned: {",
        "              tab: {description: The tab.}\n              pinned: {",
    ),
    (
        "extra-renamed",
        "              words: {type: quantity,",
        "              wordCount: {renamed_from: words, type: quantity,",
    ),
    (
        "enum-value-removed",
        "                  shortcut: The keyboard shortcut.\n",
        "",
    ),
    (
        "enum-value-added",
        "                  auto: Opened automatically.\n",
        "                  auto: Opened automatically.\n                  menu: The menu.\n",
    ),
    (
        "type-changed",
        "pinned: {type: boolean,",
        "pinned: {type: string,",
    ),
    (
        "became-required",
        "                optional: true\n                channels: [nightly, beta]\n",
        "",
    ),
    (
        "became-optional",
        "setting: {description: The setting changed., max_length: 20}",
        "setting: {description: The setting changed., max_length: 20, optional: true}",
    ),
    (
        "condition-changed",
        "when: {reason: [blocked, error]}",
        "when: {reason: [blocked]}",
    ),
    ("max-length-narrowed", "max_length: 40", "max_length: 30"),
    ("max-length-widened", "max_length: 20", "max_length: 40"),
    ("truncation-changed", "                truncate: true\n", ""),
    (
        "channels-changed",
        "channels: [nightly, beta]",
        "channels: [nightly]",
    ),
    ("bounds-narrowed", "min: 1, max: 400", "min: 50, max: 400"),
    (
        "value-removed",
        "        value: The page's host name.\n",
        "        value: false\n",
    ),
    (
        "status-value-changed",
        "{constant: RULES_PARSE_ERROR, value: parse_error,",
        "{constant: RULES_PARSE_ERROR, value: network_error,",
    ),
    (
        "status-removed",
        "        - {constant: RULES_UP_TO_DATE, value: up_to_date, description: The rules were current.}\n",
        "",
    ),
    (
        "status-added",
        "        - {constant: RULES_SUCCESS,",
        "        - {constant: RULES_OFFLINE, value: network_error, description: No network.}\n        - {constant: RULES_SUCCESS,",
    ),
    (
        "uptake-key-changed",
        "key: reader/rules/<site>",
        "key: reader/rule/<site>",
    ),
    (
        "scalar-removed",
        "  - name: reader.narrate_used\n    kind: boolean\n    description: Whether Narrate was used this session.\n    bugs: [\"https://github.com/example/reader/issues/12\"]\n    data_sensitivity: [technical]\n",
        "",
    ),
    (
        "scalar-added",
        "scalars:\n",
        "scalars:\n  - {name: reader.fonts_tried, kind: uint, description: Fonts tried., bug_numbers: [1]}\n",
    ),
    (
        "scalar-kind-changed",
        "  - name: reader.pages_opened\n    kind: uint",
        "  - name: reader.pages_opened\n    kind: string",
    ),
    (
        "rust-name-changed",
        "rust_prefix: narrate",
        "rust_prefix: speech",
    ),
    (
        "category-changed",
        "category: reader.narrate",
        "category: reader.speech",
    ),
    (
        "docs-only",
        "            title: Open\n            description: A page is opened in Reader View.",
        "            title: Opened\n            description: A page was opened in Reader View.",
    ),
    (
        "metadata-only",
        "bug_numbers: [1900004]",
        "bug_numbers: [1900005]",
    ),
];

/// Runs `eventspec diff` from the reader spec to its edit `(from, to)`, returning the exit code
/// and the report.
fn diff_edit(from: &str, to: &str, args: &[&str]) -> (Option<i32>, String) {
    let base = std::fs::read_to_string(workspace().join("spec/reader.yaml")).unwrap();
    assert_eq!(
        base.matches(from).count(),
        1,
        "the edit's text is in the spec once: {from:?}"
    );
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("old.yaml"), &base).unwrap();
    std::fs::write(dir.path().join("new.yaml"), base.replacen(from, to, 1)).unwrap();
    let mut all = vec!["diff", "old.yaml", "new.yaml"];
    all.extend(args);
    let output = eventspec(dir.path(), &all);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.is_empty(), "{stderr}");
    (
        output.status.code(),
        String::from_utf8(output.stdout).unwrap(),
    )
}

#[test]
fn each_kind_of_edit_is_classified() {
    assert!(EDITS.len() >= 20);
    for (name, from, to) in EDITS {
        let (code, report) = diff_edit(from, to, &[]);
        assert_eq!(code, Some(0), "{name}: a report exits 0 without --fail-on");
        insta::assert_snapshot!(*name, report);
    }
}

#[test]
fn a_spec_has_no_change_from_itself() {
    let output = eventspec(
        &workspace(),
        &[
            "diff",
            "spec/reader.yaml",
            "spec/reader.yaml",
            "--fail-on",
            "breaking",
        ],
    );
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        "0 changes: 0 breaking for recording code, 0 breaking for data consumers, 0 additive, 0 documentation\n"
    );
}

/// `--fail-on breaking` exits 1 on a breaking change of either kind, 0 otherwise.
#[test]
fn breaking_changes_fail_a_gate() {
    let gate = ["--fail-on", "breaking"];
    for (name, expected) in [
        ("event-removed", 1),
        ("status-value-changed", 1),
        ("event-added", 0),
        ("docs-only", 0),
    ] {
        let (_, from, to) = EDITS.iter().find(|e| e.0 == name).unwrap();
        assert_eq!(diff_edit(from, to, &gate).0, Some(expected), "{name}");
    }
}

/// `--message-format json`: one object a change, then a summary.
#[test]
fn json_output() {
    let (_, from, to) = EDITS.iter().find(|e| e.0 == "extra-renamed").unwrap();
    let (_, report) = diff_edit(from, to, &["--message-format", "json"]);
    let lines: Vec<serde_json::Value> = report
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines[0]["class"], "breaking-data");
    assert_eq!(lines[0]["kind"], "extra-renamed");
    assert!(lines[0]["old"].as_str().unwrap().starts_with("old.yaml:"));
    assert!(lines[0]["new"].as_str().unwrap().starts_with("new.yaml:"));
    assert!(
        lines.last().unwrap()["summary"]["changes"]
            .as_u64()
            .unwrap()
            >= 1
    );
}

/// `REV:path` reads a spec from git; a spec that is not valid cannot be compared (exit 1).
#[test]
fn specs_from_git_and_invalid_specs() {
    let output = eventspec(
        &workspace(),
        &["diff", "HEAD:spec/normandy.yaml", "spec/normandy.yaml"],
    );
    // The committed spec and the work tree's: whatever they differ in, git was read.
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let output = eventspec(
        &workspace(),
        &[
            "diff",
            "no-such-rev:spec/normandy.yaml",
            "spec/normandy.yaml",
        ],
    );
    assert_eq!(output.status.code(), Some(2));
    let output = eventspec(
        &workspace(),
        &["diff", "tests/check/missing-key.yaml", "spec/normandy.yaml"],
    );
    assert_eq!(output.status.code(), Some(1));
}

/// An old version that breaks rules added since (here an uptake status Firefox does not have,
/// as Normandy's spec once held, and a method over Firefox's length) is still compared, with a
/// note; the new version is held to every rule.
#[test]
fn an_old_spec_breaking_newer_rules_is_compared() {
    let base = std::fs::read_to_string(workspace().join("spec/reader.yaml")).unwrap();
    let mut telemetry = base.lines().filter(|l| l.contains("telemetry_values:"));
    assert!(telemetry.next().is_some(), "the reader spec has uptake");
    let old = base
        .replacen(
            "telemetry_values: [",
            "telemetry_values: [signature_error, ",
            1,
        )
        .replacen(
            "- method: open",
            "- method: open_with_a_method_name_far_too_long",
            1,
        );
    assert_ne!(old, base);
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("old.yaml"), &old).unwrap();
    std::fs::write(dir.path().join("new.yaml"), &base).unwrap();
    let output = eventspec(dir.path(), &["diff", "old.yaml", "new.yaml"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("note: old.yaml breaks 2 rules of this version of eventspec"),
        "{stderr}"
    );
    let report = String::from_utf8(output.stdout).unwrap();
    assert!(report.contains("breaking"), "{report}");
    // Reversed, the new version breaks them: refused.
    let output = eventspec(dir.path(), &["diff", "new.yaml", "old.yaml"]);
    assert_eq!(output.status.code(), Some(1));
}
