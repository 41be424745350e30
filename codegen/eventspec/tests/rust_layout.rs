//! The generated Rust is written already laid out; these tests hold it to that: rustfmt leaves
//! it unchanged, and it parses as a Rust file.

mod common;

use std::path::Path;

use common::rustfmt_diff;

use eventspec::Source;

/// The Rust of each valid spec in the repository (the specs, the test specs, the valid ones of
/// the diagnostics corpus), by path.
fn every_valid_spec() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut generated = Vec::new();
    for dir in [
        "spec",
        "tests/check",
        "codegen/eventspec/tests/specs",
        "codegen/eventspec-macros/tests/ui/specs",
    ] {
        let mut paths: Vec<_> = std::fs::read_dir(root.join(dir))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
            .collect();
        paths.sort();
        for path in paths {
            let source = eventspec::load(&path).unwrap();
            if let Some(model) = eventspec::check(&source).model {
                let code = eventspec::backend::rust::generate(&model, "spec.yaml");
                generated.push((path.display().to_string(), code));
            }
        }
    }
    generated
}

#[test]
fn rustfmt_leaves_the_generated_code_unchanged() {
    let mut specs = every_valid_spec();
    assert!(specs.len() >= 15, "{} valid specs", specs.len());
    specs.push(("synthetic".to_string(), {
        let source = Source::new(
            "synth.yaml",
            eventspec_synth::spec(30, eventspec_synth::Style::Realistic),
        );
        let model = eventspec::check(&source).model.unwrap();
        eventspec::backend::rust::generate(&model, "synth.yaml")
    }));
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
