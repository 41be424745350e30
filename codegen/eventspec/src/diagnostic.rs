//! Diagnostics: every problem found in a spec, with its location, rendered rustc-style or as JSON.

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use serde::Serialize;

use crate::front::source::{Source, Span};
use eventspec_runtime::limits::elide;

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

/// Declares [`Code`]: each variant with its name, so the list, the names and [`Code::ALL`]
/// cannot disagree.
macro_rules! codes {
    ($($(#[$doc:meta])* $variant:ident = $name:literal,)*) => {
        /// The kind of a diagnostic: a stable, kebab-case name printed by `check`
        /// (`error[unknown-key]`) and in its JSON output (`"code"`). Codes are never renamed;
        /// `docs/spec-format.md` lists them.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum Code {
            $($(#[$doc])* $variant,)*
        }

        impl Code {
            /// Every code, in the order `docs/spec-format.md` lists them.
            pub const ALL: &[Code] = &[$(Code::$variant,)*];

            /// The code's name (`unknown-key`).
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $name,)*
                }
            }
        }
    };
}

codes! {
    /// The text is not YAML.
    YamlSyntax = "yaml-syntax",
    /// The YAML is over a bound: nesting over 48 levels, aliases that copy too much, several documents.
    YamlLimit = "yaml-limit",
    /// The file is not UTF-8.
    NotUtf8 = "not-utf8",
    /// The file holds nothing.
    EmptySpec = "empty-spec",
    /// The file is over 16 MiB.
    SpecTooLarge = "spec-too-large",
    /// A key the spec language does not have.
    UnknownKey = "unknown-key",
    /// A required key is missing.
    MissingKey = "missing-key",
    /// A key written twice in one mapping.
    DuplicateKey = "duplicate-key",
    /// A value of the wrong YAML type (a sequence for a string, …).
    WrongType = "wrong-type",
    /// A number outside what the key allows.
    OutOfRange = "out-of-range",
    /// An empty string, sequence or mapping where something is required.
    EmptyValue = "empty-value",
    /// `eventspec` is not `1`.
    UnsupportedVersion = "unsupported-version",
    /// The same status, object, method or extra defined twice.
    DuplicateDefinition = "duplicate-definition",
    /// The same enum value twice.
    DuplicateEnumValue = "duplicate-enum-value",
    /// A cross-reference, `when` extra or `when` value that does not exist.
    UndefinedReference = "undefined-reference",
    /// A name that cannot be what it names.
    InvalidName = "invalid-name",
    /// A malformed uptake key template.
    InvalidKey = "invalid-key",
    /// A reference URL that is not an http(s) URL.
    InvalidUrl = "invalid-url",
    /// Prose whose markup is malformed (an unclosed backtick, …).
    InvalidMarkup = "invalid-markup",
    /// A `when` that cannot hold (on a non-enum extra, on itself, …).
    InvalidCondition = "invalid-condition",
    /// An enrollment-id filler that could be mistaken for an id.
    InvalidFiller = "invalid-filler",
    /// A scalar whose keys contradict each other.
    InvalidScalar = "invalid-scalar",
    /// An enum extra without values.
    EmptyEnum = "empty-enum",
    /// `values` on an extra that is not an enum.
    ValuesWithoutEnum = "values-without-enum",
    /// An extra type the language does not have.
    UnknownType = "unknown-type",
    /// A release channel Firefox does not have.
    UnknownChannel = "unknown-channel",
    /// A scalar kind the language does not have.
    UnknownScalarKind = "unknown-scalar-kind",
    /// `min` or `max` on an extra that is not a quantity.
    BoundsWithoutQuantity = "bounds-without-quantity",
    /// Metadata of the wrong form: an e-mail, URL, date or version that is not one, an
    /// unknown product, process, operating system, sensitivity or collection.
    InvalidMetadata = "invalid-metadata",
    /// An event or scalar without metadata the spec requires (`require_metadata`).
    MissingMetadata = "missing-metadata",
    /// An item expired at the date or version `check` was given.
    Expired = "expired",
    /// Warning: an item expiring within the window `check` was given.
    ExpiringSoon = "expiring-soon",
    /// An `enrollment_id` extra without the `enrollment_id` section.
    MissingEnrollmentId = "missing-enrollment-id",
    /// Warning: two statuses of one uptake source that record the same value.
    AmbiguousStatus = "ambiguous-status",
    /// A status value outside the declared `telemetry_values`.
    UnknownTelemetryValue = "unknown-telemetry-value",
    /// Two spec names that become one Rust name, or a name the generated code uses itself.
    NameCollision = "name-collision",
    /// Two headings with one Markdown anchor.
    DuplicateHeading = "duplicate-heading",
    /// Lint: a category, method, object or extra key that does not match Firefox's name pattern.
    NamePattern = "name-pattern",
    /// Lint: a category over 30 characters.
    CategoryLength = "category-length",
    /// Lint: a method over 20 characters.
    MethodLength = "method-length",
    /// Lint: an object over 20 characters.
    ObjectLength = "object-length",
    /// Lint: an extra key over 15 characters.
    ExtraKeyLength = "extra-key-length",
    /// Lint: an event with more than 10 extras.
    ExtraCount = "extra-count",
    /// Lint (not waivable): a value, `max_length` or filler over 80 bytes.
    ValueLength = "value-length",
    /// A waiver of a lint that does not exist.
    UnknownLint = "unknown-lint",
    /// A waiver of a lint that cannot be waived.
    UnwaivableLint = "unwaivable-lint",
    /// A waiver of a limit the item does not exceed.
    UnusedWaiver = "unused-waiver",
    /// One method titled two ways on different objects (a warning).
    InconsistentTitle = "inconsistent-title",
}

