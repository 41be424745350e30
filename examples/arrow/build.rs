// Writes the typed API of the spec to `$OUT_DIR/reader.rs`, as in `examples/build-script`.
fn main() {
    eventspec::Builder::new()
        .spec("../../spec/reader.yaml")
        .generate()
        .expect("a valid spec");
}
