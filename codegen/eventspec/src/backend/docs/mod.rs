//! The documentation backend: minijinja templates over the model, one output file per
//! template.
//!
//! Templates ship inside the library ([`BUILTIN`]) and can be overridden one by one from a
//! directory ([`Templates::with_dir`]). Every `{{ value }}` is escaped for the output's format
//! (by the template's suffix, `.rst` or `.md`), so spec text can never become markup; the
//! filters that produce markup return text that is already safe:
//!
//! | filter | RST | Markdown |
//! |---|---|---|
//! | `markup(indent=0)` | spec prose (a `description`) rendered with links and `:ref:`s, lines after the first indented | the same, with links |
//! | `code` | an inline literal | a code span; `code(cell=true)` inside a table cell |
//! | `underline(char="-")` | a section underline as wide as the escaped title | |
//! | `anchor` | | GitHub's anchor for a heading's visible text |
//!
//! The context is the [`Model`] itself (`title`, `introduction`, `references`, `uptake`,
//! `scalars`, `events`, named as in [`crate::model`]) plus `spec_file`, the spec's file name,
//! and `enrollment_id`, the one enrollment-id section of the spec.
//! An undefined variable is an error naming the template and line. Prose is one opaque value
//! that only `markup` writes (printed as it is, it is its plain text, escaped). Each document
//! renders on a fuel budget scaled to the model, so a template that would loop or write
//! without end stops with an error.
//!
//! The built-in documents go through the same engine as a user's templates: there is one way
//! the pages are written. The engine is minijinja (measured against tera 2 in BENCHMARKS.md).

use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use minijinja::syntax::SyntaxConfig;
use minijinja::value::{Kwargs, Object, Value};
use minijinja::{AutoEscape, Environment, UndefinedBehavior};

use crate::markup::{Markup, markdown, rst};
use crate::model::Model;

mod context;

/// The built-in templates: name (also the output file name) and text.
pub const BUILTIN: [(&str, &str); 2] = [
    (
        "data-collection.rst",
        include_str!("../../../templates/data-collection.rst"),
    ),
    (
        "data-collection.md",
        include_str!("../../../templates/data-collection.md"),
    ),
];

