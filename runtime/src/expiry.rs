//! When a generated event or scalar stops being recorded: its spec's `expires` (or
//! `expiry_version`), as a constant (`EXPIRES`) code can test before recording.

use std::fmt;

/// An item's expiry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Expiry {
    /// It never expires.
    Never,
    /// It has expired: it is no longer recorded.
    Expired,
    /// It expires in this major version (recorded by older ones only).
    Version(u32),
    /// It expires after this date: year, month (1 to 12), day.
    Date(u16, u8, u8),
}

impl Expiry {
    /// Whether an item of this expiry is recorded by major version `version` on `date`
    /// (`(year, month, day)`).
    pub fn is_live(self, version: u32, date: (u16, u8, u8)) -> bool {
        match self {
            Expiry::Never => true,
            Expiry::Expired => false,
            Expiry::Version(v) => version < v,
            Expiry::Date(year, month, day) => date <= (year, month, day),
        }
    }
}

impl fmt::Display for Expiry {
    /// As the spec writes it: `never`, `expired`, `95`, `2027-01-31`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Expiry::Never => f.write_str("never"),
            Expiry::Expired => f.write_str("expired"),
            Expiry::Version(v) => write!(f, "{v}"),
            Expiry::Date(year, month, day) => write!(f, "{year:04}-{month:02}-{day:02}"),
        }
    }
}

impl serde::Serialize for Expiry {
    /// As the spec writes it (`never`, `95`, `2027-01-31`): how documents show it.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::Expiry;

    #[test]
    fn live_until_its_version_or_date() {
        let date = Expiry::Date(2027, 1, 31);
        assert!(date.is_live(1, (2027, 1, 31)));
        assert!(!date.is_live(1, (2027, 2, 1)));
        assert!(Expiry::Version(95).is_live(94, (9999, 1, 1)));
        assert!(!Expiry::Version(95).is_live(95, (1970, 1, 1)));
        assert!(Expiry::Never.is_live(u32::MAX, (9999, 12, 31)));
        assert!(!Expiry::Expired.is_live(0, (1970, 1, 1)));
        assert_eq!(date.to_string(), "2027-01-31");
    }
}
