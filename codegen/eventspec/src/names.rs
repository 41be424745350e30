//! Rust identifiers, decided once for the whole model: case conversion, keywords, digits.
//! Backends read the names from the model and never derive their own.

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

/// The words of `name` as heck 0.5 splits them, for ASCII letters and digits (anything else
/// separates words): at separators, before an upper-case letter that follows a lower-case
/// one (`fooBar`), and before the last capital of an acronym followed by a lower-case
/// letter (`HTTPServer`). heck's own `transform`, restricted to ASCII and without
/// `core::fmt`, as case conversion ran for every name of a spec; a test compares the two.
fn words(name: &str, mut word: impl FnMut(&str)) {
    #[derive(Clone, Copy, PartialEq)]
    enum Mode {
        Boundary,
        Lowercase,
        Uppercase,
    }
    for part in name.split(|c: char| !c.is_ascii_alphanumeric()) {
        let bytes = part.as_bytes();
        let mut start = 0;
        let mut mode = Mode::Boundary;
        for (i, &c) in bytes.iter().enumerate() {
            let Some(&next) = bytes.get(i + 1) else {
                word(&part[start..]);
                break;
            };
            let next_mode = if c.is_ascii_lowercase() {
                Mode::Lowercase
            } else if c.is_ascii_uppercase() {
                Mode::Uppercase
            } else {
                mode
            };
            if next_mode == Mode::Lowercase && next.is_ascii_uppercase() {
                word(&part[start..=i]);
                start = i + 1;
                mode = Mode::Boundary;
            } else if mode == Mode::Uppercase && c.is_ascii_uppercase() && next.is_ascii_lowercase()
            {
                word(&part[start..i]);
                start = i;
                mode = Mode::Boundary;
            } else {
                mode = next_mode;
            }
        }
    }
}

/// `name` in UpperCamelCase: each word capitalised, the rest of it lower case.
fn upper_camel(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    words(name, |word| {
        let mut bytes = word.bytes();
        out.extend(bytes.next().map(|b| char::from(b.to_ascii_uppercase())));
        out.extend(bytes.map(|b| char::from(b.to_ascii_lowercase())));
    });
    out
}

/// `name` in snake_case: the words in lower case, joined by `_`.
fn snake(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    words(name, |word| {
        if !out.is_empty() {
            out.push('_');
        }
        out.extend(word.bytes().map(|b| char::from(b.to_ascii_lowercase())));
    });
    out
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

/// Type names the generated module defines itself; a spec name that maps to one is a collision.
pub const RESERVED_TYPES: &[&str] = &["Event", "EnrollmentId", "DecodeError", "RawEvent"];

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

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(20_000))]

        /// Case conversion is heck's (which it was before), on names mixing cases, digits,
        /// separators and non-ASCII letters.
        #[test]
        fn case_conversion_is_hecks(name in "[aAbBzZ09_ .é-]{0,12}") {
            use heck::{ToSnakeCase, ToUpperCamelCase};
            let ascii: String = name
                .chars()
                .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
                .collect();
            proptest::prop_assert_eq!(upper_camel(&name), ascii.to_upper_camel_case());
            proptest::prop_assert_eq!(snake(&name), ascii.to_snake_case());
        }
    }
}
