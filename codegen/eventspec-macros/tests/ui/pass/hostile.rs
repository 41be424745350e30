// Quotes, backslashes, `*/`, `#`, braces, backticks, HTML and non-ASCII from the spec are held
// as data: the generated Rust compiles (docs included) and round-trips them.
#![deny(warnings, missing_docs)]
//! Hostile spec text.
eventspec_macros::include_spec!("../../../../codegen/eventspec/tests/specs/hostile.yaml");

fn main() {
    for (wire, value) in [
        ("<script>", StudyEnrollReason::Script),
        ("a | b", StudyEnrollReason::AB),
        ("x`y", StudyEnrollReason::XY),
        ("line\nbreak", StudyEnrollReason::LineBreak),
    ] {
        assert_eq!(value.as_str(), wire);
        assert_eq!(wire.parse(), Ok(value));
    }
    assert_eq!(RunnerStatus::Success.as_str(), "success");
    assert_eq!(RunnerStatus::Other.as_str(), "custom_1_error");
    assert_eq!(RunnerStatus::key("7"), "xx/7");
}
