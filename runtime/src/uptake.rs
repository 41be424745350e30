//! Uptake Telemetry as Firefox records it: each status a component reports for a source goes
//! into the keyed histogram [`HISTOGRAM`] under the source, and is sent as a Telemetry Event
//! `[timestamp, "uptake.remotecontent.result", "uptake", component, status, {source, trigger?}]`.
//! The statuses are the platform's fixed set ([`STATUSES`]).

use std::fmt;

use crate::record::{Record, decode, encode};
use crate::{DecodeError, EncodeError, RawEvent};

/// The event category of uptake events.
pub const CATEGORY: &str = "uptake.remotecontent.result";
/// The event method of uptake events.
pub const METHOD: &str = "uptake";
/// The keyed histogram every status is also counted in, keyed by the source.
pub const HISTOGRAM: &str = "UPTAKE_REMOTE_CONTENT_RESULT_1";

/// Every status Uptake Telemetry records, as sent (`UptakeTelemetry.STATUS`).
pub const STATUSES: [&str; 24] = [
    "up_to_date",
    "success",
    "backoff",
    "pref_disabled",
    "parse_error",
    "content_error",
    "sign_error",
    "sign_retry_error",
    "conflict_error",
    "sync_error",
    "apply_error",
    "server_error",
    "certificate_error",
    "download_error",
    "timeout_error",
    "network_error",
    "offline_error",
    "cleanup_error",
    "unknown_error",
    "custom_1_error",
    "custom_2_error",
    "custom_3_error",
    "custom_4_error",
    "custom_5_error",
];

/// What triggered the fetch an uptake event reports (its optional `trigger` extra).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Trigger {
    /// A push notification.
    Broadcast,
    /// A scheduled poll.
    Timer,
    /// A forced sync.
    Forced,
    /// A manual sync.
    Manual,
}

impl Trigger {
    /// Every trigger, in the order of [`Trigger::VALUES`].
    pub const ALL: [Trigger; 4] = [
        Trigger::Broadcast,
        Trigger::Timer,
        Trigger::Forced,
        Trigger::Manual,
    ];
    /// Every trigger as sent.
    pub const VALUES: &'static [&'static str] = &["broadcast", "timer", "forced", "manual"];

    /// The string sent.
    pub const fn as_str(self) -> &'static str {
        Self::VALUES[self as usize]
    }
}

impl fmt::Display for Trigger {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The record of `component` reporting `status` for `source`: what `UptakeTelemetry.report`
/// sends.
pub fn record(
    timestamp: u64,
    component: &str,
    status: &str,
    source: &str,
    trigger: Option<Trigger>,
) -> Result<RawEvent, EncodeError> {
    let mut raw = encode::record(timestamp, CATEGORY, METHOD, component, Some(status))?;
    encode::string(&mut raw, "source", source, crate::limits::MAX_VALUE_BYTES)?;
    if let Some(trigger) = trigger {
        encode::text(&mut raw, "trigger", trigger.as_str());
    }
    Ok(raw)
}

/// A record of an uptake event, read: its status and source as sent, and its trigger.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Report<'r> {
    /// The status (one of [`STATUSES`]).
    pub status: &'r str,
    /// The source (the histogram key).
    pub source: &'r str,
    /// What triggered it.
    pub trigger: Option<Trigger>,
}

/// Reads `raw` as an uptake event of `component`, checking what the platform fixes: the
/// category, method and object, a status of [`STATUSES`], `source` present, `trigger` one of
/// [`Trigger::VALUES`] if present, no other extra. Whether the source and status are ones the
/// spec declares is the caller's to check.
pub fn read<'r, R: Record>(raw: &'r R, component: &str) -> Result<Report<'r>, DecodeError> {
    decode::is_event(raw, CATEGORY, component, METHOD)?;
    if let Some(key) = raw.unknown_key(|k| k == "source" || k == "trigger") {
        return Err(DecodeError::UnknownExtra { key: key.into() });
    }
    let status = decode::value_text(raw)?;
    if !STATUSES.contains(&status) {
        return Err(decode::invalid(
            "value",
            status,
            "an Uptake Telemetry status",
        ));
    }
    let source = decode::required(raw, "source", crate::limits::MAX_VALUE_BYTES)?;
    let trigger = match raw.extra("trigger") {
        None => None,
        Some(t) => match Trigger::VALUES.iter().position(|v| *v == t) {
            Some(i) => Some(Trigger::ALL[i]),
            None => return Err(decode::not_one_of("trigger", t, Trigger::VALUES)),
        },
    };
    Ok(Report {
        status,
        source,
        trigger,
    })
}