impl Code {
    /// Whether it is a rule over a spec whose meaning is clear: Firefox's limits, metadata,
    /// uptake statuses, headings, waivers. A spec written before a rule was added or
    /// tightened breaks it and still means what it meant, so `eventspec diff` compares an old
    /// version that breaks only these ([`crate::check_old`]).
    pub fn is_rule(self) -> bool {
        matches!(
            self,
            Code::InvalidMetadata
                | Code::MissingMetadata
                | Code::Expired
                | Code::UnknownTelemetryValue
                | Code::DuplicateHeading
                | Code::NamePattern
                | Code::CategoryLength
                | Code::MethodLength
                | Code::ObjectLength
                | Code::ExtraKeyLength
                | Code::ExtraCount
                | Code::ValueLength
                | Code::UnknownLint
                | Code::UnwaivableLint
        )
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
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
    /// The kind of problem.
    pub code: Code,
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
    fn new(severity: Severity, code: Code, message: impl Into<String>) -> Self {
        Diagnostic {
            severity,
            code,
            message: bounded(message.into()),
            primary: None,
            secondary: Vec::new(),
            notes: Vec::new(),
            help: None,
        }
    }

    /// An error.
    pub fn error(code: Code, message: impl Into<String>) -> Self {
        Diagnostic::new(Severity::Error, code, message)
    }

    /// A warning.
    pub fn warning(code: Code, message: impl Into<String>) -> Self {
        Diagnostic::new(Severity::Warning, code, message)
    }

    /// A note.
    pub fn note(code: Code, message: impl Into<String>) -> Self {
        Diagnostic::new(Severity::Note, code, message)
    }

    /// Sets the main location.
    pub fn at(mut self, span: Span, label: impl Into<String>) -> Self {
        self.primary = Some(Label {
            span,
            message: bounded(label.into()),
        });
        self
    }

    /// Adds a related location.
    pub fn also(mut self, span: Span, label: impl Into<String>) -> Self {
        self.secondary.push(Label {
            span,
            message: bounded(label.into()),
        });
        self
    }

    /// Adds an explanation.
    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(bounded(note.into()));
        self
    }

    /// Sets the suggestion.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(bounded(help.into()));
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
        let mut group = Group::with_title(
            level
                .primary_title(self.message.as_str())
                .id(self.code.as_str()),
        );
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

/// The most characters a quoted piece of spec text (`` `name` ``) keeps in a message.
const MAX_QUOTED: usize = 64;

/// The most characters a message, label, note or help keeps.
const MAX_TEXT: usize = 400;

/// `text` with every quoted piece over [`MAX_QUOTED`] characters shortened to its start and
/// end around `…`, and then, if still over [`MAX_TEXT`], its own middle cut the same way: a
/// name of a megabyte, quoted by 200 diagnostics, must not print 200 megabytes. The snippets
/// already show a long line only around its annotation.
pub(crate) fn bounded(text: String) -> String {
    if text.len() <= MAX_QUOTED {
        return text;
    }
    let mut out = String::with_capacity(text.len().min(2 * MAX_TEXT));
    for (i, piece) in text.split('`').enumerate() {
        if i > 0 {
            out.push('`');
        }
        if i % 2 == 1 {
            out.push_str(&elide(piece, MAX_QUOTED));
        } else {
            out.push_str(piece);
        }
    }
    if out.chars().count() <= MAX_TEXT {
        return out;
    }
    elide(&out, MAX_TEXT).into_owned()
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
    /// Errors that leave a spec without a meaning (not [`Code::is_rule`]), kept or not.
    unreadable: usize,
}

fn severity_index(severity: Severity) -> usize {
    match severity {
        Severity::Error => 0,
        Severity::Warning => 1,
        Severity::Note => 2,
    }
}

impl Diagnostics {
    /// Adds one (or only counts it, past [`MAX_KEPT`]), unless the same one is already kept:
    /// an event declared once for several objects is checked once per object, and its
    /// mistakes are one mistake each.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        if self.items.contains(&diagnostic) {
            return;
        }
        if diagnostic.severity == Severity::Error && !diagnostic.code.is_rule() {
            self.unreadable += 1;
        }
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

