eventspec_macros::include_spec!("../../../../codegen/eventspec-macros/tests/ui/specs/yaml-syntax.yaml");

fn main() {}
