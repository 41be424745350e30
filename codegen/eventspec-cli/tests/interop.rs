//! `eventspec import firefox` and `eventspec export glean` as a user runs them: Firefox's files in, a spec out that
//! `check` and `generate` take (and whose Rust the macro tests compile:
//! `codegen/eventspec-macros/tests/ui/pass/imported.rs`); every problem of a broken file
//! located in it, and nothing written.

mod common;

use common::{eventspec, workspace};

const EVENTS: &str = "codegen/eventspec-macros/tests/ui/specs/firefox/Events.yaml";
const SCALARS: &str = "codegen/eventspec-macros/tests/ui/specs/firefox/Scalars.yaml";
/// The import of [`EVENTS`] and [`SCALARS`], checked in: the macro tests compile it.
const IMPORTED: &str = "codegen/eventspec-macros/tests/ui/specs/imported.yaml";

#[test]
fn firefox_files_import_into_a_spec_that_checks_and_generates() {
    let output = eventspec(&workspace(), &["import", "firefox", EVENTS, SCALARS]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let spec = String::from_utf8(output.stdout).unwrap();
    let path = workspace().join(IMPORTED);
    if std::env::var_os("EVENTSPEC_UPDATE_IMPORTED").is_some() {
        std::fs::write(&path, &spec).unwrap();
    }
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        spec,
        "{IMPORTED} is not the import of the Firefox files: review the difference, then \
         write it with EVENTSPEC_UPDATE_IMPORTED=1"
    );
    let check = eventspec(&workspace(), &["check", IMPORTED]);
    assert_eq!(check.status.code(), Some(0));
    let out = tempfile::tempdir().unwrap();
    let generate = eventspec(
        &workspace(),
        &["generate", IMPORTED, "--out", out.path().to_str().unwrap()],
    );
    assert_eq!(generate.status.code(), Some(0));
    let rust = std::fs::read_to_string(out.path().join("rust/imported.rs")).unwrap();
    // Both categories' `player`-less events, as Firefox's optional strings and values.
    assert!(rust.contains("pub struct FileOpen {"), "{rust}");
    assert!(rust.contains("pub value: Option<String>,"));
}

#[test]
fn chosen_categories_only() {
    let output = eventspec(
        &workspace(),
        &[
            "import",
            "firefox",
            EVENTS,
            "--category",
            "pictureinpicture",
        ],
    );
    assert_eq!(output.status.code(), Some(0));
    let spec = String::from_utf8(output.stdout).unwrap();
    assert!(spec.contains("category: \"pictureinpicture\""));
    assert!(!spec.contains("downloads"), "{spec}");

    let output = eventspec(
        &workspace(),
        &["import", "firefox", EVENTS, "--category", "nope"],
    );
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("there is no category `nope`")
            && stderr.contains("downloads, pictureinpicture"),
        "{stderr}"
    );
    // The named categories of both files: `downloads`' events and scalars, no other.
    let output = eventspec(
        &workspace(),
        &[
            "import",
            "firefox",
            EVENTS,
            SCALARS,
            "--category",
            "downloads",
        ],
    );
    assert_eq!(output.status.code(), Some(0));
    let spec = String::from_utf8(output.stdout).unwrap();
    assert!(spec.contains("name: \"downloads.count\""), "{spec}");
    assert!(!spec.contains("pictureinpicture"), "{spec}");
}

#[test]
fn every_problem_of_broken_files_is_located_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("spec.yaml");
    let output = eventspec(
        &workspace().join("codegen/eventspec-cli/tests/interop"),
        &[
            "import",
            "firefox",
            "broken-Events.yaml",
            "broken-Scalars.yaml",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(output.status.code(), Some(1));
    assert!(!out.exists(), "nothing is written");
    insta::assert_snapshot!(String::from_utf8_lossy(&output.stderr));
}

#[test]
fn written_to_a_file_all_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("spec.yaml");
    let output = eventspec(
        &workspace(),
        &["import", "firefox", EVENTS, "--out", out.to_str().unwrap()],
    );
    assert_eq!(output.status.code(), Some(0));
    assert!(output.stdout.is_empty());
    let spec = std::fs::read_to_string(&out).unwrap();
    assert!(spec.starts_with("# Imported by `eventspec import firefox`"));
    // A file that cannot be read is an I/O problem.
    let missing = eventspec(&workspace(), &["import", "firefox", "no/such/Events.yaml"]);
    assert_eq!(missing.status.code(), Some(2));
}

#[test]
fn glean_metrics_on_standard_output_or_refused() {
    let output = eventspec(&workspace(), &["export", "glean"]);
    assert_eq!(output.status.code(), Some(0));
    let metrics = String::from_utf8(output.stdout).unwrap();
    assert!(metrics.contains("$schema: moz://mozilla.org/schemas/glean/metrics/2-0-0"));
    assert!(metrics.contains("  \"enroll_failed_addon_study\":\n    type: event\n"));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("not carried: scalars"), "{stderr}");
    // The import has no data reviews, which Glean requires: refused, each event named.
    let output = eventspec(&workspace(), &["export", "glean", IMPORTED]);
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("event `downloads.file.start`: Glean requires `data_reviews`")
            && stderr.contains("cannot be exported for Glean: 9 problems"),
        "{stderr}"
    );
}

/// A refused export prints at most 200 problems, and says how many more there are (a spec of
/// 10,000 events without metadata has 50,000).
#[test]
fn a_refused_export_prints_little() {
    let dir = tempfile::tempdir().unwrap();
    let events: String = (0..300)
        .map(|m| format!("        - method: m{m}\n"))
        .collect();
    let spec = format!(
        "eventspec: 1\nevents:\n  category: cat\n  objects:\n    - name: obj\n      events:\n{events}"
    );
    std::fs::write(dir.path().join("spec.yaml"), spec).unwrap();
    let out = dir.path().join("out");
    let output = eventspec(
        dir.path(),
        &[
            "export",
            "firefox",
            "spec.yaml",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(
        stderr
            .lines()
            .filter(|l| l.starts_with("error: event"))
            .count(),
        200
    );
    assert!(
        stderr.contains("… 1300 more problems not shown"),
        "{stderr}"
    );
    assert!(!out.exists());
}
