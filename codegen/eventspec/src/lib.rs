//! eventspec: telemetry specs in YAML to typed Rust and documentation.
//!
//! The pipeline runs one way, a module a stage:
//!
//! - `front`: the spec's text ([`Source`]) parsed into a located YAML tree and read into the
//!   spec as written;
//! - `check`: its meaning checked and resolved into the [`model`], the read-only description
//!   every backend reads;
//! - [`backend`]: the typed Rust ([`backend::rust`]), the documents ([`backend::docs`]) and the
//!   run-time decoder ([`backend::decode`]), pure functions of the model;
//! - [`outputs`] and [`mod@write`]: the files one spec gives, written only when they change.
//!
//! [`check`] runs the first two stages; every problem comes back as a located
//! [`diagnostic::Diagnostic`], never a panic. [`Builder`] runs everything for a build script.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod backend;
pub mod builder;
mod check;
pub mod diagnostic;
pub mod diff;
mod front;
pub mod interop;
pub mod markup;
pub mod model;
pub mod outputs;
pub mod write;

pub use builder::Builder;
pub use check::metadata::ExpiryCheck;
pub use front::source::{Source, Span};

use std::io::Read;
use std::path::Path;

use diagnostic::{Code, Diagnostic, Diagnostics};
use front::yaml;
use model::Model;

/// What checking a spec found.
#[derive(Debug)]
pub struct Checked {
    /// The model, when the spec has no error.
    pub model: Option<Model>,
    /// Every error, warning and note.
    pub diagnostics: Diagnostics,
}

/// Parses, reads and validates `source`, collecting every problem (expiry is not checked:
/// see [`check_with`]).
pub fn check(source: &Source) -> Checked {
    check_with(source, &ExpiryCheck::default())
}

/// [`check`], also reporting items expired at `expiry`'s date or version (errors) or near it
/// (warnings).
pub fn check_with(source: &Source, expiry: &ExpiryCheck) -> Checked {
    let (model, diagnostics) = read_and_validate(source, expiry);
    // Errors found while reading (duplicate keys, wrong types) also invalidate the model.
    let model = model.filter(|_| !diagnostics.has_errors());
    Checked { model, diagnostics }
}

/// The spec's model, if its meaning is clear (see [`check_old`]), and every problem found.
fn read_and_validate(source: &Source, expiry: &ExpiryCheck) -> (Option<Model>, Diagnostics) {
    let mut diagnostics = Diagnostics::default();
    let model = match yaml::parse(source) {
        Ok(root) => {
            let spec = front::spec::read(&root, &mut diagnostics);
            drop(root);
            check::validate::validate(source, &spec, expiry, &mut diagnostics)
        }
        Err(diagnostic) => {
            diagnostics.push(*diagnostic);
            None
        }
    };
    (model, diagnostics)
}

/// [`check`] of an old version of a spec, for comparing it with a new one (`eventspec diff`):
/// its model even when it breaks rules that eventspec added or tightened since
/// ([`diagnostic::Code::is_rule`]: Firefox's limits, metadata, uptake statuses, headings),
/// which are still reported. A spec that does not read, or whose meaning is unclear, has none.
pub fn check_old(source: &Source) -> Checked {
    let (model, diagnostics) = read_and_validate(source, &ExpiryCheck::default());
    let model = model.filter(|_| diagnostics.unreadable_count() == 0);
    Checked { model, diagnostics }
}

/// The JSON Schema (draft 2020-12) of the spec format, written from the same table of keys
/// the reader reads against (`eventspec schema` prints it): for editors, which complete keys,
/// show what they mean and flag unknown keys and wrong types as the spec is written.
pub fn schema() -> serde_json::Value {
    front::format::json_schema()
}

/// The spec's YAML document as JSON (what [`schema`] describes), or why it is not YAML.
pub fn to_json(source: &Source) -> Result<serde_json::Value, Box<Diagnostic>> {
    yaml::parse(source).map(|root| root.to_json())
}

/// Why a spec file could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The file could not be read (missing, a directory, no permission): a usage or I/O problem.
    #[error("cannot read {path}: {error}")]
    Io {
        /// The path as given.
        path: String,
        /// The underlying error.
        error: std::io::Error,
    },
    /// The file was read but is not a spec at all (not UTF-8, too large).
    #[error("{}", .diagnostic.message)]
    Invalid {
        /// The text, as far as it can be shown.
        text: Box<Source>,
        /// What is wrong.
        diagnostic: Box<Diagnostic>,
    },
}

/// Reads a spec file, bounded in size, as UTF-8 text.
pub fn load(path: &Path) -> Result<Source, LoadError> {
    load_as(path, &path.display().to_string())
}

/// [`load`], naming the spec `name` in diagnostics (the proc-macro shows the path as the user
/// wrote it, not the absolute one it reads).
pub fn load_as(path: &Path, name: &str) -> Result<Source, LoadError> {
    let io = |error| LoadError::Io {
        path: name.to_string(),
        error,
    };
    let file = std::fs::File::open(path).map_err(io)?;
    let metadata = file.metadata().map_err(io)?;
    if metadata.is_dir() {
        return Err(io(std::io::Error::other("it is a directory")));
    }
    // Sized from the metadata: no regrowing while reading a large spec.
    let mut bytes = Vec::with_capacity((metadata.len() as usize).min(yaml::MAX_SPEC_BYTES) + 1);
    file.take(yaml::MAX_SPEC_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if bytes.len() > yaml::MAX_SPEC_BYTES {
        return Err(LoadError::Invalid {
            text: Box::new(Source::with_path(name, path, "")),
            // A pipe's metadata says 0 bytes: what was read is the size then.
            diagnostic: Box::new(yaml::too_large((metadata.len() as usize).max(bytes.len()))),
        });
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(Source::with_path(name, path, text)),
        Err(error) => {
            let at = error.utf8_error().valid_up_to();
            let shown = String::from_utf8_lossy(error.as_bytes()).into_owned();
            // Offsets shift where U+FFFD replaced bytes; the first bad byte's offset is exact.
            let source = Source::with_path(name, path, shown);
            let diagnostic = Diagnostic::error(Code::NotUtf8, "the spec is not valid UTF-8")
                .at(Span::new(at, at + 1), "invalid byte here")
                .with_help("save the file as UTF-8");
            Err(LoadError::Invalid {
                text: Box::new(source),
                diagnostic: Box::new(diagnostic),
            })
        }
    }
}
