//! What Firefox records for a scalar: its value under its name in a ping's `scalars` section,
//! or, for a keyed scalar, under its key in `keyedScalars` (`{"name": {"key": value}}`).

use serde_json::{Map, Value};

use crate::EncodeError;

/// Longest key of a keyed scalar, in characters (Firefox drops a longer one).
pub const MAX_KEY_LEN: usize = 72;
/// Longest value of a string scalar, in characters (Firefox truncates a longer one).
pub const MAX_STRING_LEN: usize = 50;

/// The JSON Firefox records for scalar `name` with `value`, under `key` for a keyed scalar:
/// `{"name": value}` or `{"name": {"key": value}}`. A key or string over Firefox's limits is
/// an error rather than data Firefox would drop or cut.
pub fn record(name: &str, key: Option<&str>, value: Value) -> Result<Value, EncodeError> {
    if let Value::String(s) = &value {
        within("value", s, MAX_STRING_LEN)?;
    }
    let value = match key {
        Some(key) => {
            within("key", key, MAX_KEY_LEN)?;
            Value::Object(Map::from_iter([(key.to_string(), value)]))
        }
        None => value,
    };
    Ok(Value::Object(Map::from_iter([(name.to_string(), value)])))
}

fn within(what: &str, s: &str, max: usize) -> Result<(), EncodeError> {
    let len = s.chars().count();
    if len > max {
        return Err(EncodeError::TooLong {
            key: what.into(),
            len,
            max,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalars_as_the_ping_holds_them() {
        let keyed = record(
            "normandy.recipe_freshness",
            Some("33"),
            1_600_000_000u64.into(),
        );
        assert_eq!(
            keyed.unwrap().to_string(),
            r#"{"normandy.recipe_freshness":{"33":1600000000}}"#
        );
        assert_eq!(
            record("a.flag", None, true.into()).unwrap().to_string(),
            r#"{"a.flag":true}"#
        );
        assert!(record("a.s", None, "x".repeat(51).into()).is_err());
        assert!(record("a.k", Some(&"k".repeat(73)), 1u64.into()).is_err());
        assert!(record("a.k", Some(&"é".repeat(72)), 1u64.into()).is_ok());
    }
}
