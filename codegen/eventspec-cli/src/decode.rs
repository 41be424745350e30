//! `eventspec decode [SPEC] [FILE]`: JSON Lines of raw event records in, one JSON result a
//! record out (see the command's `--help`).

use std::io::{BufRead, Write};
use std::ops::Range;
use std::path::Path;
use std::process::ExitCode;
use std::sync::mpsc;

use eventspec::backend::decode::Decoder;
use rayon::prelude::*;

use crate::{INVALID, MessageFormat, USAGE, load_and_check, output_error};

/// The longest line read as a record. A Firefox record is far smaller (a value and ten extras
/// of 80 bytes); a longer line is reported without being held in memory whole.
const MAX_RECORD_LINE: usize = 1 << 20;

/// A batch is read while the one before it is decoded, and decoded across the cores: this many
/// bytes of lines at most (plus one line), so that memory stays bounded whatever the input.
const BATCH_BYTES: usize = 1 << 20;

/// Lines a core decodes at a time, into one output buffer.
const CHUNK_LINES: usize = 512;

/// Decodes the records of `file` (standard input for `None` or `-`) against the spec at
/// `spec`, on `jobs` threads (all the cores for `None`).
pub(crate) fn run(spec: &Path, file: Option<&Path>, jobs: Option<usize>) -> ExitCode {
    let (_, model, _) = match load_and_check(
        spec,
        MessageFormat::Human,
        &eventspec::ExpiryCheck::default(),
    ) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    if model.events.is_empty() {
        eprintln!(
            "error: {} defines no events: there is nothing to decode",
            spec.display()
        );
        return ExitCode::from(INVALID);
    }
    let input = match file {
        None => Input::Stdin,
        Some(path) if path == Path::new("-") => Input::Stdin,
        Some(path) => match std::fs::File::open(path) {
            Ok(f) => Input::File(f),
            Err(error) => {
                eprintln!("error: cannot read {}: {error}", path.display());
                return ExitCode::from(USAGE);
            }
        },
    };
    let pool = match rayon::ThreadPoolBuilder::new()
        .num_threads(jobs.unwrap_or(0))
        .build()
    {
        Ok(pool) => pool,
        Err(error) => {
            eprintln!("error: cannot start the decoding threads: {error}");
            return ExitCode::from(USAGE);
        }
    };
    eventspec::backend::decode::with_decoder(&model, |decoder| {
        pool.install(|| decode_input(decoder, input))
    })
}

/// Where the records come from.
enum Input {
    Stdin,
    File(std::fs::File),
}

/// Consecutive lines of the input.
#[derive(Default)]
struct Batch {
    /// The lines' text, one after the other.
    text: Vec<u8>,
    lines: Vec<Line>,
}

/// One line of a [`Batch`].
struct Line {
    /// Its number in the input, from 1.
    number: usize,
    /// Where its text is in [`Batch::text`] (without the `\n`); `None` when it was longer than
    /// [`MAX_RECORD_LINE`] and was skipped.
    text: Option<Range<usize>>,
}

/// Reads `input` in batches on a thread of its own, decodes each batch across the pool's
/// threads, and writes the results in input order: exit 0 when every record is valid, 1 when
/// any is not.
fn decode_input(decoder: &Decoder<'_>, input: Input) -> ExitCode {
    // One batch waits while one is decoded: the reader stays ahead, memory stays bounded.
    let (sender, batches) = mpsc::sync_channel::<std::io::Result<Batch>>(1);
    std::thread::scope(|scope| {
        scope.spawn(move || read_batches(input, &sender));
        let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
        let mut all_ok = true;
        for batch in batches {
            let batch = match batch {
                Ok(batch) => batch,
                Err(error) => {
                    eprintln!("error: reading the records: {error}");
                    return ExitCode::from(USAGE);
                }
            };
            let results: Vec<(Vec<u8>, bool)> = batch
                .lines
                .par_chunks(CHUNK_LINES)
                .map(|lines| decode_lines(decoder, &batch.text, lines))
                .collect();
            for (text, ok) in results {
                all_ok &= ok;
                if let Err(error) = out.write_all(&text) {
                    // The reader stops at its next send, the receiver gone.
                    return output_error(&error);
                }
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
    })
}

/// Sends `input`'s lines in batches, then stops (at the end, at an error, or when nobody
/// receives any more).
fn read_batches(input: Input, sender: &mpsc::SyncSender<std::io::Result<Batch>>) {
    let stdin = std::io::stdin();
    let mut input: Box<dyn BufRead> = match input {
        Input::Stdin => Box::new(stdin.lock()),
        Input::File(f) => Box::new(std::io::BufReader::with_capacity(1 << 16, f)),
    };
    let mut number = 0;
    loop {
        let mut batch = Batch::default();
        let mut end = false;
        while batch.text.len() < BATCH_BYTES {
            let start = batch.text.len();
            match read_record_line(&mut input, &mut batch.text) {
                Ok(None) => {
                    end = true;
                    break;
                }
                Ok(Some(kept)) => {
                    number += 1;
                    let text = kept.then_some(start..batch.text.len());
                    batch.lines.push(Line { number, text });
                }
                Err(error) => {
                    let _ = sender.send(Err(error));
                    return;
                }
            }
        }
        if !batch.lines.is_empty() && sender.send(Ok(batch)).is_err() {
            return;
        }
        if end {
            return;
        }
    }
}

/// Appends one line (without its `\n`) to `buf`, at most [`MAX_RECORD_LINE`] bytes of it:
/// `None` at the end of the input, `Some(false)` when the line was longer and was skipped (none
/// of it kept).
fn read_record_line(input: &mut dyn BufRead, buf: &mut Vec<u8>) -> std::io::Result<Option<bool>> {
    use std::io::Read;
    let start = buf.len();
    let limit = MAX_RECORD_LINE as u64 + 1;
    if input.take(limit).read_until(b'\n', buf)? == 0 {
        return Ok(None);
    }
    if buf.last() == Some(&b'\n') {
        buf.pop();
        return Ok(Some(true));
    }
    if buf.len() - start <= MAX_RECORD_LINE {
        return Ok(Some(true)); // the last line, without a newline
    }
    buf.truncate(start);
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
    Ok(Some(false))
}

/// The result lines of `lines` (of `text`), and whether every record among them is valid.
fn decode_lines(decoder: &Decoder<'_>, text: &[u8], lines: &[Line]) -> (Vec<u8>, bool) {
    let mut out = Vec::with_capacity(lines.len() * 160);
    let mut all_ok = true;
    for line in lines {
        let ok = match &line.text {
            None => {
                let error = format!("not an event record: over {} MiB", MAX_RECORD_LINE >> 20);
                decoder.write_error(&mut out, line.number, &error);
                false
            }
            Some(range) => decoder.write_result(&mut out, line.number, &text[range.clone()]),
        };
        all_ok &= ok;
    }
    (out, all_ok)
}
