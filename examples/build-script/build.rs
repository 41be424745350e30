// Writes the typed API of the spec to `$OUT_DIR/reader.rs`; a spec error fails the build
// with the same snippets as `eventspec check`, and editing the spec reruns this.
fn main() {
    eventspec::Builder::new()
        .spec("../../spec/reader.yaml")
        .generate()
        .expect("a valid spec");
}
