//! Records decoded over an Apache Arrow column: the body of an engine's scalar function (a
//! DataFusion `ScalarUDF`, a function over the batches of Spark's `mapInArrow`), which takes a
//! column of record lines and returns columns of the same length. See `docs/decoding.md`.

mod reader {
    include!(concat!(env!("OUT_DIR"), "/reader.rs"));
}

use std::sync::Arc;

use arrow_array::{Array, ArrayRef, RecordBatch, StringArray};
use eventspec_runtime::RawEvent;
use reader::Event;

/// For each record line of `lines`: its event's name (`category.object.method`), null when the record
/// is not one of the spec's events; and why not, null when it is. A null line gives nulls.
pub fn decode_column(lines: &StringArray) -> (StringArray, StringArray) {
    let (events, errors): (Vec<Option<&'static str>>, Vec<Option<String>>) = lines
        .iter()
        .map(|line| match line.map(decode) {
            None => (None, None),
            Some(Ok(event)) => (Some(event.name()), None),
            Some(Err(error)) => (None, Some(error.to_string())),
        })
        .unzip();
    (StringArray::from(events), StringArray::from(errors))
}

/// One record line, decoded into its typed event.
fn decode(line: &str) -> Result<Event, eventspec_runtime::DecodeError> {
    Event::from_record(&RawEvent::from_json_str(line)?)
}

/// The string at `row` of string column `column`, if not null.
fn cell(batch: &RecordBatch, column: usize, row: usize) -> Option<&str> {
    let strings = batch
        .column(column)
        .as_any()
        .downcast_ref::<StringArray>()?;
    strings.is_valid(row).then(|| strings.value(row))
}

/// A column of records as an engine hands it over: a valid one, an invalid one, a null, and a
/// line that is not JSON.
const SAMPLE: [Option<&str>; 4] = [
    Some(
        r#"[1, "reader", "open", "page", "example.org", {"source": "button", "pinned": "false", "words": "1200"}]"#,
    ),
    Some(r#"[2, "reader", "close", "page", "example.org", {"reason": "user", "blocker": "x"}]"#),
    None,
    Some("not json"),
];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let lines = StringArray::from(SAMPLE.to_vec());
    let (events, errors) = decode_column(&lines);
    let batch = RecordBatch::try_from_iter([
        ("line", Arc::new(lines) as ArrayRef),
        ("event", Arc::new(events) as ArrayRef),
        ("error", Arc::new(errors) as ArrayRef),
    ])?;
    for row in 0..batch.num_rows() {
        let (event, error) = (cell(&batch, 1, row), cell(&batch, 2, row));
        println!("{row}: event {event:?}, error {error:?}");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_column_of_records_gives_columns_of_results() {
        let lines = StringArray::from(SAMPLE.to_vec());
        let (events, errors) = decode_column(&lines);
        assert_eq!(events.len(), 4);
        assert_eq!(
            events.iter().collect::<Vec<_>>(),
            [Some("reader.page.open"), None, None, None]
        );
        let errors: Vec<Option<&str>> = errors.iter().collect();
        assert_eq!(errors[0], None);
        assert!(
            errors[1].is_some_and(|e| e.contains("blocker")),
            "{errors:?}"
        );
        assert_eq!(errors[2], None);
        assert!(
            errors[3].is_some_and(|e| e.starts_with("not JSON")),
            "{errors:?}"
        );
        main().unwrap();
    }
}
