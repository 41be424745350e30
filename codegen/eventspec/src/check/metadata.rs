//! Metadata: each key checked in its form where it is written, inherited level by level (the
//! spec, a category, an event or scalar), required where the spec says, and expiry checked
//! against the date and version `check` is given.

use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::front::read::{Located, closest};
use crate::front::source::Span;
use crate::front::spec;
use crate::model::{self, Expiry};

/// Products Firefox's parsers know (`SUPPORTED_PRODUCTS`).
pub const PRODUCTS: &[&str] = &["firefox", "fennec", "thunderbird"];
/// Processes Firefox's parsers know (`KNOWN_PROCESS_FLAGS`).
pub const PROCESSES: &[&str] = &[
    "all",
    "all_children",
    "main",
    "content",
    "gpu",
    "rdd",
    "socket",
    "utility",
];
/// Operating systems Firefox's parsers know.
pub const OPERATING_SYSTEMS: &[&str] = &["mac", "linux", "windows", "android", "unix", "all"];
/// Glean's data sensitivity levels.
pub const SENSITIVITY: &[&str] = &[
    "technical",
    "interaction",
    "stored_content",
    "web_activity",
    "highly_sensitive",
];
/// Release channel collections.
pub const COLLECTIONS: &[&str] = &["opt-in", "opt-out"];
/// The metadata keys, as `require_metadata` names them (`expiry_version` is `expires`).
pub const KEYS: &[&str] = &[
    "bug_numbers",
    "bugs",
    "notification_emails",
    "expires",
    "products",
    "record_in_processes",
    "operating_systems",
    "release_channel_collection",
    "data_reviews",
    "data_sensitivity",
];

/// What `check` compares expiry with: today and the current major version, each optional,
/// and how close to its expiry an item is warned about.
#[derive(Clone, Copy, Debug, Default)]
pub struct ExpiryCheck {
    /// Today, as days since 1970-01-01.
    pub today: Option<i64>,
    /// The current major version.
    pub version: Option<u32>,
    /// Warn about dates this many days ahead or fewer.
    pub warn_days: i64,
    /// Warn about versions this many ahead or fewer.
    pub warn_versions: u32,
}

impl ExpiryCheck {
    /// The days since 1970-01-01 of a date `YYYY-MM-DD` (for `today`), if it is one.
    pub fn day(date: &str) -> Option<i64> {
        parse_date(date).map(|(y, m, d)| days_from_civil(i64::from(y), i64::from(m), i64::from(d)))
    }
}

/// The metadata one level writes, checked: `None` where it says nothing (the level above
/// decides), with where its expiry is written.
#[derive(Clone, Debug, Default)]
pub struct Level {
    bug_numbers: Option<Vec<u64>>,
    bugs: Option<Vec<String>>,
    notification_emails: Option<Vec<String>>,
    expires: Option<(Expiry, Span)>,
    /// Whether this level writes an expiry that is not one (already reported).
    expires_invalid: bool,
    products: Option<Vec<String>>,
    record_in_processes: Option<Vec<String>>,
    operating_systems: Option<Vec<String>>,
    release_channel_collection: Option<String>,
    data_reviews: Option<Vec<String>>,
    data_sensitivity: Option<Vec<String>>,
}

impl Level {
    /// This level's keys, and its parent's where it has none.
    pub fn under(&self, parent: &Level) -> Level {
        fn pick<T: Clone>(own: &Option<T>, parent: &Option<T>) -> Option<T> {
            own.clone().or_else(|| parent.clone())
        }
        Level {
            bug_numbers: pick(&self.bug_numbers, &parent.bug_numbers),
            bugs: pick(&self.bugs, &parent.bugs),
            notification_emails: pick(&self.notification_emails, &parent.notification_emails),
            expires: pick(&self.expires, &parent.expires),
            expires_invalid: self.expires_invalid,
            products: pick(&self.products, &parent.products),
            record_in_processes: pick(&self.record_in_processes, &parent.record_in_processes),
            operating_systems: pick(&self.operating_systems, &parent.operating_systems),
            release_channel_collection: pick(
                &self.release_channel_collection,
                &parent.release_channel_collection,
            ),
            data_reviews: pick(&self.data_reviews, &parent.data_reviews),
            data_sensitivity: pick(&self.data_sensitivity, &parent.data_sensitivity),
        }
    }

