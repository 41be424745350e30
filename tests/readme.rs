//! The README's examples are the example crates' files, byte for byte: each block under a
//! `<!-- file: PATH -->` line is that file of the repository, and those crates are built and
//! run by `cargo test --workspace` (`examples/build-script`, `examples/macro`).

use std::path::Path;

#[test]
fn readme_examples_are_the_example_files() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let mut shown = Vec::new();
    let mut rest = readme.as_str();
    while let Some(at) = rest.find("<!-- file: ") {
        rest = &rest[at + "<!-- file: ".len()..];
        let (path, after) = rest.split_once(" -->\n").expect("a closed file marker");
        let fence = after
            .strip_prefix("```")
            .expect("a code block after the marker");
        let (_, body) = fence.split_once('\n').expect("a fence line");
        let (code, after) = body.split_once("\n```\n").expect("a closed code block");
        let file = std::fs::read_to_string(root.join(path)).unwrap_or_default();
        assert_eq!(format!("{code}\n"), file, "README's block for {path}");
        shown.push(path.to_string());
        rest = after;
    }
    assert_eq!(
        shown,
        [
            "examples/build-script/Cargo.toml",
            "examples/build-script/build.rs",
            "examples/build-script/src/main.rs",
            "examples/macro/Cargo.toml",
            "examples/macro/src/main.rs",
        ]
    );
}
