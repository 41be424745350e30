//! The build-script front end, in the shape of prost-build:
//! `Builder::new().spec("spec/normandy.yaml").out_dir(out).generate()`.

use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostics;
use crate::front::source::Source;
use crate::model::Model;
use crate::outputs::Output;
use crate::write::write_all;

/// Why generation failed. Its `Debug` is its `Display`, so that `.unwrap()` in a build
/// script prints the diagnostics as `eventspec check` does: rustc-style, with snippets.
#[derive(thiserror::Error)]
pub enum Error {
    /// A spec is invalid.
    #[error("{}", .diagnostics.render(.spec))]
    Invalid {
        /// The spec's text, which the diagnostics point into.
        spec: Box<Source>,
        /// Every problem found.
        diagnostics: Diagnostics,
    },
    /// A template is invalid or failed to render.
    #[cfg(feature = "docs")]
    #[error("{0}")]
    Template(crate::backend::docs::Error),
    /// A file could not be read or written.
    #[error("{0}")]
    Io(String),
    /// The builder was not given what it needs.
    #[error("{0}")]
    Usage(String),
}

impl Error {
    /// The diagnostics of an invalid spec.
    pub fn diagnostics(&self) -> Option<&Diagnostics> {
        match self {
            Error::Invalid { diagnostics, .. } => Some(diagnostics),
            _ => None,
        }
    }
}

impl std::fmt::Debug for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(self, f)
    }
}

/// Generates Rust from specs, for build scripts.
#[derive(Clone, Debug, Default)]
pub struct Builder {
    specs: Vec<PathBuf>,
    out_dir: Option<PathBuf>,
    no_cargo_directives: bool,
    #[cfg(feature = "docs")]
    docs_dir: Option<PathBuf>,
    #[cfg(feature = "docs")]
    templates: Option<PathBuf>,
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

    /// Also writes the docs (`data-collection.rst`, `data-collection.md`) into `dir`. With
    /// several specs, the last one's docs win: give each spec its own builder.
    #[cfg(feature = "docs")]
    pub fn docs_dir(mut self, dir: impl AsRef<Path>) -> Self {
        self.docs_dir = Some(dir.as_ref().to_path_buf());
        self
    }

    /// Renders the docs with the templates of `dir` in place of the built-in ones of the same
    /// name (see [`crate::backend::docs`]).
    #[cfg(feature = "docs")]
    pub fn templates(mut self, dir: impl AsRef<Path>) -> Self {
        self.templates = Some(dir.as_ref().to_path_buf());
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
            // Cargo watches every file under a directory.
            #[cfg(feature = "docs")]
            if let Some(dir) = &self.templates {
                println!("cargo:rerun-if-changed={}", dir.display());
            }
        }
        // Check every spec and render everything before writing anything: an error leaves all
        // outputs as they were. Templates are read once, whatever the number of specs.
        #[cfg(feature = "docs")]
        let docs = match (&self.docs_dir, &self.templates) {
            (Some(dir), Some(templates)) => Some((
                dir,
                crate::backend::docs::Templates::with_dir(templates).map_err(docs_error)?,
            )),
            (Some(dir), None) => Some((dir, crate::backend::docs::Templates::builtin())),
            (None, _) => None,
        };
        let mut files = Vec::new();
        let mut add = |dir: &Path, output: Output| {
            let name = Path::new(&output.path).file_name().unwrap_or_default();
            files.push((dir.join(name), output.text));
        };
        for spec in &self.specs {
            let (source, model) = checked(spec)?;
            let model = std::sync::Arc::new(model);
            add(&out_dir, crate::outputs::rust(&source, &model));
            #[cfg(feature = "docs")]
            if let Some((dir, templates)) = &docs {
                for output in
                    crate::outputs::docs(&source, &model, templates).map_err(docs_error)?
                {
                    add(dir, output);
                }
            }
        }
        let bytes: Vec<(PathBuf, &[u8])> = files
            .iter()
            .map(|(path, text)| (path.clone(), text.as_bytes()))
            .collect();
        write_all(&bytes).map_err(|e| Error::Io(format!("cannot write the outputs: {e}")))?;
        Ok(files.into_iter().map(|(path, _)| path).collect())
    }
}

/// Loads and checks the spec at `path`.
fn checked(path: &Path) -> Result<(Source, Model), Error> {
    let source = crate::load(path).map_err(|e| match e {
        crate::LoadError::Io { .. } => Error::Io(e.to_string()),
        crate::LoadError::Invalid { text, diagnostic } => {
            let mut diagnostics = Diagnostics::default();
            diagnostics.push(*diagnostic);
            Error::Invalid {
                spec: text,
                diagnostics,
            }
        }
    })?;
    let checked = crate::check(&source);
    match checked.model {
        Some(model) => Ok((source, model)),
        None => Err(Error::Invalid {
            spec: Box::new(source),
            diagnostics: checked.diagnostics,
        }),
    }
}

/// A template directory that cannot be read is I/O; a broken template is invalid input.
#[cfg(feature = "docs")]
fn docs_error(e: crate::backend::docs::Error) -> Error {
    match e {
        crate::backend::docs::Error::Io(_) | crate::backend::docs::Error::Write { .. } => {
            Error::Io(e.to_string())
        }
        crate::backend::docs::Error::Template { .. } => Error::Template(e),
    }
}
