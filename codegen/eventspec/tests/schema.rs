//! `eventspec schema` against a real JSON Schema validator: every valid spec of the repository
//! passes it, and every broken spec of `tests/check/` whose mistake is structural fails it.
//! The checked-in copy (`docs/eventspec.schema.json`, what editors point at) is current.

use std::path::{Path, PathBuf};

use eventspec::Source;

/// Codes of mistakes in a spec's structure: what a schema can see.
const STRUCTURAL: &[&str] = &[
    "unknown-key",
    "wrong-type",
    "unsupported-version",
    "unknown-type",
    "unknown-channel",
    "unknown-scalar-kind",
];

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Every YAML file under `dir`, recursively.
fn yaml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            yaml_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "yaml") {
            out.push(path);
        }
    }
}

#[test]
fn valid_specs_pass_and_structural_mistakes_fail() {
    let schema = eventspec::schema();
    let validator = jsonschema::draft202012::new(&schema).expect("a valid JSON Schema");
    let mut files = Vec::new();
    for dir in [
        "spec",
        "tests/check",
        "codegen/eventspec/tests/specs",
        "codegen/eventspec-macros/tests/ui/specs",
    ] {
        yaml_files(&workspace().join(dir), &mut files);
    }
    files.sort();
    let (mut valid, mut structural) = (0, 0);
    for path in &files {
        let text = std::fs::read_to_string(path).unwrap();
        let source = Source::new(path.display().to_string(), text);
        let Ok(json) = eventspec::to_json(&source) else {
            continue; // not YAML: nothing for a schema to see
        };
        let checked = eventspec::check(&source);
        let passes = validator.is_valid(&json);
        if checked.model.is_some() {
            let errors: Vec<String> = validator
                .iter_errors(&json)
                .map(|e| e.to_string())
                .collect();
            assert!(
                passes,
                "{}: valid, but the schema rejects it: {errors:?}",
                path.display()
            );
            valid += 1;
        } else if checked.diagnostics.sorted().iter().any(|d| {
            STRUCTURAL.contains(&d.code.as_str())
                    // A key a mapping must have (not an object's `value` its events may give,
                    // nor an uptake `component` its keys may give: those depend on the rest).
                    || (d.code.as_str() == "missing-key" && d.message.contains(" is missing `"))
        }) {
            assert!(
                !passes,
                "{}: a structural mistake the schema accepts",
                path.display()
            );
            structural += 1;
        }
    }
    println!("valid {valid}, structural {structural}");
    assert!(
        valid >= 10 && structural >= 15,
        "valid {valid}, structural {structural}"
    );
}

#[test]
fn the_checked_in_schema_is_current() {
    let written = serde_json::to_string_pretty(&eventspec::schema()).unwrap() + "\n";
    let checked_in =
        std::fs::read_to_string(workspace().join("docs/eventspec.schema.json")).unwrap_or_default();
    assert!(
        written == checked_in,
        "docs/eventspec.schema.json is stale: run `eventspec schema > docs/eventspec.schema.json`"
    );
}
