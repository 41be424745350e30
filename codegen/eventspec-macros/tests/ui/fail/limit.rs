eventspec_macros::include_spec!("../../../../codegen/eventspec-macros/tests/ui/specs/limit.yaml");

fn main() {}