    /// The metadata as the model holds it.
    pub fn resolve(&self) -> model::Metadata {
        model::Metadata {
            bug_numbers: self.bug_numbers.clone().unwrap_or_default(),
            bugs: self.bugs.clone().unwrap_or_default(),
            notification_emails: self.notification_emails.clone().unwrap_or_default(),
            expires: self.expires.as_ref().map(|(e, _)| *e),
            products: self.products.clone().unwrap_or_default(),
            record_in_processes: self.record_in_processes.clone().unwrap_or_default(),
            operating_systems: self.operating_systems.clone().unwrap_or_default(),
            release_channel_collection: self.release_channel_collection.clone(),
            data_reviews: self.data_reviews.clone().unwrap_or_default(),
            data_sensitivity: self.data_sensitivity.clone().unwrap_or_default(),
        }
    }

    /// Which of the `required` keys no level gives (a key written, even with items that were
    /// not valid, is given: its mistakes are reported where they are).
    fn missing<'k>(&self, required: &[&'k str]) -> Vec<&'k str> {
        let has = |key: &str| match key {
            // Bugs by number or by URL: one fact, either way.
            "bug_numbers" | "bugs" => self.bug_numbers.is_some() || self.bugs.is_some(),
            "notification_emails" => self.notification_emails.is_some(),
            "expires" => self.expires.is_some() || self.expires_invalid,
            "products" => self.products.is_some(),
            "record_in_processes" => self.record_in_processes.is_some(),
            "operating_systems" => self.operating_systems.is_some(),
            "release_channel_collection" => self.release_channel_collection.is_some(),
            "data_reviews" => self.data_reviews.is_some(),
            "data_sensitivity" => self.data_sensitivity.is_some(),
            _ => true,
        };
        required.iter().copied().filter(|k| !has(k)).collect()
    }
}

/// Checks the form of each key `m` writes, reporting every mistake; the level it makes.
pub fn level(m: &spec::Metadata, d: &mut Diagnostics) -> Level {
    let texts = |list: &Option<Located<Vec<Located<String>>>>| {
        list.as_ref()
            .map(|l| l.value.iter().map(|t| t.value.clone()).collect::<Vec<_>>())
    };
    let choices =
        |d: &mut Diagnostics, list: &Option<Located<Vec<Located<String>>>>, what, all: &[&str]| {
            for item in list.iter().flat_map(|l| &l.value) {
                unknown_choice(d, item, what, all);
            }
        };
    choices(d, &m.products, "product", PRODUCTS);
    choices(d, &m.record_in_processes, "process", PROCESSES);
    choices(
        d,
        &m.operating_systems,
        "operating system",
        OPERATING_SYSTEMS,
    );
    choices(d, &m.data_sensitivity, "data sensitivity", SENSITIVITY);
    if let Some(c) = &m.release_channel_collection {
        unknown_choice(d, c, "release channel collection", COLLECTIONS);
    }
    for url in [&m.bugs, &m.data_reviews]
        .into_iter()
        .flatten()
        .flat_map(|l| &l.value)
    {
        if let Err(why) = crate::markup::check_url(&url.value) {
            d.push(
                Diagnostic::error(
                    Code::InvalidMetadata,
                    format!(
                        "`{}` is not a valid http(s) URL: {why}",
                        url.value.escape_debug()
                    ),
                )
                .at(url.span, "expected one absolute https://… URL"),
            );
        }
    }
    for email in m.notification_emails.iter().flat_map(|l| &l.value) {
        if !is_email(&email.value) {
            d.push(
                Diagnostic::error(
                    Code::InvalidMetadata,
                    format!("`{}` is not an e-mail address", email.value.escape_debug()),
                )
                .at(email.span, "expected name@example.com"),
            );
        }
    }
    let expires = m
        .expires
        .as_ref()
        .and_then(|e| match parse_expiry(&e.value) {
            Some(expiry) => Some((expiry, e.span)),
            None => {
                d.push(
                    Diagnostic::error(
                        Code::InvalidMetadata,
                        format!("`{}` is not an expiry", e.value.escape_debug()),
                    )
                    .at(e.span, "not an expiry")
                    .with_help(
                        "write `never`, `expired`, a major version (`95`) or a date (`2027-01-31`)",
                    ),
                );
                None
            }
        });
    Level {
        bug_numbers: m
            .bug_numbers
            .as_ref()
            .map(|l| l.value.iter().map(|b| b.value).collect()),
        bugs: texts(&m.bugs),
        notification_emails: texts(&m.notification_emails),
        expires_invalid: m.expires.is_some() && expires.is_none(),
        expires,
        products: texts(&m.products),
        record_in_processes: texts(&m.record_in_processes),
        operating_systems: texts(&m.operating_systems),
        release_channel_collection: m
            .release_channel_collection
            .as_ref()
            .map(|c| c.value.clone()),
        data_reviews: texts(&m.data_reviews),
        data_sensitivity: texts(&m.data_sensitivity),
    }
}

