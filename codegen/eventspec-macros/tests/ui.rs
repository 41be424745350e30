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
