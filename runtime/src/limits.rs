//! Firefox's limits for legacy telemetry events. The checker enforces them on specs and the
//! generated code enforces them on recorded events; both read them from here. Also the one
//! way long text is shortened where a message quotes it ([`elide`]).

/// Longest category name, in characters.
pub const MAX_CATEGORY_LEN: usize = 30;
/// Longest method name, in characters.
pub const MAX_METHOD_LEN: usize = 20;
/// Longest object name, in characters.
pub const MAX_OBJECT_LEN: usize = 20;
/// Longest extra key, in characters.
pub const MAX_EXTRA_KEY_LEN: usize = 15;
/// Most extra keys on one event.
pub const MAX_EXTRA_KEYS: usize = 10;
/// Longest event value or extra value, in bytes (longer ones are truncated when recorded).
pub const MAX_VALUE_BYTES: usize = 80;

/// Whether `name` matches `^[a-zA-Z][a-zA-Z0-9_.]*[a-zA-Z0-9]$`, the pattern Firefox requires
/// of categories, methods, objects and extra keys.
pub fn is_valid_name(name: &str) -> bool {
    let bytes = name.as_bytes();
    match (bytes.first(), bytes.last()) {
        (Some(first), Some(last)) if bytes.len() >= 2 => {
            first.is_ascii_alphabetic()
                && last.is_ascii_alphanumeric()
                && bytes
                    .iter()
                    .all(|b| b.is_ascii_alphanumeric() || *b == b'_' || *b == b'.')
        }
        _ => false,
    }
}

/// `s`, or when over `max` characters its first three quarters and its last characters around
/// `…`, `max` characters in all: how a message quotes text of any length (a spec's name, a
/// record's value).
pub fn elide(s: &str, max: usize) -> std::borrow::Cow<'_, str> {
    let count = s.chars().count();
    if count <= max {
        return s.into();
    }
    let head = max * 3 / 4;
    let tail = max - head - 1;
    let mut out: String = s.chars().take(head).collect();
    out.push('…');
    out.extend(s.chars().skip(count - tail));
    out.into()
}

/// `s` cut to at most `max` bytes at a UTF-8 character boundary, as Firefox truncates.
pub fn truncate(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert!(is_valid_name("enrollFailed"));
        assert!(is_valid_name("preference_study"));
        assert!(is_valid_name("a.b1"));
        assert!(!is_valid_name("a"));
        assert!(!is_valid_name("1abc"));
        assert!(!is_valid_name("abc_"));
        assert!(!is_valid_name("invalid type"));
        assert!(!is_valid_name("exp-highpop"));
    }

    #[test]
    fn truncates_at_a_char_boundary() {
        assert_eq!(truncate("abc", 80), "abc");
        assert_eq!(truncate("aé", 2), "a");
        assert_eq!(truncate("aé", 3), "aé");
        assert_eq!(truncate("€€", 4), "€");
    }
}