/// The keys `require_metadata` names, checked; `expiry_version` is `expires`.
pub fn required(keys: &[Located<String>], d: &mut Diagnostics) -> Vec<&'static str> {
    let mut out = Vec::new();
    for key in keys {
        let name = if key.value == "expiry_version" {
            "expires"
        } else {
            key.value.as_str()
        };
        match KEYS.iter().find(|k| **k == name) {
            Some(k) => out.push(*k),
            None => unknown_choice(d, key, "metadata key", KEYS),
        }
    }
    out
}

/// Reports the required keys `level` lacks, for the item `what` at `at`.
pub fn require(level: &Level, required: &[&str], what: &str, at: Span, d: &mut Diagnostics) {
    let missing = level.missing(required);
    if missing.is_empty() {
        return;
    }
    let keys: Vec<String> = missing.iter().map(|k| format!("`{k}`")).collect();
    d.push(
        Diagnostic::error(
            Code::MissingMetadata,
            format!("{what} has no {}, which the spec requires", keys.join(", ")),
        )
        .at(at, "missing metadata")
        .with_help("give it here, or once for its category or the spec"),
    );
}

/// Reports `level`'s expiry if it has passed (an error) or is near (a warning). The
/// diagnostic points at where the expiry is written, so that items inheriting one expiry get
/// one diagnostic.
pub fn expiry(level: &Level, check: &ExpiryCheck, d: &mut Diagnostics) {
    let Some((expiry, span)) = &level.expires else {
        return;
    };
    let (expired, soon) = match *expiry {
        Expiry::Never => return,
        Expiry::Expired => (
            (check.today.is_some() || check.version.is_some())
                .then(|| "it is marked expired".to_string()),
            None,
        ),
        Expiry::Version(v) => match check.version {
            Some(now) if now >= v => (
                Some(format!(
                    "it expires in version {v}, and this is version {now}"
                )),
                None,
            ),
            Some(now) if v - now <= check.warn_versions => (
                None,
                Some(format!(
                    "it expires in version {v}, {} from version {now}",
                    v - now
                )),
            ),
            _ => (None, None),
        },
        Expiry::Date(y, m, day) => {
            let date = days_from_civil(i64::from(y), i64::from(m), i64::from(day));
            match check.today {
                Some(today) if today > date => (Some(format!("{expiry} has passed")), None),
                Some(today) if date - today <= check.warn_days => (
                    None,
                    Some(format!("it expires on {expiry}, in {} days", date - today)),
                ),
                _ => (None, None),
            }
        }
    };
    if let Some(why) = expired {
        d.push(
            Diagnostic::error(Code::Expired, format!("expired: {why}"))
                .at(*span, "expiry")
                .with_help(
                    "renew it (a later expiry, after a data review) or remove what it covers",
                ),
        );
    } else if let Some(why) = soon {
        d.push(
            Diagnostic::warning(Code::ExpiringSoon, format!("expiring soon: {why}"))
                .at(*span, "expiry"),
        );
    }
}

