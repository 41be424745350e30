//! The build-script front end's errors read like rustc's: `.unwrap()` in a build script shows
//! the same rendered diagnostics as `eventspec check`, and the diagnostics are typed.

use eventspec::diagnostic::{Code, Severity};

#[test]
fn an_invalid_spec_unwraps_to_rendered_diagnostics() {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("broken.yaml");
    std::fs::write(&spec, "eventspec: 1\ntitel: Typo\n").unwrap();
    let error = eventspec::Builder::new()
        .spec(&spec)
        .out_dir(dir.path())
        .cargo_directives(false)
        .generate()
        .unwrap_err();
    let diagnostics = error.diagnostics().expect("an invalid spec");
    let codes: Vec<Code> = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| d.code)
        .collect();
    assert!(codes.contains(&Code::UnknownKey), "{codes:?}");
    // What `.unwrap()` prints: the Debug form, which is the rendered text, line by line.
    let debug = format!("{error:?}");
    assert_eq!(debug, error.to_string());
    assert!(debug.starts_with("error["), "{debug}");
    assert!(
        debug.contains("error[unknown-key]: unknown key `titel`"),
        "{debug}"
    );
    assert!(debug.contains("\n --> "), "{debug}");
    assert!(debug.contains("broken.yaml:2:1"), "{debug}");
    assert!(!debug.contains("\\n"), "escaped: {debug}");
    // Nothing was written.
    assert!(!dir.path().join("broken.rs").exists());
}
