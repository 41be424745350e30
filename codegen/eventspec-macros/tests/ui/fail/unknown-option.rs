eventspec_macros::include_spec!("../../../../spec/normandy.yaml", modul = normandy);

fn main() {}
