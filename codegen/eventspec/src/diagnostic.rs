//! Diagnostics: every problem found in a spec, with its location, rendered rustc-style or as JSON.

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use serde::Serialize;

use crate::front::source::{Source, Span};

/// How serious a diagnostic is. Only errors make a spec invalid.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The spec is invalid.
    Error,
    /// The spec is valid but probably not what was meant.
    Warning,
    /// Information, such as a waived platform limit.
    Note,
}

/// A located message attached to a diagnostic.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    /// Where in the source.
    pub span: Span,
    /// What to say there (may be empty).
    pub message: String,
}

/// One problem in a spec.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// How serious it is.
    pub severity: Severity,
    /// A stable, kebab-case name for the kind of problem (`unknown-key`, `extra-key-length`, …).
    pub code: &'static str,
    /// The headline.
    pub message: String,
    /// The main location, if the problem has one.
    pub primary: Option<Label>,
    /// Related locations (the first definition of a duplicate, …).
    pub secondary: Vec<Label>,
    /// Extra explanations printed after the snippet.
    pub notes: Vec<String>,
    /// A suggestion.
    pub help: Option<String>,
}

impl Diagnostic {
    fn new(severity: Severity, code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity,
            code,
            message: message.into(),
            primary: None,
            secondary: Vec::new(),
            notes: Vec::new(),
            help: None,
        }
    }

    /// An error.
    pub fn error(code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic::new(Severity::Error, code, message)
    }

    /// A warning.
    pub fn warning(code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic::new(Severity::Warning, code, message)
    }

    /// A note.
    pub fn note(code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic::new(Severity::Note, code, message)
    }

    /// Sets the main location.
    pub fn at(mut self, span: Span, label: impl Into<String>) -> Self {
        self.primary = Some(Label {
            span,
            message: label.into(),
        });
        self
    }

    /// Adds a related location.
    pub fn also(mut self, span: Span, label: impl Into<String>) -> Self {
        self.secondary.push(Label {
            span,
            message: label.into(),
        });
        self
    }

    /// Adds an explanation.
    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    /// Sets the suggestion.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// `file:line:column` of the main location (or just the file name).
    pub fn position(&self, source: &Source) -> String {
        match &self.primary {
            Some(label) => {
                let (line, column) = source.line_col(label.span.start);
                format!("{}:{line}:{column}", source.name())
            }
            None => source.name().to_string(),
        }
    }

    /// Renders the diagnostic rustc-style, without colour.
    pub fn render(&self, source: &Source) -> String {
        let level = match self.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
            Severity::Note => Level::NOTE,
        };
        let mut group = Group::with_title(level.primary_title(self.message.as_str()).id(self.code));
        let labels = self.primary.iter().map(|l| (l, true));
        for (label, primary) in labels.chain(self.secondary.iter().map(|l| (l, false))) {
            group = group.element(snippet(source, label, primary));
        }
        for note in &self.notes {
            group = group.element(Level::NOTE.message(note.as_str()));
        }
        if let Some(help) = &self.help {
            group = group.element(Level::HELP.message(help.as_str()));
        }
        let report: &[Group<'_>] = &[group];
        Renderer::plain().render(report)
    }

    /// The diagnostic as a JSON value for `--message-format json`.
    pub fn to_json(&self, source: &Source) -> serde_json::Value {
        let location = |label: &Label| {
            let (line, column) = source.line_col(label.span.start);
            let (end_line, end_column) = source.line_col(label.span.end);
            serde_json::json!({
                "line": line, "column": column,
                "end_line": end_line, "end_column": end_column,
                "label": label.message,
            })
        };
        serde_json::json!({
            "severity": self.severity,
            "code": self.code,
            "message": self.message,
            "file": source.name(),
            "primary": self.primary.as_ref().map(location),
            "secondary": self.secondary.iter().map(location).collect::<Vec<_>>(),
            "notes": self.notes,
            "help": self.help,
            "rendered": self.render(source),
        })
    }
}

