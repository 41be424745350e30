// The valid specs of the diagnostics corpus (`tests/check/`, warnings and all) compile with
// warnings denied, each in a module of its own.
#![deny(warnings)]
eventspec_macros::include_spec!("../../../../tests/check/valid.yaml", module = valid);
eventspec_macros::include_spec!("../../../../tests/check/valid-waiver.yaml", module = valid_waiver);
eventspec_macros::include_spec!("../../../../tests/check/expiry.yaml", module = expiry);
eventspec_macros::include_spec!(
    "../../../../tests/check/inconsistent-title.yaml",
    module = inconsistent_title
);
eventspec_macros::include_spec!("../../../../tests/check/unused-waiver.yaml", module = unused_waiver);

fn main() {}
