//! `eventspec decode [SPEC] [FILE]`: JSON Lines of raw event records in, one JSON result a
//! record out (see the command's `--help`).

use std::io::{BufRead, Write};
use std::path::Path;
use std::process::ExitCode;

use eventspec::backend::decode::Decoder;
use eventspec_runtime::{DecodeError, RawEvent};

use crate::{INVALID, MessageFormat, USAGE, load_and_check, output_error};

/// The longest line read as a record. A Firefox record is far smaller (a value and ten extras
/// of 80 bytes); a longer line is reported without being held in memory whole.
const MAX_RECORD_LINE: usize = 1 << 20;

/// Decodes the records of `file` (standard input for `None` or `-`) against the spec at
/// `spec`.
pub(crate) fn run(spec: &Path, file: Option<&Path>) -> ExitCode {
    let (_, model, _) = match load_and_check(spec, MessageFormat::Human) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    let Some(events) = model.events else {
        eprintln!(
            "error: {} defines no events: there is nothing to decode",
            spec.display()
        );
        return ExitCode::from(INVALID);
    };
    let input: Box<dyn BufRead> = match file {
        None => Box::new(std::io::stdin().lock()),
        Some(path) if path == Path::new("-") => Box::new(std::io::stdin().lock()),
        Some(path) => match std::fs::File::open(path) {
            Ok(f) => Box::new(std::io::BufReader::with_capacity(1 << 16, f)),
            Err(error) => {
                eprintln!("error: cannot read {}: {error}", path.display());
                return ExitCode::from(USAGE);
            }
        },
    };
    eventspec::backend::decode::with_decoder(&events, |decoder| decode_lines(decoder, input))
}

/// Reads one line (without its `\n`) into `buf`, at most [`MAX_RECORD_LINE`] bytes of it:
/// `None` at the end of the input, `Some(false)` when the line was longer and the rest of it
/// was skipped.
fn read_record_line(input: &mut dyn BufRead, buf: &mut Vec<u8>) -> std::io::Result<Option<bool>> {
    use std::io::Read;
    buf.clear();
    let limit = MAX_RECORD_LINE as u64 + 1;
    if input.take(limit).read_until(b'\n', buf)? == 0 {
        return Ok(None);
    }
    if buf.last() == Some(&b'\n') {
        buf.pop();
        return Ok(Some(true));
    }
    if buf.len() <= MAX_RECORD_LINE {
        return Ok(Some(true)); // the last line, without a newline
    }
    loop {
        let available = input.fill_buf()?;
        if available.is_empty() {
            break;
        }
        match available.iter().position(|&b| b == b'\n') {
            Some(i) => {
                input.consume(i + 1);
                break;
            }
            None => {
                let n = available.len();
                input.consume(n);
            }
        }
    }
    buf.clear();
    Ok(Some(false))
}

/// One record's result line: the event and its fields, or why the record is none.
fn result_line(decoder: &Decoder<'_>, line_no: usize, text: &str) -> Result<String, String> {
    let raw = RawEvent::from_json_str(text).map_err(|e| match e {
        // The record is one line: its position is this line, at the error's column.
        DecodeError::Json(message) => format!("not JSON: {message}"),
        other => other.to_string(),
    })?;
    let event = decoder.decode(&raw).map_err(|e| e.to_string())?;
    // Written by hand to keep the documented key order.
    Ok(format!(
        r#"{{"line":{line_no},"ok":true,"event":{},"value":{},"extras":{}}}"#,
        serde_json::Value::from(event.name.as_str()),
        serde_json::Value::from(raw.value.as_deref()),
        serde_json::to_string(&raw.extras).unwrap_or_default()
    ))
}

/// Decodes `input` line by line: exit 0 when every record is valid, 1 when any is not.
fn decode_lines(decoder: &Decoder<'_>, mut input: Box<dyn BufRead + '_>) -> ExitCode {
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut all_ok = true;
    let mut line = Vec::new();
    for line_no in 1.. {
        let result = match read_record_line(&mut input, &mut line) {
            Ok(None) => break,
            Ok(Some(false)) => Err(format!(
                "not an event record: over {} MiB",
                MAX_RECORD_LINE >> 20
            )),
            Ok(Some(true)) => match std::str::from_utf8(&line) {
                Ok(text) => {
                    let text = text.trim_end_matches('\r');
                    if text.trim().is_empty() {
                        continue;
                    }
                    result_line(decoder, line_no, text)
                }
                Err(_) => Err("not UTF-8".to_string()),
            },
            Err(error) => {
                eprintln!("error: reading the records: {error}");
                return ExitCode::from(USAGE);
            }
        };
        let json = result.unwrap_or_else(|error| {
            all_ok = false;
            format!(
                r#"{{"line":{line_no},"ok":false,"error":{}}}"#,
                serde_json::Value::from(error)
            )
        });
        if let Err(error) = writeln!(out, "{json}") {
            return output_error(&error);
        }
    }
    if let Err(error) = out.flush() {
        return output_error(&error);
    }
    if all_ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(INVALID)
    }
}