/// Why the docs could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The template directory or one of its files could not be read.
    #[error("cannot read templates: {0}")]
    Io(String),
    /// An output could not be written where it was going.
    #[error("cannot write {path}: {cause}")]
    Write {
        /// The output.
        path: String,
        /// Why.
        cause: String,
    },
    /// A template is invalid or failed to render (syntax, undefined variable, bad filter use).
    #[error("{template}{}: {message}", line.map(|l| format!(":{l}")).unwrap_or_default())]
    Template {
        /// The template's name.
        template: String,
        /// The line of the template, when known.
        line: Option<usize>,
        /// What is wrong.
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
    pub fn render(
        &self,
        model: &Arc<Model>,
        spec_file: &str,
    ) -> Result<Vec<(String, String)>, Error> {
        let renderer = self.renderer(model, spec_file)?;
        renderer
            .documents()
            .map(|name| Ok((name.to_string(), renderer.render(name)?)))
            .collect()
    }

    /// What renders the documents of `model` one by one (on any thread: the documents read
    /// the model through one template context, `context::Root`).
    pub fn renderer(&self, model: &Arc<Model>, spec_file: &str) -> Result<Renderer, Error> {
        Ok(Renderer {
            context: Value::from_object(context::Root {
                model: Arc::clone(model),
                spec_file: spec_file.to_string(),
            }),
            capacity: 4096 + model.event_count() * 2048,
            rst: self.engine(Format::Rst, model)?,
            markdown: self.engine(Format::Markdown, model)?,
        })
    }

    /// A template engine for one format: its templates, its escaping and its filters.
    fn engine(&self, format: Format, model: &Model) -> Result<Environment<'static>, Error> {
        let mut env = Environment::new();
        env.set_fuel(Some(fuel(model)));
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        // As Jinja2's `keep_trailing_newline`: a template's last newline is output.
        let suffix = format.suffix();
        let syntax = SyntaxConfig::builder().keep_trailing_newline(true).build();
        env.set_syntax(syntax.map_err(|e| template_error(suffix, &e))?);
        env.set_auto_escape_callback(move |name| {
            if name.ends_with(suffix) {
                AutoEscape::Custom(suffix.into())
            } else {
                AutoEscape::None
            }
        });
        let escape: fn(&str) -> Cow<'_, str> = match format {
            Format::Rst => rst::escape,
            Format::Markdown => markdown::escape,
        };
        env.set_formatter(move |out, state, value| {
            let raw = value.is_safe() || *state.auto_escape() == AutoEscape::None;
            // A string is written from where it is (most values are), anything else as text.
            let text = match value.as_str() {
                Some(s) => Cow::Borrowed(s),
                None => Cow::Owned(value.to_string()),
            };
            if raw {
                out.write_str(&text)?;
            } else {
                out.write_str(&escape(&text))?;
            }
            Ok(())
        });
        match format {
            Format::Rst => {
                env.add_filter("markup", |v: &Value, kwargs: Kwargs| {
                    let width = indent_width(&kwargs)?;
                    prose(v).map(|m| Value::from_safe_string(indented(m.to_rst(), width)))
                });
                env.add_filter("code", |s: &str| Value::from_safe_string(rst::code(s)));
                env.add_filter("link", |url: &str, kwargs: Kwargs| {
                    let text = link_text(url, &kwargs)?;
                    Ok::<_, minijinja::Error>(Value::from_safe_string(rst::link(&text, url)))
                });
                env.add_filter("underline", |s: &str, kwargs: Kwargs| {
                    let c: Option<&str> = only_kwarg(&kwargs, "char")?;
                    let c = c.unwrap_or("-");
                    let mut chars = c.chars();
                    match (chars.next(), chars.next()) {
                        (Some(c), None) if c.is_ascii_punctuation() => {
                            Ok(Value::from_safe_string(rst::underline(s, c)))
                        }
                        _ => Err(invalid(format!(
                            "underline(char=…) takes one punctuation character, not `{c}`"
                        ))),
                    }
                });
            }
            Format::Markdown => {
                let refs = Arc::new(model.references.clone());
                env.add_filter("markup", move |v: &Value, kwargs: Kwargs| {
                    let width = indent_width(&kwargs)?;
                    let text = prose(v)?.to_markdown(&*refs);
                    Ok::<_, minijinja::Error>(Value::from_safe_string(indented(text, width)))
                });
                env.add_filter("code", |s: &str, kwargs: Kwargs| {
                    let cell = only_kwarg::<Option<bool>>(&kwargs, "cell")?.unwrap_or(false);
                    Ok::<_, minijinja::Error>(Value::from_safe_string(markdown::code(s, cell)))
                });
                env.add_filter("link", |url: &str, kwargs: Kwargs| {
                    let text = link_text(url, &kwargs)?;
                    Ok::<_, minijinja::Error>(Value::from_safe_string(markdown::link_to(
                        &text, url,
                    )))
                });
                env.add_filter("anchor", |s: &str| {
                    Value::from_safe_string(markdown::anchor(s))
                });
            }
        }
        for (name, text) in self.files.iter().filter(|(name, _)| name.ends_with(suffix)) {
            env.add_template_owned(name.clone(), text.clone())
                .map_err(|e| template_error(name, &e))?;
        }
        Ok(env)
    }
}

/// Renders the documents of one model: [`Templates::renderer`].
pub struct Renderer {
    context: Value,
    /// Bytes to reserve for a document: growing one copies it.
    capacity: usize,
    rst: Environment<'static>,
    markdown: Environment<'static>,
}

impl Renderer {
    /// The documents' names, which are also their output file names.
    pub fn documents(&self) -> impl Iterator<Item = &'static str> {
        BUILTIN.iter().map(|(name, _)| *name)
    }

    /// The document `name`.
    pub fn render(&self, name: &str) -> Result<String, Error> {
        let mut out = Vec::with_capacity(self.capacity);
        self.render_to(name, &mut out)?;
        String::from_utf8(out).map_err(|_| Error::Template {
            template: name.to_string(),
            line: None,
            message: "the document is not UTF-8".to_string(),
        })
    }

    /// The document `name`, written to `sink` as it is rendered.
    pub fn render_to(&self, name: &str, sink: impl std::io::Write) -> Result<(), Error> {
        let env = match format_of(name) {
            Some(Format::Rst) => &self.rst,
            _ => &self.markdown,
        };
        env.get_template(name)
            .and_then(|t| t.render_captured_to(&self.context, sink))
            .map(|_| ())
            .map_err(|e| match e.kind() {
                minijinja::ErrorKind::WriteFailure => Error::Write {
                    path: name.to_string(),
                    cause: std::error::Error::source(&e)
                        .map_or_else(|| e.to_string(), |c| c.to_string()),
                },
                _ => template_error(name, &e),
            })
    }
}

