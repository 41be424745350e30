//! The generated Rust is written already laid out; these tests hold it to that: rustfmt leaves
//! it unchanged, and it parses as a Rust file.

use std::path::Path;
use std::process::Command;

use eventspec::Source;

fn generated(path: &str) -> String {
    let full = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    let source = eventspec::load(&full).unwrap();
    let model = eventspec::check(&source).model.expect("a valid spec");
    eventspec::backend::rust::generate(&model, "spec.yaml")
}

/// Whether rustfmt (default settings, edition 2024) would change `code`, and its diff.
fn rustfmt_diff(code: &str) -> Option<String> {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("generated.rs");
    std::fs::write(&file, code).unwrap();
    let output = Command::new("rustfmt")
        .args(["--edition", "2024", "--check"])
        .arg(&file)
        .output()
        .expect("rustfmt runs (`rustup component add rustfmt`)");
    (!output.status.success()).then(|| String::from_utf8_lossy(&output.stdout).into_owned())
}

#[test]
fn rustfmt_leaves_the_generated_code_unchanged() {
    let specs = [
        ("Normandy", generated("../../spec/normandy.yaml")),
        ("hostile", generated("tests/specs/hostile.yaml")),
        (
            "conditions",
            generated("../eventspec-macros/tests/ui/specs/conditions.yaml"),
        ),
        (
            "keywords",
            generated("../eventspec-macros/tests/ui/specs/names.yaml"),
        ),
        ("synthetic", {
            let source = Source::new(
                "synth.yaml",
                eventspec_synth::spec(30, eventspec_synth::Style::Realistic),
            );
            let model = eventspec::check(&source).model.unwrap();
            eventspec::backend::rust::generate(&model, "synth.yaml")
        }),
    ];
    for (name, code) in specs {
        assert!(syn::parse_file(&code).is_ok(), "{name}: not a Rust file");
        if let Some(diff) = rustfmt_diff(&code) {
            panic!("rustfmt would change the {name} output:\n{diff}");
        }
    }
}

/// The check above can fail: code laid out differently is caught.
#[test]
fn the_rustfmt_check_sees_a_difference() {
    assert!(rustfmt_diff("fn  main( ) {}\n").is_some());
    assert!(rustfmt_diff("fn main() {}\n").is_none());
}