fn unknown_choice(d: &mut Diagnostics, item: &Located<String>, what: &str, all: &[&str]) {
    if all.contains(&item.value.as_str()) {
        return;
    }
    let mut diagnostic = Diagnostic::error(
        Code::InvalidMetadata,
        format!("unknown {what} `{}`", item.value),
    )
    .at(item.span, format!("expected one of: {}", all.join(", ")));
    if let Some(s) = closest(&item.value, all) {
        diagnostic = diagnostic.with_help(format!("did you mean `{s}`?"));
    }
    d.push(diagnostic);
}

/// `local@domain.tld`: one `@`, no spaces or angle brackets, a dot in the domain.
fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    let plain = |part: &str| {
        !part.is_empty()
            && part
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+-/=?^_`{|}~.".contains(c))
    };
    plain(local)
        && plain(domain)
        && !domain.contains(['@', '\''])
        && domain.split('.').count() >= 2
        && domain.split('.').all(|label| !label.is_empty())
}

/// `never`, `expired`, a major version (1 to 3 digits, as Firefox's parser allows), or a
/// date `YYYY-MM-DD` that exists.
pub fn parse_expiry(s: &str) -> Option<Expiry> {
    match s {
        "never" => return Some(Expiry::Never),
        "expired" => return Some(Expiry::Expired),
        _ => {}
    }
    if (1..=3).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()) {
        return s.parse().ok().filter(|v| *v > 0).map(Expiry::Version);
    }
    parse_date(s).map(|(y, m, d)| Expiry::Date(y, m, d))
}

/// A date `YYYY-MM-DD` that exists in the Gregorian calendar.
pub fn parse_date(s: &str) -> Option<(u16, u8, u8)> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        let part = s.get(r)?;
        part.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| part.parse().ok())?
    };
    let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    (y >= 1 && (1..=days).contains(&d)).then_some((y as u16, m as u8, d as u8))
}

/// Days from 1970-01-01 to a date (Howard Hinnant's `days_from_civil`).
pub fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expiries_in_every_form() {
        assert_eq!(parse_expiry("never"), Some(Expiry::Never));
        assert_eq!(parse_expiry("expired"), Some(Expiry::Expired));
        assert_eq!(parse_expiry("95"), Some(Expiry::Version(95)));
        assert_eq!(parse_expiry("2028-02-29"), Some(Expiry::Date(2028, 2, 29)));
        for bad in [
            "Never",
            "0",
            "1000",
            "95.0a1",
            "2027-02-29",
            "2027-13-01",
            "2027-1-01",
            "27-01-01",
            "",
        ] {
            assert_eq!(parse_expiry(bad), None, "{bad}");
        }
    }

    #[test]
    fn days_count_from_the_epoch() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        assert_eq!(
            days_from_civil(2026, 12, 3) - days_from_civil(2026, 11, 3),
            30
        );
    }

    #[test]
    fn e_mail_addresses() {
        for ok in [
            "a@b.com",
            "normandy-notifications@mozilla.com",
            "x.y+z@sub.example.org",
        ] {
            assert!(is_email(ok), "{ok}");
        }
        for bad in [
            "",
            "a",
            "a@b",
            "@b.com",
            "a@.com",
            "a b@c.com",
            "a@b..com",
            "<a@b.com>",
            "a@b@c.com",
        ] {
            assert!(!is_email(bad), "{bad}");
        }
    }
}
