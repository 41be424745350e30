eventspec_macros::include_spec!("../../../../codegen/eventspec-macros/tests/ui/specs/several.yaml");

fn main() {}
