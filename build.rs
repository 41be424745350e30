//! Generates the typed Normandy API from `spec/normandy.yaml` into `$OUT_DIR/normandy.rs`.

fn main() {
    if let Err(error) = eventspec::Builder::new()
        .spec("spec/normandy.yaml")
        .generate()
    {
        // Each line as a cargo error, so the spec's file:line:column shows in the build output.
        for line in error.to_string().lines() {
            println!("cargo::error={line}");
        }
        std::process::exit(1);
    }
}
