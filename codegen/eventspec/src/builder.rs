//! The build-script front end, in the shape of prost-build:
//! `Builder::new().spec("spec/normandy.yaml").out_dir(out).generate()`.

use std::path::{Path, PathBuf};

use crate::source::Source;
use crate::write::write_if_changed;

/// Why generation failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A spec is invalid; the message is the rendered diagnostics.
    #[error("{0}")]
    Invalid(String),
    /// A file could not be read or written.
    #[error("{0}")]
    Io(String),
    /// The builder was not given what it needs.
    #[error("{0}")]
    Usage(String),
}

/// Generates Rust from specs, for build scripts.
#[derive(Clone, Debug, Default)]
pub struct Builder {
    specs: Vec<PathBuf>,
    out_dir: Option<PathBuf>,
    cargo: bool,
}

impl Builder {
    /// A builder that prints `cargo:` directives (as build scripts need).
    pub fn new() -> Self {
        Builder {
            cargo: true,
            ..Builder::default()
        }
    }

    /// Adds a spec; its output is `<stem>.rs` (`spec/normandy.yaml` → `normandy.rs`).
    pub fn spec(mut self, path: impl AsRef<Path>) -> Self {
        self.specs.push(path.as_ref().to_path_buf());
        self
    }

    /// Where to write (default: `$OUT_DIR`).
    pub fn out_dir(mut self, dir: impl AsRef<Path>) -> Self {
        self.out_dir = Some(dir.as_ref().to_path_buf());
        self
    }

    /// Whether to print `cargo:rerun-if-changed` (default: yes).
    pub fn cargo_directives(mut self, yes: bool) -> Self {
        self.cargo = yes;
        self
    }

    /// Checks every spec and writes the changed outputs; returns the paths written or kept.
    pub fn generate(&self) -> Result<Vec<PathBuf>, Error> {
        let out_dir = match &self.out_dir {
            Some(dir) => dir.clone(),
            None => std::env::var_os("OUT_DIR")
                .map(PathBuf::from)
                .ok_or_else(|| Error::Usage("no out_dir given and OUT_DIR is not set".into()))?,
        };
        if self.specs.is_empty() {
            return Err(Error::Usage("no spec given: call .spec(path)".into()));
        }
        // Check every spec before writing anything: an error leaves all outputs as they were.
        let mut outputs = Vec::new();
        let mut failures = Vec::new();
        for path in &self.specs {
            if self.cargo {
                println!("cargo:rerun-if-changed={}", path.display());
            }
            match generate_rust(path) {
                Ok(code) => {
                    let stem = path
                        .file_stem()
                        .map_or_else(|| "spec".into(), |s| s.to_string_lossy().into_owned());
                    outputs.push((out_dir.join(format!("{stem}.rs")), code));
                }
                Err(e) => failures.push(e),
            }
        }
        if let Some(first) = failures.into_iter().next() {
            return Err(first);
        }
        outputs
            .into_iter()
            .map(|(path, code)| {
                write_if_changed(&path, code.as_bytes())
                    .map(|_| path.clone())
                    .map_err(|e| Error::Io(format!("cannot write {}: {e}", path.display())))
            })
            .collect()
    }
}

/// Checks the spec at `path` and returns its generated Rust.
pub fn generate_rust(path: &Path) -> Result<String, Error> {
    let source = crate::load(path).map_err(|e| match e {
        crate::LoadError::Io { .. } => Error::Io(e.to_string()),
        crate::LoadError::Invalid { text, diagnostic } => Error::Invalid(diagnostic.render(&text)),
    })?;
    let checked = crate::check(&source);
    let model = checked
        .model
        .ok_or_else(|| Error::Invalid(checked.diagnostics.render(&source)))?;
    Ok(crate::rust::generate(&model, &spec_name(&source)))
}

/// The spec's file name, as the generated header names it (no directories: same bytes on
/// every machine).
pub fn spec_name(source: &Source) -> String {
    Path::new(source.name()).file_name().map_or_else(
        || source.name().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}
