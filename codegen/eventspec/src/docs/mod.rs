//! The documentation backend: tera templates over the model, one output file per template.
//!
//! Templates ship inside the library ([`BUILTIN`]) and can be overridden one by one from a
//! directory ([`Templates::with_dir`]). Every `{{ value }}` is escaped for the output's format
//! (by the template's suffix, `.rst` or `.md`), so spec text can never become markup; the
//! filters that produce markup return text that is already safe:
//!
//! | filter | RST | Markdown |
//! |---|---|---|
//! | `markup` | spec prose (a `description`) rendered with links and `:ref:`s | the same, with links |
//! | `code` | an inline literal | a code span; `code(cell=true)` inside a table cell |
//! | `underline(char="-")` | a section underline as wide as the escaped title | |
//! | `anchor` | | GitHub's anchor for a heading's visible text |
//!
//! The context is the [`Model`] itself (`title`, `introduction`, `references`, `uptake`,
//! `scalars`, `events`, named as in [`crate::model`]) plus `spec_file`, the spec's file name.
//! An undefined variable is an error naming the template and line.
//!
//! When no template is overridden, the built-in documents are written by the `builtin` module
//! instead of the engine: the same bytes (tested), in a fraction of the time.

mod builtin;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;
use tera::{Context, Kwargs, State, Tera, Value};

use crate::markup::{Markup, markdown, rst};
use crate::model::Model;

/// The built-in templates: name (also the output file name) and text.
pub const BUILTIN: [(&str, &str); 2] = [
    (
        "data-collection.rst",
        include_str!("../../templates/data-collection.rst"),
    ),
    (
        "data-collection.md",
        include_str!("../../templates/data-collection.md"),
    ),
];

/// Why the docs could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The template directory or one of its files could not be read.
    #[error("cannot read templates: {0}")]
    Io(String),
    /// A template is invalid or failed to render (syntax, undefined variable, bad filter use).
    #[error("template `{template}`: {message}")]
    Template {
        /// The template's name.
        template: String,
        /// Tera's report, with the line and a snippet.
        message: String,
    },
}

/// A set of templates: the built-in ones, each possibly replaced from a user directory, plus
/// any other `.rst` or `.md` files there (for `{% include %}`).
#[derive(Clone, Debug)]
pub struct Templates {
    /// Name and text of each template; the first [`BUILTIN`]`.len()` are the documents.
    files: Vec<(String, String)>,
}

impl Default for Templates {
    fn default() -> Self {
        Templates {
            files: BUILTIN
                .iter()
                .map(|(name, text)| (name.to_string(), text.to_string()))
                .collect(),
        }
    }
}

impl Templates {
    /// The built-in templates.
    pub fn builtin() -> Self {
        Templates::default()
    }

