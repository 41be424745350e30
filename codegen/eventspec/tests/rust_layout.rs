//! The generated Rust is written already laid out; these tests hold it to that: rustfmt leaves
//! it unchanged, and it parses as a Rust file.

mod common;

use std::path::Path;

use common::rustfmt_diff;

use eventspec::Source;

fn generated(path: &str) -> String {
    let full = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    let source = eventspec::load(&full).unwrap();
    let model = eventspec::check(&source).model.expect("a valid spec");
    eventspec::backend::rust::generate(&model, "spec.yaml")
}

#[test]
fn rustfmt_leaves_the_generated_code_unchanged() {
    let specs = [
        ("Normandy", generated("../../spec/normandy.yaml")),
        ("hostile", generated("tests/specs/hostile.yaml")),
        ("long names", generated("tests/specs/long-names.yaml")),
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