/// The work a document may take, in minijinja's fuel (instructions, and bytes of the values
/// made): a bound on a template's time and memory, so that a template that loops or writes
/// without end stops with an error instead of the process. The built-in templates take at
/// most about 650 a event; this allows several times that per item of the model.
fn fuel(model: &Model) -> u64 {
    const BASE: u64 = 2_000_000;
    const PER_ITEM: u64 = 2_000;
    let statuses: usize = model
        .uptake
        .iter()
        .flat_map(|u| &u.sources)
        .map(|s| s.statuses.len() + 1)
        .sum();
    // An event's extras and enum values are items too: a valid spec of few events with long
    // enums ran out (2 events, 80,000 values).
    let extras: usize = model
        .all_events()
        .flat_map(|e| &e.extras)
        .map(|x| match &x.kind {
            crate::model::ExtraKind::Enum { values, .. } => 1 + values.len(),
            _ => 1,
        })
        .sum();
    let items =
        model.event_count() + extras + statuses + model.scalars.len() + model.references.len();
    BASE + PER_ITEM * items as u64
}

/// The text of a `link` filter's link: `text=…`, or the URL itself. The URL must be an
/// http(s) URL (the spec's are checked; a template's own is checked here).
fn link_text(url: &str, kwargs: &Kwargs) -> Result<String, minijinja::Error> {
    let text: Option<String> = only_kwarg(kwargs, "text")?;
    crate::markup::check_url(url).map_err(|why| {
        invalid(format!(
            "link: `{}` is not a URL: {why}",
            url.escape_debug()
        ))
    })?;
    Ok(text.unwrap_or_else(|| url.to_string()))
}

/// Spec prose as the templates hold it: opaque, written only through the `markup` filter.
#[derive(Debug)]
pub(crate) struct Prose(pub(crate) Markup);

impl Object for Prose {
    /// Like the text it is: true unless empty.
    fn is_true(self: &Arc<Self>) -> bool {
        !self.0.paragraphs.is_empty()
    }

    fn render(self: &Arc<Self>, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result
    where
        Self: Sized + 'static,
    {
        f.write_str(&self.0.plain())
    }
}

/// The keyword argument `key` of a filter that takes no other, read with `peek`: minijinja's
/// record of the arguments used (a set of owned keys, made on each call) cost more than some
/// filters' own work.
fn only_kwarg<'a, T>(kwargs: &'a Kwargs, key: &'a str) -> Result<T, minijinja::Error>
where
    T: minijinja::value::ArgType<'a, Output = T>,
{
    if let Some(other) = kwargs.args().find(|k| *k != key) {
        return Err(minijinja::Error::new(
            minijinja::ErrorKind::TooManyArguments,
            format!("unknown keyword argument '{other}'"),
        ));
    }
    kwargs.peek(key)
}

/// The `indent=N` of the `markup` filter (0 without it).
fn indent_width(kwargs: &Kwargs) -> Result<usize, minijinja::Error> {
    let width = only_kwarg::<Option<usize>>(kwargs, "indent")?.unwrap_or(0);
    Ok(width)
}

/// `text` with every line but the first indented by `width` spaces, blank lines left empty
/// (what the `indent` filter does, without a second pass through the engine).
fn indented(text: String, width: usize) -> String {
    if width == 0 || !text.contains('\n') {
        return text;
    }
    let mut out = String::with_capacity(text.len() + width * 8);
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
            if !line.is_empty() {
                out.extend(std::iter::repeat_n(' ', width));
            }
        }
        out.push_str(line);
    }
    out
}

/// The prose the `markup` filter was given.
fn prose(value: &Value) -> Result<&Markup, minijinja::Error> {
    value
        .downcast_object_ref::<Prose>()
        .map(|p| &p.0)
        .ok_or_else(|| invalid("the `markup` filter takes spec prose (a `description` or similar)"))
}

fn invalid(message: impl Into<std::borrow::Cow<'static, str>>) -> minijinja::Error {
    minijinja::Error::new(minijinja::ErrorKind::InvalidOperation, message)
}

/// A template error located at its template and line.
fn template_error(name: &str, error: &minijinja::Error) -> Error {
    if error.kind() == minijinja::ErrorKind::OutOfFuel {
        return Error::Template {
            template: error.name().unwrap_or(name).to_string(),
            line: error.line(),
            message: "the template did far more work than a spec of this size needs (a loop \
                      that does not end, or output many times the spec's size?)"
                .to_string(),
        };
    }
    let mut message = error.kind().to_string();
    if let Some(detail) = error.detail() {
        message.push_str(": ");
        message.push_str(detail);
    }
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        message.push_str(&format!(": {cause}"));
        source = cause.source();
    }
    Error::Template {
        template: error.name().unwrap_or(name).to_string(),
        line: error.line(),
        message,
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

#[cfg(test)]
mod tests {
    use super::indented;

    /// `markup(indent=N)`: lines after the first indented, blank lines left empty.
    #[test]
    fn indent_leaves_the_first_line_and_blank_lines() {
        assert_eq!(indented("a\n\nb\nc".into(), 3), "a\n\n   b\n   c");
        assert_eq!(indented("one line".into(), 3), "one line");
        assert_eq!(indented("a\nb".into(), 0), "a\nb");
    }
}