    /// The built-in templates, overridden by the `.rst` and `.md` files of `dir` with the same
    /// names; the directory's other `.rst` and `.md` files are added as partials.
    pub fn with_dir(dir: &Path) -> Result<Self, Error> {
        let io = |path: &Path, e: std::io::Error| Error::Io(format!("{}: {e}", path.display()));
        let mut templates = Templates::default();
        let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
            .map_err(|e| io(dir, e))?
            .map(|entry| entry.map(|e| e.path()))
            .collect::<Result<_, _>>()
            .map_err(|e| io(dir, e))?;
        // Directory order differs between machines; the result must not.
        paths.sort();
        for path in paths {
            let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
                continue;
            };
            if format_of(name).is_none() || !path.is_file() {
                continue;
            }
            let text = std::fs::read_to_string(&path).map_err(|e| io(&path, e))?;
            match templates.files.iter_mut().find(|(n, _)| n == name) {
                Some(slot) => slot.1 = text,
                None => templates.files.push((name.to_string(), text)),
            }
        }
        Ok(templates)
    }

    /// Renders each document template (the built-in names) over `model`; `spec_file` is the
    /// spec's file name, for the "generated from" line. Returns `(file name, text)` pairs.
    pub fn render(&self, model: &Model, spec_file: &str) -> Result<Vec<(String, String)>, Error> {
        let builtin = self.files.len() == BUILTIN.len()
            && self
                .files
                .iter()
                .zip(BUILTIN)
                .all(|((name, text), (n, t))| name == n && text == t);
        if !builtin {
            return self.render_templated(model, spec_file);
        }
        // The two documents on two threads: the model is shared, read only.
        let (rst, markdown) = std::thread::scope(|scope| {
            let rst = scope.spawn(|| builtin::rst(model, spec_file));
            let markdown = builtin::markdown(model, spec_file);
            (
                rst.join().expect("writing a document does not panic"),
                markdown,
            )
        });
        Ok(vec![
            (BUILTIN[0].0.to_string(), rst),
            (BUILTIN[1].0.to_string(), markdown),
        ])
    }

    /// [`Templates::render`] through the template engine even when no template is overridden:
    /// what the tests compare the built-in writers with.
    pub fn render_templated(
        &self,
        model: &Model,
        spec_file: &str,
    ) -> Result<Vec<(String, String)>, Error> {
        let mut context = Context::from_serialize(model).map_err(|e| Error::Template {
            template: "(the model as context)".to_string(),
            message: e.to_string(),
        })?;
        context.insert("spec_file", spec_file);
        let mut out = Vec::new();
        for format in [Format::Rst, Format::Markdown] {
            let tera = self.engine(format, model)?;
            for (name, _) in BUILTIN.iter().filter(|(n, _)| format_of(n) == Some(format)) {
                let text = tera.render(name, &context).map_err(|e| Error::Template {
                    template: name.to_string(),
                    message: e.to_string(),
                })?;
                out.push((name.to_string(), text));
            }
        }
        Ok(out)
    }

    /// A template engine for one format: its templates, its escaping and its filters.
    fn engine(&self, format: Format, model: &Model) -> Result<Tera, Error> {
        let mut tera = Tera::new();
        let suffix = format.suffix();
        tera.autoescape_on([suffix]);
        match format {
            Format::Rst => {
                tera.set_escape_fn(|s, w| w.write_all(rst::escape(s).as_bytes()));
                tera.register_filter("markup", |v: &Value, _: Kwargs, _: &State| {
                    prose(v).map(|m| Value::safe_string(&m.to_rst()))
                });
                tera.register_filter("code", |s: &str, _: Kwargs, _: &State| {
                    Value::safe_string(&rst::code(s))
                });
                tera.register_filter("underline", |s: &str, kwargs: Kwargs, _: &State| {
                    let c = kwargs.get::<&str>("char")?.unwrap_or("-");
                    let mut chars = c.chars();
                    match (chars.next(), chars.next()) {
                        (Some(c), None) if c.is_ascii_punctuation() => {
                            Ok(Value::safe_string(&rst::underline(s, c)))
                        }
                        _ => Err(tera::Error::message(format!(
                            "underline(char=…) takes one punctuation character, not `{c}`"
                        ))),
                    }
                });
            }
            Format::Markdown => {
                tera.set_escape_fn(|s, w| w.write_all(markdown::escape(s).as_bytes()));
                let refs = Arc::new(model.references.clone());
                tera.register_filter("markup", move |v: &Value, _: Kwargs, _: &State| {
                    prose(v).map(|m| Value::safe_string(&m.to_markdown(&*refs)))
                });
                tera.register_filter("code", |s: &str, kwargs: Kwargs, _: &State| {
                    let cell = kwargs.get::<bool>("cell")?.unwrap_or(false);
                    Ok::<_, tera::Error>(Value::safe_string(&markdown::code(s, cell)))
                });
                tera.register_filter("anchor", |s: &str, _: Kwargs, _: &State| {
                    Value::safe_string(&markdown::anchor(s))
                });
            }
        }
        let files = self
            .files
            .iter()
            .filter(|(name, _)| name.ends_with(suffix))
            .map(|(n, t)| (n.as_str(), t.as_str()));
        tera.add_raw_templates(files).map_err(|e| Error::Template {
            template: suffix.to_string(),
            message: e.to_string(),
        })?;
        Ok(tera)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Format {
    Rst,
    Markdown,
}

impl Format {
    fn suffix(self) -> &'static str {
        match self {
            Format::Rst => ".rst",
            Format::Markdown => ".md",
        }
    }
}

fn format_of(name: &str) -> Option<Format> {
    [Format::Rst, Format::Markdown]
        .into_iter()
        .find(|f| name.ends_with(f.suffix()))
}

/// The prose the `markup` filter was given, back as [`Markup`].
fn prose(value: &Value) -> Result<Markup, tera::Error> {
    Markup::deserialize(value).map_err(|_| {
        tera::Error::message("the `markup` filter takes spec prose (a `description` or similar)")
    })
}
