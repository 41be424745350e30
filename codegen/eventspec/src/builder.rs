//! The build-script front end, in the shape of prost-build:
//! `Builder::new().spec("spec/normandy.yaml").out_dir(out).generate()`.

use std::path::{Path, PathBuf};

use crate::outputs::Output;
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
    no_cargo_directives: bool,
}

impl Builder {
    /// A builder that prints `cargo:` directives (as build scripts need).
    pub fn new() -> Self {
        Builder::default()
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
        self.no_cargo_directives = !yes;
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
        if !self.no_cargo_directives {
            for path in &self.specs {
                println!("cargo:rerun-if-changed={}", path.display());
            }
        }
        // Check every spec before writing anything: an error leaves all outputs as they were.
        let outputs = self
            .specs
            .iter()
            .map(|path| rust_output(path))
            .collect::<Result<Vec<_>, _>>()?;
        outputs
            .into_iter()
            .map(|output| {
                let name = Path::new(&output.path).file_name().unwrap_or_default();
                let path = out_dir.join(name);
                write_if_changed(&path, output.text.as_bytes())
                    .map(|_| path.clone())
                    .map_err(|e| Error::Io(format!("cannot write {}: {e}", path.display())))
            })
            .collect()
    }
}

/// Checks the spec at `path` and renders its Rust output.
fn rust_output(path: &Path) -> Result<Output, Error> {
    let source = crate::load(path).map_err(|e| match e {
        crate::LoadError::Io { .. } => Error::Io(e.to_string()),
        crate::LoadError::Invalid { text, diagnostic } => Error::Invalid(diagnostic.render(&text)),
    })?;
    let checked = crate::check(&source);
    let model = checked
        .model
        .ok_or_else(|| Error::Invalid(checked.diagnostics.render(&source)))?;
    Ok(crate::outputs::rust(&source, &model))
}
