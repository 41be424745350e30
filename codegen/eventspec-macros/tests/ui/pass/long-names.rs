// Long uptake keys, parameters and constants: the key builders lay out as rustfmt does and
// build the key the spec declares.
#![deny(warnings, missing_docs)]
//! Long names.
eventspec_macros::include_spec!("../../../../codegen/eventspec/tests/specs/long-names.yaml");

fn main() {
    assert_eq!(
        NextStatus::KEY,
        "normandy/runner/a-long-key-that-goes-on-and-on-and-on/and-on-and-on-and-on"
    );
    assert_eq!(
        ParamsStatus::key("a", "b", "c"),
        "normandy/runner/a/b/c"
    );
    assert_eq!(
        PiecesStatus::key("7"),
        "normandy/runner/a-long-piece-of-the-key-that-goes-on-and-on-and-on/7/\
         a-very-long-piece-of-the-key-that-goes-on-and-on-and-on-and-on-and-on-and-on-and-on"
    );
    assert_eq!(
        MediumStatus::key("run"),
        "normandy/action/run/with-a-suffix-that-makes-it-long-enough"
    );
}