/// The parameters of `source` if the key template `template` writes it: literal text, and
/// parameters written `<name>`, each a non-empty text up to the next literal (the last one, to
/// the end; two side by side, the first takes one character).
pub fn match_key<'s>(template: &str, source: &'s str) -> Option<Vec<&'s str>> {
    let parts = parts(template);
    let mut rest = source;
    let mut params = Vec::new();
    for (i, part) in parts.iter().enumerate() {
        match part {
            Part::Literal(text) => rest = rest.strip_prefix(text)?,
            Part::Param => {
                let end = match parts.get(i + 1) {
                    Some(Part::Literal(next)) => rest.find(next)?,
                    Some(Part::Param) => rest.char_indices().nth(1).map_or(rest.len(), |(i, _)| i),
                    None => rest.len(),
                };
                if end == 0 {
                    return None;
                }
                params.push(&rest[..end]);
                rest = &rest[end..];
            }
        }
    }
    rest.is_empty().then_some(params)
}

/// The parameters of `source`, the `source` extra of a record, if the key template `template`
/// writes it; else why not.
pub fn source_params<'s>(
    template: &str,
    source: &'s str,
) -> Result<std::vec::IntoIter<&'s str>, DecodeError> {
    match_key(template, source)
        .map(Vec::into_iter)
        .ok_or_else(|| decode::invalid("source", source, &format!("a key `{template}`")))
}

/// A piece of a key template.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Part<'a> {
    Literal(&'a str),
    Param,
}

/// `template` in pieces: `<` opens a parameter, `>` closes it (an unclosed `<` is text).
fn parts(template: &str) -> Vec<Part<'_>> {
    let mut parts = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('<') {
        let Some(close) = rest[open..].find('>').map(|c| open + c) else {
            break;
        };
        if open > 0 {
            parts.push(Part::Literal(&rest[..open]));
        }
        parts.push(Part::Param);
        rest = &rest[close + 1..];
    }
    if !rest.is_empty() {
        parts.push(Part::Literal(rest));
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_match_their_templates() {
        let recipe = "normandy/recipe/<recipe id>";
        assert_eq!(match_key(recipe, "normandy/recipe/33"), Some(vec!["33"]));
        assert_eq!(match_key(recipe, "normandy/recipe/"), None);
        assert_eq!(match_key(recipe, "normandy/action/x"), None);
        let runner = "normandy/runner";
        assert_eq!(match_key(runner, "normandy/runner"), Some(vec![]));
        assert_eq!(match_key(runner, "normandy/runner/x"), None);
        let middle = "a/<p>/b";
        assert_eq!(match_key(middle, "a/x/y/b"), Some(vec!["x/y"]));
        assert_eq!(match_key(middle, "a//b"), None);
        assert_eq!(match_key(middle, "a/xy/b"), Some(vec!["xy"]));
        assert_eq!(match_key("<a><b>", "xyz"), Some(vec!["x", "yz"]));
    }

    #[test]
    fn uptake_records_round_trip_and_are_checked() {
        let raw = record(
            5,
            "normandy",
            "success",
            "normandy/runner",
            Some(Trigger::Timer),
        )
        .unwrap();
        assert_eq!(
            raw.to_json().to_string(),
            r#"[5,"uptake.remotecontent.result","uptake","normandy","success",{"source":"normandy/runner","trigger":"timer"}]"#
        );
        assert_eq!(
            read(&raw, "normandy"),
            Ok(Report {
                status: "success",
                source: "normandy/runner",
                trigger: Some(Trigger::Timer)
            })
        );
        let mut bad = raw.clone();
        bad.value = Some("signature_error".into());
        assert!(read(&bad, "normandy").is_err());
        let mut bad = raw.clone();
        bad.extras.insert("trigger".into(), "cron".into());
        assert!(read(&bad, "normandy").is_err());
        let mut bad = raw.clone();
        bad.extras.insert("age".into(), "3".into());
        assert_eq!(
            read(&bad, "normandy"),
            Err(DecodeError::UnknownExtra { key: "age".into() })
        );
        assert!(read(&raw, "remotesettings").is_err());
    }
}
