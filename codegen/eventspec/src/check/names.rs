//! Rust identifiers, decided once for the whole model: case conversion, keywords, digits.
//! Backends read the names from the model and never derive their own.

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Words Rust reserves (strict and reserved, edition 2024).
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut",
    "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "try", "typeof", "unsized", "virtual", "yield",
];

/// Keywords that cannot be raw identifiers.
const NOT_RAW: &[&str] = &["crate", "self", "Self", "super", "_"];

/// `name` with every character that is not an ASCII letter or digit made a word separator:
/// identifiers stay ASCII (`été` → `t`), whatever heck would do with other letters.
fn ascii_words(name: &str) -> String {
    name.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect()
}

/// `name` in UpperCamelCase (heck's word boundaries: separators, `fooBar`, `HTTPServer`).
fn upper_camel(name: &str) -> String {
    ascii_words(name).to_upper_camel_case()
}

/// `name` in snake_case.
fn snake(name: &str) -> String {
    ascii_words(name).to_snake_case()
}

fn finish(ident: String, prefix: &str) -> Option<String> {
    if ident.is_empty() || ident.chars().all(|c| c == '_') {
        return None;
    }
    if ident.starts_with(|c: char| c.is_ascii_digit()) {
        return Some(format!("{prefix}{ident}"));
    }
    if KEYWORDS.contains(&ident.as_str()) {
        if NOT_RAW.contains(&ident.as_str()) {
            return Some(format!("{ident}_"));
        }
        return Some(format!("r#{ident}"));
    }
    Some(ident)
}

/// A type or variant name (`enrollFailed` → `EnrollFailed`, `invalid type` → `InvalidType`);
/// `None` when the name has no ASCII letter or digit to build one from.
pub fn type_name(name: &str) -> Option<String> {
    finish(upper_camel(name), "V")
}

/// A field or function name (`experimentType` → `experiment_type`, `type` → `r#type`).
pub fn field_name(name: &str) -> Option<String> {
    finish(snake(name), "_")
}

/// A type name built from two (`PreferenceStudy` + `Enroll`). A prefix escaped as a keyword
/// (`Self_`) loses its `_`, which would make the whole name non-camel-case (`Self_Type`).
pub fn join_types(prefix: &str, rest: &str) -> String {
    format!("{}{rest}", prefix.trim_end_matches('_'))
}

/// Type names a spec name must not become: the ones the generated module defines, the
/// runtime's it names (and the crate that includes it imports), and the prelude's types and
/// traits, which it names unqualified (a scalar `a.string` would shadow `String`).
pub const RESERVED_TYPES: &[&str] = &[
    "Event",
    "Uptake",
    "EnrollmentId",
    "DecodeError",
    "RawEvent",
    "Uuid", // its own and the runtime's
    "String",
    "Option",
    "Result",
    "From",
    "Into",
    "Vec",
    "Box",
    "ToString",
    "ToOwned",
    "Clone",
    "Copy",
    "Send",
    "Sync",
    "Sized",
    "Unpin",
    "Drop",
    "Fn",
    "FnMut",
    "FnOnce",
    "AsRef",
    "AsMut",
    "Default",
    "Eq",
    "PartialEq",
    "Ord",
    "PartialOrd",
    "Iterator",
    "IntoIterator",
    "DoubleEndedIterator",
    "ExactSizeIterator",
    "Extend",
    "FromIterator",
    "TryFrom",
    "TryInto",
    "AsyncFn",
    "AsyncFnMut",
    "AsyncFnOnce",
    "Future",
    "IntoFuture",
];

/// Field names every event struct has besides its extras.
pub const RESERVED_FIELDS: &[&str] = &["value"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_case_and_separators() {
        assert_eq!(type_name("enrollFailed").as_deref(), Some("EnrollFailed"));
        assert_eq!(type_name("enroll-failed").as_deref(), Some("EnrollFailed"));
        assert_eq!(type_name("invalid type").as_deref(), Some("InvalidType"));
        assert_eq!(type_name("exp-highpop").as_deref(), Some("ExpHighpop"));
        assert_eq!(
            field_name("experimentType").as_deref(),
            Some("experiment_type")
        );
        assert_eq!(
            field_name("didResetValue").as_deref(),
            Some("did_reset_value")
        );
    }

    #[test]
    fn handles_keywords_digits_and_symbols() {
        assert_eq!(field_name("type").as_deref(), Some("r#type"));
        assert_eq!(field_name("self").as_deref(), Some("self_"));
        assert_eq!(type_name("self").as_deref(), Some("Self_"));
        assert_eq!(type_name("1st").as_deref(), Some("V1st"));
        assert_eq!(field_name("2nd").as_deref(), Some("_2nd"));
        assert_eq!(type_name("--"), None);
        assert_eq!(type_name("été").as_deref(), Some("T"));
        assert_eq!(join_types("Self_", "Type"), "SelfType");
        assert_eq!(join_types("Runner", "Status"), "RunnerStatus");
    }
}
