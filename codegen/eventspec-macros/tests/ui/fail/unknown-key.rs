eventspec_macros::include_spec!("../../../../codegen/eventspec-macros/tests/ui/specs/unknown-key.yaml");

fn main() {}
