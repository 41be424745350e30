eventspec_macros::include_spec!("spec/does-not-exist.yaml");

fn main() {}