    /// How many errors leave the spec without a meaning: all but those of rules it may have
    /// come to break as eventspec's rules grew ([`Code::is_rule`]).
    pub fn unreadable_count(&self) -> usize {
        self.unreadable
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

    /// The last line of the JSON output: the counts by severity, and how many diagnostics
    /// were counted but not kept (so a tool reading the lines knows it did not see them all).
    pub fn summary_json(&self, source: &Source) -> serde_json::Value {
        serde_json::json!({
            "summary": {
                "file": source.name(),
                "errors": self.count(Severity::Error),
                "warnings": self.count(Severity::Warning),
                "notes": self.count(Severity::Note),
                "not_shown": self.not_kept.iter().sum::<usize>(),
            }
        })
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
                Diagnostic::error(Code::UnknownKey, format!("problem {i}"))
                    .at(Span::new(0, 1), "here"),
            );
        }
        all.push(Diagnostic::warning(Code::InconsistentTitle, "a warning"));
        assert_eq!(all.iter().count(), MAX_KEPT);
        assert_eq!(all.error_count(), MAX_KEPT + 50);
        assert_eq!(all.count(Severity::Warning), 1);
        let text = all.render(&source);
        assert!(text.contains("problem 0\n") && !text.contains(&format!("problem {MAX_KEPT}\n")));
        assert!(text.contains("note: 51 more problems not shown: only the first 200 are"));
        assert!(text.ends_with("250 errors, 1 warning\n"), "{text}");
        assert_eq!(
            all.summary_json(&source),
            serde_json::json!({"summary": {
                "file": "big.yaml", "errors": 250, "warnings": 1, "notes": 0, "not_shown": 51
            }})
        );
    }

    #[test]
    fn long_quoted_text_is_shortened_in_every_part() {
        let name = "n".repeat(1_000_000);
        let d = Diagnostic::error(Code::ObjectLength, format!("object `{name}` is too long"))
            .at(Span::new(0, 1), format!("`{name}`"))
            .also(Span::new(0, 1), format!("`{name}`"))
            .with_note(format!("`{name}`"))
            .with_help("x".repeat(10_000));
        let short = format!("`{}…{}`", "n".repeat(48), "n".repeat(15));
        assert_eq!(d.message, format!("object {short} is too long"));
        let label = d.primary.as_ref().map(|l| l.message.clone());
        assert_eq!(label, Some(short.clone()));
        assert_eq!(d.secondary[0].message, short);
        assert_eq!(d.notes, std::slice::from_ref(&short));
        // Unquoted text over the whole limit keeps its start and end.
        let help = d.help.clone().unwrap();
        assert_eq!(help.chars().count(), MAX_TEXT);
        assert!(help.starts_with("xxx") && help.contains('…') && help.ends_with("xxx"));
        // Short text, and text of short quotes, is left as it is.
        let plain = format!(
            "object `{}` and `{}` differ",
            "a".repeat(60),
            "b".repeat(60)
        );
        assert_eq!(
            Diagnostic::error(Code::NameCollision, plain.clone()).message,
            plain
        );
        let source = Source::new("s.yaml", "a: 1\n");
        assert!(d.render(&source).len() < 2_000);
    }
}

#[cfg(test)]
mod code_tests {
    use super::Code;

    /// `docs/spec-format.md` lists every code, and nothing else.
    #[test]
    fn the_format_documents_every_code() {
        let doc = include_str!("../../../docs/spec-format.md");
        let section = doc
            .split("\n## Diagnostics\n")
            .nth(1)
            .and_then(|s| s.split("\n## ").next())
            .expect("a Diagnostics section");
        let mut documented: Vec<&str> = section
            .lines()
            .filter(|l| l.starts_with("| `"))
            .filter_map(|l| l.split(" | ").next())
            .flat_map(|cell| cell.split('`').skip(1).step_by(2))
            .collect();
        documented.sort_unstable();
        let mut codes: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
        codes.sort_unstable();
        assert_eq!(documented, codes);
    }
}