/// A snippet of the first line `label` touches, with `label` annotated. One line only: a span
/// over a huge multi-line scalar would otherwise print the whole file.
fn snippet<'a>(
    source: &'a Source,
    label: &'a Label,
    primary: bool,
) -> Snippet<'a, annotate_snippets::Annotation<'a>> {
    let lines = source.line_range(Span::new(label.span.start, label.span.start));
    let (line, _) = source.line_col(lines.start);
    let text = &source.text()[lines.clone()];
    let start = floor_boundary(
        text,
        label.span.start.clamp(lines.start, lines.end) - lines.start,
    );
    let mut end = ceil_boundary(
        text,
        label.span.end.clamp(lines.start, lines.end) - lines.start,
    );
    // An empty span still gets one caret.
    if end <= start {
        end = text[start..]
            .chars()
            .next()
            .map_or(start, |c| start + c.len_utf8());
    }
    let kind = if primary {
        AnnotationKind::Primary
    } else {
        AnnotationKind::Context
    };
    Snippet::source(text)
        .line_start(line)
        .path(source.name())
        .annotation(kind.span(start..end).label(label.message.as_str()))
}

fn floor_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// How many diagnostics a run keeps. A file that is not a spec at all (megabytes of some other
/// YAML) would otherwise yield hundreds of thousands, costing seconds and hundreds of megabytes
/// to print; beyond this many, they are only counted.
pub const MAX_KEPT: usize = 200;

/// All diagnostics of one run, in source order.
#[derive(Clone, Debug, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
    /// Diagnostics beyond [`MAX_KEPT`], counted by severity (error, warning, note).
    not_kept: [usize; 3],
}

fn severity_index(severity: Severity) -> usize {
    match severity {
        Severity::Error => 0,
        Severity::Warning => 1,
        Severity::Note => 2,
    }
}

impl Diagnostics {
    /// Adds one (or only counts it, past [`MAX_KEPT`]).
    pub fn push(&mut self, diagnostic: Diagnostic) {
        if self.items.len() < MAX_KEPT {
            self.items.push(diagnostic);
        } else {
            self.not_kept[severity_index(diagnostic.severity)] += 1;
        }
    }

    /// Whether any is an error.
    pub fn has_errors(&self) -> bool {
        self.error_count() > 0
    }

    /// How many errors there are.
    pub fn error_count(&self) -> usize {
        self.count(Severity::Error)
    }

    /// The diagnostics, sorted by location (stable, so equal locations keep their order).
    pub fn sorted(&self) -> Vec<&Diagnostic> {
        let mut items: Vec<&Diagnostic> = self.items.iter().collect();
        items.sort_by_key(|d| d.primary.as_ref().map_or(0, |l| l.span.start));
        items
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Iterates in the order they were found.
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    /// How many diagnostics have this severity, kept or not.
    pub fn count(&self, severity: Severity) -> usize {
        self.items.iter().filter(|d| d.severity == severity).count()
            + self.not_kept[severity_index(severity)]
    }

    /// Renders all of them rustc-style, then a one-line summary.
    pub fn render(&self, source: &Source) -> String {
        let mut out = String::new();
        for diagnostic in self.sorted() {
            out.push_str(&diagnostic.render(source));
            out.push_str("\n\n");
        }
        let not_shown: usize = self.not_kept.iter().sum();
        if not_shown > 0 {
            out.push_str(&format!(
                "note: {not_shown} more problem{} not shown: only the first {MAX_KEPT} are\n\n",
                plural(not_shown)
            ));
        }
        let errors = self.error_count();
        let warnings = self.count(Severity::Warning);
        if errors > 0 {
            out.push_str(&format!(
                "error: {} is invalid: {} error{}, {} warning{}\n",
                source.name(),
                errors,
                plural(errors),
                warnings,
                plural(warnings)
            ));
        }
        out
    }
}

impl Extend<Diagnostic> for Diagnostics {
    fn extend<T: IntoIterator<Item = Diagnostic>>(&mut self, iter: T) {
        iter.into_iter().for_each(|d| self.push(d));
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_first_diagnostics_and_counts_the_rest() {
        let source = Source::new("big.yaml", "a: 1\n");
        let mut all = Diagnostics::default();
        for i in 0..MAX_KEPT + 50 {
            all.push(
                Diagnostic::error("unknown-key", format!("problem {i}"))
                    .at(Span::new(0, 1), "here"),
            );
        }
        all.push(Diagnostic::warning("inconsistent-title", "a warning"));
        assert_eq!(all.iter().count(), MAX_KEPT);
        assert_eq!(all.error_count(), MAX_KEPT + 50);
        assert_eq!(all.count(Severity::Warning), 1);
        let text = all.render(&source);
        assert!(text.contains("problem 0\n") && !text.contains(&format!("problem {MAX_KEPT}\n")));
        assert!(text.contains("note: 51 more problems not shown: only the first 200 are"));
        assert!(text.ends_with("250 errors, 1 warning\n"), "{text}");
    }
}
