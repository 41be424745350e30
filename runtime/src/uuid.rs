//! A UUID as Firefox writes enrollment ids: 36 characters, `8-4-4-4-12` hex digits.

use std::fmt;
use std::str::FromStr;

/// A UUID. Parsed from either case; always written in lowercase.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Uuid([u8; 16]);

impl Uuid {
    /// The UUID with these bytes.
    pub const fn from_bytes(bytes: [u8; 16]) -> Self {
        Uuid(bytes)
    }

    /// Its bytes.
    pub const fn as_bytes(&self) -> &[u8; 16] {
        &self.0
    }
}

/// Parses the hyphenated form; `None` for anything else.
pub fn parse_uuid(s: &str) -> Option<Uuid> {
    let b = s.as_bytes();
    if b.len() != 36 || [8, 13, 18, 23].iter().any(|&i| b[i] != b'-') {
        return None;
    }
    let mut out = [0u8; 16];
    let mut nibbles = b
        .iter()
        .filter(|&&c| c != b'-')
        .map(|&c| (c as char).to_digit(16));
    for byte in &mut out {
        let hi = nibbles.next()??;
        let lo = nibbles.next()??;
        *byte = (hi * 16 + lo) as u8;
    }
    // 32 hex digits and exactly four hyphens: nothing left over.
    nibbles.next().is_none().then_some(Uuid(out))
}

/// Why a string is not a UUID.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseUuidError;

impl fmt::Display for ParseUuidError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not a UUID (expected 8-4-4-4-12 hexadecimal digits)")
    }
}

impl std::error::Error for ParseUuidError {}

impl FromStr for Uuid {
    type Err = ParseUuidError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        parse_uuid(s).ok_or(ParseUuidError)
    }
}

impl fmt::Display for Uuid {
    /// The hyphenated lowercase form, written in one call (a formatting call a byte made
    /// encoding an event with an enrollment id several times slower).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let mut text = [0u8; 36];
        let mut at = 0;
        for (i, byte) in self.0.iter().enumerate() {
            if matches!(i, 4 | 6 | 8 | 10) {
                text[at] = b'-';
                at += 1;
            }
            text[at] = HEX[usize::from(byte >> 4)];
            text[at + 1] = HEX[usize::from(byte & 0xf)];
            at += 2;
        }
        // Hex digits and hyphens only: always UTF-8.
        f.write_str(std::str::from_utf8(&text).unwrap_or_default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_rejects() {
        let text = "0c5a3a8e-9b1f-4d6e-8a2b-3c4d5e6f7a8b";
        assert_eq!(parse_uuid(text).unwrap().to_string(), text);
        assert_eq!(parse_uuid(&text.to_uppercase()).unwrap().to_string(), text);
        for bad in [
            "",
            "__NO_ENROLLMENT_ID__",
            "0c5a3a8e-9b1f-4d6e-8a2b-3c4d5e6f7a8",
            "0c5a3a8e-9b1f-4d6e-8a2b-3c4d5e6f7a8g",
            "0c5a3a8e9b1f-4d6e-8a2b-3c4d5e6f7a8b-",
            "+c5a3a8e-9b1f-4d6e-8a2b-3c4d5e6f7a8b",
        ] {
            assert_eq!(parse_uuid(bad), None, "{bad}");
        }
    }
}
