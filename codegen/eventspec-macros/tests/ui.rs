//! `include_spec!` compiled the way downstream crates compile it (trybuild).
//!
//! trybuild builds each case as a crate of its own under `target/tests/trybuild/<crate>/`, and
//! that is its `CARGO_MANIFEST_DIR`: the cases name their specs relative to it, so the paths
//! start with `../../../../` (back to the workspace root).

#[test]
fn ui() {
    let cases = trybuild::TestCases::new();
    cases.pass("tests/ui/pass/*.rs");
    cases.compile_fail("tests/ui/fail/*.rs");
}

/// Every valid spec in the repository (the specs, the test specs, the valid ones of the
/// diagnostics corpus) is compiled by one of the cases above.
#[test]
fn every_valid_spec_is_compiled() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let cases: String = std::fs::read_dir("tests/ui/pass")
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    let mut valid = 0;
    for dir in [
        "spec",
        "tests/check",
        "codegen/eventspec/tests/specs",
        "codegen/eventspec-macros/tests/ui/specs",
    ] {
        for entry in std::fs::read_dir(root.join(dir)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_none_or(|e| e != "yaml") {
                continue;
            }
            let source = eventspec::load(&path).unwrap();
            if eventspec::check(&source).model.is_none() {
                continue;
            }
            valid += 1;
            let name = format!("{dir}/{}", path.file_name().unwrap().to_string_lossy());
            assert!(
                cases.contains(&format!("\"../../../../{name}\"")),
                "no case in tests/ui/pass compiles {name}"
            );
        }
    }
    assert!(valid >= 15, "{valid} valid specs");
}
