//! Meaning: every semantic check of a read spec, all collected in one pass, and the resolved
//! [`Model`] built from it when there is no error.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::fmt;

use eventspec_runtime::{limits, uptake};

use crate::check::lints::{self, Lint};
use crate::check::metadata::{self, ExpiryCheck, Level};
use crate::check::names;
use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::front::read::{Located, closest};
use crate::front::source::{Source, Span};
use crate::front::spec::{self, Spec, Waiver};
use crate::markup::Markup;
use crate::model::{self, Model};

/// The first value seen under each key, for the scopes where duplicates are looked for: most
/// are small (an event's extras, an enum's values), where a scan beats hashing; a map takes
/// over past 16 keys.
struct FirstSeen<'k, V> {
    small: Vec<(&'k str, V)>,
    large: HashMap<&'k str, V>,
}

impl<V> Default for FirstSeen<'_, V> {
    fn default() -> Self {
        FirstSeen {
            small: Vec::new(),
            large: HashMap::new(),
        }
    }
}

impl<'k, V: Copy> FirstSeen<'k, V> {
    /// The value first seen under `key`; `None`, and `value` kept, if `key` is new.
    fn first(&mut self, key: &'k str, value: V) -> Option<V> {
        if self.large.is_empty() {
            if let Some((_, first)) = self.small.iter().find(|(k, _)| *k == key) {
                return Some(*first);
            }
            if self.small.len() < 16 {
                self.small.push((key, value));
                return None;
            }
            self.large.extend(self.small.drain(..));
        }
        match self.large.entry(key) {
            Entry::Occupied(first) => Some(*first.get()),
            Entry::Vacant(slot) => {
                slot.insert(value);
                None
            }
        }
    }
}

/// The extra types of the language, by the name a spec gives them: the one place that reads
/// an extra's `type`.
const EXTRA_TYPES: &[(&str, ExtraType)] = &[
    ("string", ExtraType::String),
    ("enum", ExtraType::Enum),
    ("boolean", ExtraType::Boolean),
    ("quantity", ExtraType::Quantity),
    ("uuid", ExtraType::Uuid),
    ("enrollment_id", ExtraType::EnrollmentId),
];

/// The names of the extra types, for the format's table.
pub(crate) fn extra_type_names() -> Vec<&'static str> {
    EXTRA_TYPES.iter().map(|(name, _)| *name).collect()
}

/// An extra's declared type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ExtraType {
    String,
    Enum,
    Boolean,
    Quantity,
    Uuid,
    EnrollmentId,
}

/// The type `x` declares: `string` when it declares none, `None` when its `type` is not one of
/// the language's.
fn extra_type(x: &spec::Extra) -> Option<ExtraType> {
    match &x.kind {
        None => Some(ExtraType::String),
        Some(kind) => EXTRA_TYPES
            .iter()
            .find(|(name, _)| *name == kind.value)
            .map(|(_, t)| *t),
    }
}

/// Release channels an extra can be limited to.
pub const CHANNELS: &[&str] = &["nightly", "aurora", "beta", "release", "esr"];

/// Checks `spec` (expiry against `expiry`) and builds the model; `None` if any error was
/// reported.
pub fn validate(
    source: &Source,
    spec: &Spec,
    expiry: &ExpiryCheck,
    diagnostics: &mut Diagnostics,
) -> Option<Model> {
    let unreadable_before = diagnostics.unreadable_count();
    let spec_metadata = metadata::level(&spec.metadata, diagnostics);
    let required = metadata::required(&spec.require_metadata, diagnostics);
    let labels: Vec<String> = spec
        .references
        .iter()
        .map(|r| r.label.value.clone())
        .collect();
    let mut v = Validator {
        source,
        references: &labels,
        diagnostics,
        types: HashMap::new(),
        expiry: *expiry,
        required,
        spec_metadata,
        parsed: HashMap::new(),
    };
    let title = spec.title.as_ref().map(|t| t.value.clone());
    let introduction = spec.introduction.as_ref().map(|t| v.markup(t));
    let references = spec.references.iter().map(|r| v.reference(r)).collect();
    let uptake = spec.uptake.as_ref().and_then(|u| v.uptake(u));
    let scalars = v.scalars(&spec.scalars);
    let events = v.categories(&spec.events);
    v.across_objects(spec);
    // Errors of rules over a clear meaning leave the model whole (`check` withholds it
    // still; `check_old` does not).
    if v.diagnostics.unreadable_count() > unreadable_before {
        return None;
    }
    Some(Model {
        title: title?,
        introduction,
        references,
        uptake,
        scalars: scalars?,
        events: events?,
        metadata: v.spec_metadata.resolve(),
    })
}

struct Validator<'a> {
    source: &'a Source,
    /// The labels declared under `references`.
    references: &'a [String],
    diagnostics: &'a mut Diagnostics,
    /// Top-level Rust type names decided so far, with where they come from.
    types: HashMap<String, (Span, String)>,
    /// What expiry is checked against.
    expiry: ExpiryCheck,
    /// The metadata keys every event and scalar must have.
    required: Vec<&'static str>,
    /// The spec's own metadata.
    spec_metadata: Level,
    /// Prose parsed so far, by its text, where it is short ([`SHARED_MARKUP_LEN`]): prose that
    /// repeats is one [`Markup`].
    parsed: HashMap<String, Markup>,
}

/// The longest prose [`Validator::markup`] keeps for reuse: what repeats is short (a long
/// description is an event's own), and the keys cost what they hold.
const SHARED_MARKUP_LEN: usize = 400;

type Text = Located<String>;

impl<'a> Validator<'a> {
    fn report(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    /// The metadata of an item (`what`, named at `at`) that writes `own` under `parent`:
    /// checked in form, required keys present, expiry.
    fn item_metadata(
        &mut self,
        own: &spec::Metadata,
        parent: &Level,
        what: &str,
        at: Span,
    ) -> Level {
        let level = metadata::level(own, self.diagnostics).under(parent);
        metadata::require(&level, &self.required, what, at, self.diagnostics);
        metadata::expiry(&level, &self.expiry, self.diagnostics);
        level
    }

    /// Where `needle` is written inside the value at `span` (block scalars are reflowed, so
    /// offsets in the value do not map to the file); the value's start if not found.
    fn locate(&self, span: Span, needle: &str) -> Span {
        let text = self.source.text();
        let end = text.len().min(span.end.max(span.start + 4096));
        let start = span.start.min(end);
        match text.get(start..end).and_then(|hay| hay.find(needle)) {
            Some(i) => Span::new(start + i, start + i + needle.len()),
            None => Span::new(span.start, span.start),
        }
    }

    fn markup(&mut self, text: &Text) -> Markup {
        // Specs say the same short things many times (an extra's description on every event
        // that has it, a value's on every enum that lists it): parsed once, held once.
        let shared = text.value.len() <= SHARED_MARKUP_LEN;
        let markup = match self.parsed.get(text.value.as_str()) {
            Some(markup) => markup.clone(),
            None => match Markup::parse(&text.value) {
                Ok(markup) => {
                    if shared {
                        self.parsed.insert(text.value.clone(), markup.clone());
                    }
                    markup
                }
                Err(error) => {
                    let near: String = text.value[error.offset..].chars().take(12).collect();
                    let at = self.locate(text.span, &near);
                    self.report(
                        Diagnostic::error(Code::InvalidMarkup, error.message).at(at, "here"),
                    );
                    return Markup::default();
                }
            },
        };
        for label in markup.refs() {
            if !self.references.iter().any(|r| r == label) {
                let at = self.locate(text.span, &format!("ref:{label}"));
                let known: Vec<&str> = self.references.iter().map(String::as_str).collect();
                let mut d = Diagnostic::error(
                    Code::UndefinedReference,
                    format!("cross-reference `{label}` is not declared under `references`"),
                )
                .at(at, "undefined");
                if let Some(s) = closest(label, &known) {
                    d = d.with_help(format!("did you mean `{s}`?"));
                }
                self.report(d);
            }
        }
        markup
    }

    fn opt_markup(&mut self, text: &Option<Text>) -> Option<Markup> {
        text.as_ref().map(|t| self.markup(t))
    }

    fn reference(&mut self, r: &spec::Reference) -> model::Reference {
        model::Reference {
            label: r.label.value.clone(),
            title: r
                .title
                .as_ref()
                .map_or_else(|| r.label.value.clone(), |t| t.value.clone()),
            url: r.url.as_ref().map(|u| {
                if let Err(why) = crate::markup::check_url(&u.value) {
                    self.report(
                        Diagnostic::error(
                            Code::InvalidUrl,
                            format!(
                                "`{}` is not a valid http(s) URL: {why}",
                                u.value.escape_debug()
                            ),
                        )
                        .at(u.span, "expected one absolute https://… URL"),
                    );
                }
                u.value.clone()
            }),
        }
    }

    /// Records a top-level Rust type name; reports a collision with an earlier one.
    fn claim_type(&mut self, name: String, span: Span, what: String) {
        if names::RESERVED_TYPES.contains(&name.as_str()) {
            self.report(
                Diagnostic::error(
                    Code::NameCollision,
                    format!("{what} would be the Rust type `{name}`, which the generated code defines or uses"),
                )
                .at(span, format!("becomes `{name}`"))
                .with_help("rename it"),
            );
            return;
        }
        let earlier = match self.types.entry(name) {
            Entry::Vacant(slot) => {
                slot.insert((span, what));
                return;
            }
            Entry::Occupied(earlier) => earlier,
        };
        let (name, (first, first_what)) = (earlier.key(), earlier.get());
        if *first_what == what {
            return; // the same definition twice: reported as a duplicate already
        }
        let mut d = Diagnostic::error(
            Code::NameCollision,
            format!("{what} and {first_what} would both be the Rust type `{name}`"),
        )
        .at(span, format!("becomes `{name}`"))
        .also(*first, format!("also becomes `{name}`"));
        if what.starts_with("event ") && first_what.starts_with("event ") {
            d = d.with_help(
                "rename one; for events of two categories, give one category a `rust_prefix`",
            );
        }
        self.report(d);
    }

    fn type_name(&mut self, text: &Text, what: &str) -> Option<String> {
        let name = names::type_name(&text.value);
        if name.is_none() {
            self.report(
                Diagnostic::error(
                    Code::InvalidName,
                    format!(
                        "{what} `{}` has no letter or digit to build a Rust name from",
                        text.value
                    ),
                )
                .at(text.span, "no Rust name"),
            );
        }
        name
    }

    /// Reports the first of each group of items that share a key.
    fn duplicates<'t>(&mut self, items: impl IntoIterator<Item = &'t Text>, what: &str) {
        self.duplicates_in(items, what, format_args!(""));
    }

    /// [`Self::duplicates`] within a scope named in the message (" on object `x`").
    fn duplicates_in<'t>(
        &mut self,
        items: impl IntoIterator<Item = &'t Text>,
        what: &str,
        scope: fmt::Arguments<'_>,
    ) {
        let mut seen = FirstSeen::default();
        for item in items {
            if let Some(first) = seen.first(&item.value, item.span) {
                self.report(
                    Diagnostic::error(
                        Code::DuplicateDefinition,
                        format!("{what} `{}` is defined twice{scope}", item.value),
                    )
                    .at(item.span, "defined again here")
                    .also(first, "first defined here"),
                );
            }
        }
    }

    /// The checks that compare objects: one title per method, one anchor per heading.
    fn across_objects(&mut self, spec: &Spec) {
        for category in &spec.events {
            self.consistent_titles(&category.objects);
        }
        self.heading_anchors(spec);
    }

    /// Every section of the docs is headed by its title, and documents link to sections by
    /// their title's text (Markdown anchors, RST labels): two titles that read the same, up to
    /// case, spacing and punctuation, would make those links ambiguous in any format.
    fn heading_anchors(&mut self, spec: &Spec) {
        let mut titles: Vec<&Text> = Vec::new();
        titles.extend(&spec.title);
        if let Some(u) = &spec.uptake {
            titles.extend(&u.title);
            titles.extend(u.sources.iter().filter_map(|s| s.title.as_ref()));
        }
        // Each scalar's section is headed by its name.
        titles.extend(spec.scalars.iter().filter_map(|s| s.name.as_ref()));
        for e in &spec.events {
            titles.extend(&e.title);
            titles.extend(e.enrollment_id.iter().filter_map(|id| id.title.as_ref()));
            titles.extend(e.objects.iter().filter_map(|o| o.title.as_ref()));
        }
        let mut seen: HashMap<String, &Text> = HashMap::new();
        for title in titles {
            // What a title reads as: its letters and digits, in lower case.
            let reads: String = title
                .value
                .chars()
                .filter(|c| c.is_alphanumeric())
                .flat_map(char::to_lowercase)
                .collect();
            match seen.get(&reads) {
                Some(first) => {
                    let d = Diagnostic::error(
                        Code::DuplicateHeading,
                        format!(
                            "the section titles `{}` and `{}` read the same: links to them would be ambiguous",
                            first.value, title.value
                        ),
                    )
                    .at(title.span, "second title")
                    .also(first.span, "first title")
                    .with_help("give them different titles");
                    self.report(d);
                }
                None => {
                    seen.insert(reads, title);
                }
            }
        }
    }

    /// Reports names that differ but map to the same Rust name within one scope.
    fn collisions<'t>(
        &mut self,
        items: impl IntoIterator<Item = (&'t Text, &'t str)>,
        what: fmt::Arguments<'_>,
    ) {
        let mut seen = FirstSeen::default();
        for (text, rust) in items {
            match seen.first(rust, text) {
                Some(first) if first.value != text.value => {
                    let d = Diagnostic::error(
                        Code::NameCollision,
                        format!(
                            "`{}` and `{}` ({what}) would both be `{rust}` in Rust",
                            first.value, text.value
                        ),
                    )
                    .at(text.span, format!("becomes `{rust}`"))
                    .also(first.span, format!("also becomes `{rust}`"))
                    .with_help("rename one of them");
                    self.report(d);
                }
                _ => {}
            }
        }
    }

    /// Applies a platform limit: an error, or a note when the item waives it.
    fn limit(
        &mut self,
        lint: Code,
        waivers: &[Waiver],
        used: &mut Vec<String>,
        diagnostic: Diagnostic,
    ) {
        let Some(waiver) = waivers.iter().find(|w| w.lint.value == lint.as_str()) else {
            self.report(diagnostic);
            return;
        };
        let Some(found) = lints::find(lint.as_str()).filter(|l| l.waivable) else {
            self.report(diagnostic);
            return;
        };
        used.push(lint.as_str().to_string());
        let reason = waiver.reason.as_ref().map_or("", |r| r.value.as_str());
        let mut note = Diagnostic::note(found.code, format!("waived: {}", diagnostic.message));
        note.primary = diagnostic.primary;
        note = note
            .also(waiver.lint.span, "waived here")
            .with_note(format!("reason given: {reason}"));
        self.report(note);
    }

    /// Checks the waivers of one item after its limits ran: unknown, unwaivable, unused.
    fn waivers(&mut self, waivers: &[Waiver], used: &[String]) {
        for waiver in waivers {
            let name = waiver.lint.value.as_str();
            match lints::find(name) {
                None => {
                    let all: Vec<&str> = lints::LINTS.iter().map(|l| l.code.as_str()).collect();
                    let mut d = Diagnostic::error(Code::UnknownLint, format!("`{name}` is not a lint that can be waived"))
                        .at(waiver.lint.span, "unknown lint");
                    d = match closest(name, &all) {
                        Some(s) => d.with_help(format!("did you mean `{s}`?")),
                        None => d.with_note(format!("waivable lints: {}", waivable().join(", "))),
                    };
                    self.report(d);
                }
                Some(Lint { waivable: false, .. }) => self.report(
                    Diagnostic::error(Code::UnwaivableLint, format!("`{name}` cannot be waived"))
                        .at(waiver.lint.span, "not waivable")
                        .with_note("Firefox truncates values over 80 bytes: waiving would lose data silently"),
                ),
                Some(_) if !used.iter().any(|u| u == name) => self.report(
                    Diagnostic::warning(Code::UnusedWaiver, format!("`{name}` is waived but not exceeded here"))
                        .at(waiver.lint.span, "nothing to waive")
                        .with_help("remove the waiver"),
                ),
                Some(_) => {}
            }
        }
    }

    /// The Firefox name pattern and a length limit for a category, method, object or extra key.
    fn platform_name(
        &mut self,
        name: &Text,
        what: &str,
        length_lint: Code,
        max: usize,
        waivers: &[Waiver],
        used: &mut Vec<String>,
    ) {
        if !limits::is_valid_name(&name.value) {
            let d = Diagnostic::error(
                Code::NamePattern,
                format!(
                    "{what} `{}` does not match Firefox's name pattern",
                    name.value
                ),
            )
            .at(name.span, "invalid name")
            .with_note("names match ^[a-zA-Z][a-zA-Z0-9_.]*[a-zA-Z0-9]$");
            self.limit(Code::NamePattern, waivers, used, d);
        }
        let len = name.value.chars().count();
        if len > max {
            let d = Diagnostic::error(
                length_lint,
                format!(
                    "{what} `{}` is {len} characters; Firefox allows {max}",
                    name.value
                ),
            )
            .at(name.span, format!("{len} characters, over {max}"));
            self.limit(length_lint, waivers, used, d);
        }
    }

    fn uptake(&mut self, u: &spec::Uptake) -> Option<model::Uptake> {
        self.duplicates(&u.telemetry_values, "telemetry value");
        for value in &u.telemetry_values {
            if !uptake::STATUSES.contains(&value.value.as_str()) {
                let mut d = Diagnostic::error(
                    Code::UnknownTelemetryValue,
                    format!("`{}` is not an Uptake Telemetry status", value.value),
                )
                .at(value.span, "not a status Firefox records")
                .with_note(format!("the statuses are: {}", uptake::STATUSES.join(", ")));
                // Firefox's constant names differ from the values it records for three.
                let renamed = [
                    ("signature_error", "sign_error"),
                    ("signature_retry_error", "sign_retry_error"),
                    ("network_offline_error", "offline_error"),
                ];
                let recorded = renamed
                    .iter()
                    .find(|(name, _)| *name == value.value)
                    .map(|(_, v)| *v);
                if let Some(c) = recorded.or_else(|| closest(&value.value, &uptake::STATUSES)) {
                    d = d.with_help(format!("did you mean `{c}`?"));
                }
                self.report(d);
            }
        }
        let component = self.uptake_component(u);
        let declared: Vec<&str> = u
            .telemetry_values
            .iter()
            .map(|v| v.value.as_str())
            .collect();
        self.duplicates(
            u.sources.iter().filter_map(|s| s.name.as_ref()),
            "uptake source",
        );
        self.duplicates(
            u.sources
                .iter()
                .flat_map(|s| s.statuses.iter().filter_map(|st| st.constant.as_ref())),
            "status constant",
        );
        let description = self.opt_markup(&u.description);
        let mut sources = Vec::new();
        for s in &u.sources {
            let source = self.uptake_source(s, &declared, u.telemetry_values_span);
            sources.extend(source);
        }
        Some(model::Uptake {
            title: u.title.as_ref()?.value.clone(),
            description,
            component: component?,
            category: uptake::CATEGORY,
            method: uptake::METHOD,
            histogram: uptake::HISTOGRAM,
            triggers: uptake::Trigger::VALUES,
            telemetry_values: declared.iter().map(|s| s.to_string()).collect(),
            sources,
        })
    }

    /// The component that reports, the uptake events' object: `component`, or else the first
    /// segment of the source keys when they all share it (`normandy/runner` → `normandy`).
    fn uptake_component(&mut self, u: &spec::Uptake) -> Option<String> {
        let component = match &u.component {
            Some(c) => c.clone(),
            None => {
                let firsts: Vec<&Text> = u.sources.iter().filter_map(|s| s.key.as_ref()).collect();
                let first = |k: &Text| k.value.split(['/', '<']).next().unwrap_or("").to_string();
                let shared = firsts
                    .first()
                    .map(|k| first(k))
                    .filter(|f| !f.is_empty() && firsts.iter().all(|k| first(k) == *f));
                match shared {
                    Some(name) => Located::new(name, firsts[0].span),
                    None if firsts.is_empty() => return None,
                    None => {
                        self.report(
                            Diagnostic::error(
                                Code::MissingKey,
                                "`uptake` has no `component`, and its source keys do not share a first segment to take it from",
                            )
                            .at(firsts[0].span, "first key")
                            .with_help("add `component: name`, the component that reports (the uptake events' object)"),
                        );
                        return None;
                    }
                }
            }
        };
        let mut used = Vec::new();
        self.platform_name(
            &component,
            "uptake component (an event object)",
            Code::ObjectLength,
            limits::MAX_OBJECT_LEN,
            &[],
            &mut used,
        );
        Some(component.value)
    }

    fn uptake_source(
        &mut self,
        s: &spec::UptakeSource,
        declared: &[&str],
        declared_span: Span,
    ) -> Option<model::UptakeSource> {
        let name = s.name.as_ref()?;
        let rust_name = self
            .type_name(name, "uptake source")
            .map(|n| names::join_types(&n, "Status"));
        if let Some(rust) = &rust_name {
            let what = format!("uptake source `{}`", name.value);
            self.claim_type(rust.clone(), name.span, what);
        }
        let key_parts = s.key.as_ref().and_then(|k| self.key_template(k));
        let reported = s.reported.as_ref().map(|r| self.markup(r));
        if s.statuses.is_empty() {
            self.report(
                Diagnostic::error(
                    Code::EmptyEnum,
                    format!("uptake source `{}` has no statuses", name.value),
                )
                .at(name.span, "no statuses"),
            );
        }
        let prefix = format!("{}_", name.value.to_uppercase());
        let mut statuses = Vec::new();
        let mut variants = Vec::new();
        for st in &s.statuses {
            let (Some(constant), Some(value)) = (&st.constant, &st.value) else {
                continue;
            };
            let valid_constant = constant.value.starts_with(|c: char| c.is_ascii_uppercase())
                && constant
                    .value
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
            if !valid_constant {
                self.report(
                    Diagnostic::error(
                        Code::InvalidName,
                        format!(
                            "status constant `{}` is not SCREAMING_SNAKE_CASE",
                            constant.value
                        ),
                    )
                    .at(constant.span, "expected e.g. `RUNNER_SUCCESS`"),
                );
            }
            if !declared.contains(&value.value.as_str()) {
                let mut d = Diagnostic::error(
                    Code::UnknownTelemetryValue,
                    format!(
                        "telemetry value `{}` is not declared in `telemetry_values`",
                        value.value
                    ),
                )
                .at(value.span, "not declared")
                .also(declared_span, "declared values");
                if let Some(c) = closest(&value.value, declared) {
                    d = d.with_help(format!("did you mean `{c}`?"));
                }
                self.report(d);
            }
            let short = constant
                .value
                .strip_prefix(&prefix)
                .filter(|rest| !rest.is_empty())
                .unwrap_or(&constant.value);
            let variant = names::type_name(short);
            let description = st.description.as_ref().map(|d| self.markup(d));
            if let Some(variant) = &variant {
                variants.push((constant.clone(), variant.clone()));
            }
            statuses.push(model::Status {
                span: constant.span,
                constant: constant.value.clone(),
                value: value.value.clone(),
                description: description.unwrap_or_default(),
                rust_variant: variant.unwrap_or_default(),
            });
        }
        self.collisions(
            variants.iter().map(|(t, r)| (t, r.as_str())),
            format_args!("status constants"),
        );
        // A recorded status is its telemetry value: two of one source with one value cannot
        // be told apart in the data.
        let mut seen = FirstSeen::default();
        for st in &s.statuses {
            let (Some(constant), Some(value)) = (&st.constant, &st.value) else {
                continue;
            };
            if let Some(first) = seen.first(&value.value, constant) {
                self.report(
                    Diagnostic::warning(
                        Code::AmbiguousStatus,
                        format!(
                            "statuses `{}` and `{}` of source `{}` both record `{}`: decoding gives the first",
                            first.value, constant.value, name.value, value.value
                        ),
                    )
                    .at(value.span, "same value")
                    .also(first.span, "first status"),
                );
            }
        }
        let rust_event = self
            .type_name(name, "uptake source")
            .map(|n| names::join_types(&n, "Uptake"));
        if let Some(rust) = &rust_event {
            let what = format!("the uptake events of source `{}`", name.value);
            self.claim_type(rust.clone(), name.span, what);
        }
        Some(model::UptakeSource {
            span: name.span,
            name: name.value.clone(),
            title: s.title.as_ref()?.value.clone(),
            key: s.key.as_ref()?.value.clone(),
            key_parts: key_parts?,
            reported: reported?,
            statuses,
            rust_name: rust_name?,
            rust_event: rust_event?,
        })
    }

    fn key_template(&mut self, key: &Text) -> Option<Vec<model::KeyPart>> {
        let mut parts = Vec::new();
        let mut rest = key.value.as_str();
        let mut params: Vec<(Text, String)> = Vec::new();
        while let Some(open) = rest.find(['<', '>']) {
            let at = self.locate(key.span, &rest[open..]);
            if rest[open..].starts_with('>') {
                self.report(
                    Diagnostic::error(Code::InvalidKey, "`>` without `<` in a key template")
                        .at(at, "unmatched"),
                );
                return None;
            }
            let Some(close) = rest[open..].find('>').map(|c| c + open) else {
                self.report(
                    Diagnostic::error(Code::InvalidKey, "`<` is not closed in a key template")
                        .at(at, "unclosed"),
                );
                return None;
            };
            let name = &rest[open + 1..close];
            let Some(rust_name) = names::field_name(name).filter(|_| !name.contains('<')) else {
                self.report(
                    Diagnostic::error(
                        Code::InvalidKey,
                        format!("key parameter `<{name}>` needs a name made of letters and digits"),
                    )
                    .at(at, "invalid parameter"),
                );
                return None;
            };
            if open > 0 {
                parts.push(model::KeyPart::Literal {
                    text: rest[..open].to_string(),
                });
            }
            if ["status", "trigger"].contains(&rust_name.as_str()) {
                self.report(
                    Diagnostic::error(
                        Code::NameCollision,
                        format!(
                            "key parameter `<{name}>` would be the field `{rust_name}` of the uptake event, which holds its {rust_name}"
                        ),
                    )
                    .at(at, format!("becomes `{rust_name}`"))
                    .with_help("rename the parameter"),
                );
            }
            params.push((Located::new(name.to_string(), at), rust_name.clone()));
            parts.push(model::KeyPart::Param {
                name: name.to_string(),
                rust_name,
            });
            rest = &rest[close + 1..];
        }
        if !rest.is_empty() {
            parts.push(model::KeyPart::Literal {
                text: rest.to_string(),
            });
        }
        self.collisions(
            params.iter().map(|(t, r)| (t, r.as_str())),
            format_args!("key parameters"),
        );
        let names: Vec<Text> = params.into_iter().map(|p| p.0).collect();
        self.duplicates(&names, "key parameter");
        Some(parts)
    }

    fn scalars(&mut self, scalars: &[spec::Scalar]) -> Option<Vec<model::Scalar>> {
        self.duplicates(scalars.iter().filter_map(|s| s.name.as_ref()), "scalar");
        let mut out = Vec::new();
        let mut ok = true;
        for s in scalars {
            match self.scalar(s) {
                Some(scalar) => out.push(scalar),
                None => ok = false,
            }
        }
        ok.then_some(out)
    }

    fn scalar(&mut self, s: &spec::Scalar) -> Option<model::Scalar> {
        let name = s.name.as_ref()?;
        let valid = name.value.split('.').all(|part| {
            part.starts_with(|c: char| c.is_ascii_alphabetic())
                && part.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        });
        if !valid {
            self.report(
                Diagnostic::error(
                    Code::InvalidName,
                    format!(
                        "scalar name `{}` is not dot-separated identifiers",
                        name.value
                    ),
                )
                .at(name.span, "expected e.g. `normandy.recipe_freshness`"),
            );
        }
        let last = name.value.rsplit('.').next().unwrap_or(&name.value);
        let rust_name = self.type_name(&Located::new(last.to_string(), name.span), "scalar");
        if let Some(rust) = &rust_name {
            self.claim_type(rust.clone(), name.span, format!("scalar `{}`", name.value));
        }
        let kind_text = s.kind.as_ref()?;
        let kind = model::ScalarKind::ALL
            .iter()
            .find(|(n, _)| *n == kind_text.value)
            .map(|(_, k)| *k);
        if kind.is_none() {
            let all: Vec<&str> = model::ScalarKind::ALL.iter().map(|(n, _)| *n).collect();
            self.unknown_choice(kind_text, "scalar kind", &all);
        }
        if !s.keyed
            && let Some(key) = &s.key
        {
            self.report(
                Diagnostic::error(Code::InvalidScalar, "`key` is only for keyed scalars")
                    .at(key.span, "not keyed")
                    .with_help("add `keyed: true` or remove `key`"),
            );
        }
        let description = self.markup(s.description.as_ref()?);
        let parent = self.spec_metadata.clone();
        let resolved = self
            .item_metadata(
                &s.metadata,
                &parent,
                &format!("scalar `{}`", name.value),
                name.span,
            )
            .resolve();
        Some(model::Scalar {
            span: name.span,
            name: name.value.clone(),
            kind: kind?,
            keyed: s.keyed,
            key: s.key.as_ref().map(|k| k.value.clone()),
            unit: s.unit.as_ref().map(|u| u.value.clone()),
            description,
            rust_name: rust_name?,
            metadata_fields: resolved.fields(None),
            metadata: resolved,
        })
    }

    fn unknown_choice(&mut self, text: &Text, what: &str, all: &[&str]) {
        let mut d = Diagnostic::error(
            format_code(what),
            format!("unknown {what} `{}`", text.value),
        )
        .at(text.span, format!("expected one of: {}", all.join(", ")));
        if let Some(c) = closest(&text.value, all) {
            d = d.with_help(format!("did you mean `{c}`?"));
        }
        self.report(d);
    }

    /// Every category: names unique, at most one enrollment-id section, which every
    /// `enrollment_id` extra of any category uses.
    fn categories(&mut self, categories: &[spec::Category]) -> Option<Vec<model::Category>> {
        self.duplicates(
            categories.iter().filter_map(|c| c.category.as_ref()),
            "category",
        );
        let sections: Vec<&spec::EnrollmentId> = categories
            .iter()
            .filter_map(|c| c.enrollment_id.as_ref())
            .collect();
        if let [first, second, ..] = sections.as_slice() {
            let at =
                |id: &spec::EnrollmentId| id.title.as_ref().or(id.filler.as_ref()).map(|t| t.span);
            if let (Some(first), Some(second)) = (at(first), at(second)) {
                self.report(
                    Diagnostic::error(
                        Code::DuplicateDefinition,
                        "two categories declare an `enrollment_id` section; a spec has one filler",
                    )
                    .at(second, "declared again here")
                    .also(first, "first declared here")
                    .with_help("keep one: `enrollment_id` extras of every category use it"),
                );
            }
        }
        let has_ids = !sections.is_empty();
        let mut out = Vec::new();
        let mut ok = true;
        for c in categories {
            match self.category(c, has_ids) {
                Some(c) => out.push(c),
                None => ok = false,
            }
        }
        ok.then_some(out)
    }

    fn category(&mut self, e: &spec::Category, has_ids: bool) -> Option<model::Category> {
        let mut used = Vec::new();
        if let Some(category) = &e.category {
            self.platform_name(
                category,
                "category",
                Code::CategoryLength,
                limits::MAX_CATEGORY_LEN,
                &e.waivers,
                &mut used,
            );
        }
        self.waivers(&e.waivers, &used);
        let description = self.opt_markup(&e.description);
        let enrollment_id = e
            .enrollment_id
            .as_ref()
            .and_then(|id| self.enrollment_id(id));
        self.duplicates_in(
            e.objects.iter().filter_map(|o| o.name.as_ref()),
            "object",
            format_args!(
                " in category `{}`",
                e.category.as_ref().map_or("", |c| c.value.as_str())
            ),
        );
        let category = e.category.as_ref();
        let prefix = match &e.rust_prefix {
            Some(p) => Some(self.type_name(p, "`rust_prefix`")?),
            None => None,
        };
        self.shared_objects(e);
        let cat_metadata =
            metadata::level(&e.metadata, self.diagnostics).under(&self.spec_metadata);
        let cat_resolved = cat_metadata.resolve();
        let parent = (&cat_metadata, &cat_resolved);
        let objects = e
            .objects
            .iter()
            .filter_map(|o| {
                let shared: Vec<&spec::Event> = e
                    .events
                    .iter()
                    .filter(|ev| {
                        o.name
                            .as_ref()
                            .is_some_and(|n| ev.objects.iter().any(|x| x.value == n.value))
                    })
                    .collect();
                self.object(category?, prefix.as_deref(), o, &shared, parent)
            })
            .collect();
        if !has_ids {
            for extra in e
                .objects
                .iter()
                .flat_map(|o| &o.events)
                .flat_map(|ev| &ev.extras)
            {
                if extra_type(extra) == Some(ExtraType::EnrollmentId) {
                    self.report(
                        Diagnostic::error(Code::MissingEnrollmentId, "an extra is an enrollment id, but `events` has no `enrollment_id` section")
                            .at(extra.key.span, "enrollment id")
                            .with_help("add `enrollment_id: {title, filler, description}` under `events`"),
                    );
                    break;
                }
            }
        }
        Some(model::Category {
            title: e.title.as_ref()?.value.clone(),
            description,
            name: e.category.as_ref()?.value.clone(),
            enrollment_id,
            objects,
            metadata_fields: cat_resolved.fields(None),
            metadata: cat_resolved,
        })
    }

    /// The same method should carry the same title on every object (the seed page drifted).
    fn consistent_titles(&mut self, objects: &[spec::Object]) {
        let mut first = FirstSeen::default();
        for object in objects {
            // A method defined twice on one object is a `duplicate-definition`; its second
            // title is not a second problem.
            let mut on_object = std::collections::HashSet::new();
            for event in &object.events {
                let (Some(method), Some(title)) = (&event.method, &event.title) else {
                    continue;
                };
                if !on_object.insert(method.value.as_str()) {
                    continue;
                }
                if let Some(earlier) = first.first(&method.value, title)
                    && earlier.value != title.value
                {
                    self.report(
                        Diagnostic::warning(
                            Code::InconsistentTitle,
                            format!(
                                "method `{}` is titled \"{}\" here but \"{}\" elsewhere",
                                method.value, title.value, earlier.value
                            ),
                        )
                        .at(title.span, "this title")
                        .also(earlier.span, "first title")
                        .with_help("use one title for one method across objects"),
                    );
                }
            }
        }
    }

    fn enrollment_id(&mut self, id: &spec::EnrollmentId) -> Option<model::EnrollmentId> {
        let filler = id.filler.as_ref()?;
        if filler.value.len() > limits::MAX_VALUE_BYTES {
            self.report(
                Diagnostic::error(
                    Code::ValueLength,
                    format!(
                        "the filler is {} bytes; extra values are at most 80",
                        filler.value.len()
                    ),
                )
                .at(filler.span, "too long"),
            );
        }
        if eventspec_runtime::uuid::parse_uuid(&filler.value).is_some() {
            self.report(
                Diagnostic::error(
                    Code::InvalidFiller,
                    "the filler is a UUID, so it could not be told apart from a real enrollment id",
                )
                .at(filler.span, "a UUID"),
            );
        }
        let description = self.markup(id.description.as_ref()?);
        Some(model::EnrollmentId {
            title: id.title.as_ref()?.value.clone(),
            filler: filler.value.clone(),
            description,
        })
    }

    /// The objects each event of the category's `events` names: declared, each once.
    fn shared_objects(&mut self, e: &spec::Category) {
        let declared: Vec<&str> = e
            .objects
            .iter()
            .filter_map(|o| o.name.as_ref().map(|n| n.value.as_str()))
            .collect();
        for event in &e.events {
            let method = event.method.as_ref().map_or("", |m| m.value.as_str());
            self.duplicates_in(
                &event.objects,
                "object",
                format_args!(" in the `objects` of event `{method}`"),
            );
            for object in &event.objects {
                if !declared.contains(&object.value.as_str()) {
                    let mut d = Diagnostic::error(
                        Code::UndefinedReference,
                        format!(
                            "event `{method}` is on object `{}`, which the category does not declare",
                            object.value
                        ),
                    )
                    .at(object.span, "no such object");
                    if let Some(c) = closest(&object.value, &declared) {
                        d = d.with_help(format!("did you mean `{c}`?"));
                    }
                    self.report(d);
                }
            }
        }
    }

    /// An object with its own events, then the category's `shared` events that name it.
    fn object(
        &mut self,
        category: &Text,
        prefix: Option<&str>,
        o: &spec::Object,
        shared: &[&spec::Event],
        parent: (&Level, &model::Metadata),
    ) -> Option<model::Object> {
        let name = o.name.as_ref()?;
        let mut used = Vec::new();
        self.platform_name(
            name,
            "object",
            Code::ObjectLength,
            limits::MAX_OBJECT_LEN,
            &o.waivers,
            &mut used,
        );
        self.waivers(&o.waivers, &used);
        let rust_name = self.type_name(name, "object").map(|n| match prefix {
            Some(p) => names::join_types(p, &n),
            None => n,
        });
        let value = o.value.as_ref().map(|v| self.event_value(v));
        let all: Vec<&spec::Event> = o.events.iter().chain(shared.iter().copied()).collect();
        if all.is_empty() {
            self.report(
                Diagnostic::error(
                    Code::EmptyValue,
                    format!("object `{}` has no events", name.value),
                )
                .at(name.span, "no events")
                .with_help(
                    "list them under its `events`, or name it in the `objects` of a category event",
                ),
            );
        }
        self.duplicates_in(
            all.iter().filter_map(|e| e.method.as_ref()),
            "method",
            format_args!(" on object `{}`", name.value),
        );
        let mut events = Vec::with_capacity(all.len());
        for event in all {
            // Methods that differ only in case or separators collide as Rust types: `claim_type`.
            if let Some(ev) = self.event(
                category,
                name,
                rust_name.as_deref(),
                value.clone(),
                event,
                parent,
            ) {
                events.push(ev);
            }
        }
        Some(model::Object {
            name: name.value.clone(),
            title: o.title.as_ref()?.value.clone(),
            events,
            rust_name: rust_name?,
        })
    }

    fn event(
        &mut self,
        category: &Text,
        object: &Text,
        object_rust: Option<&str>,
        object_value: Option<Option<model::EventValue>>,
        e: &spec::Event,
        parent: (&Level, &model::Metadata),
    ) -> Option<model::Event> {
        let method = e.method.as_ref()?;
        let name = format!("{}.{}.{}", category.value, object.value, method.value);
        let mut used = Vec::new();
        self.platform_name(
            method,
            "method",
            Code::MethodLength,
            limits::MAX_METHOD_LEN,
            &e.waivers,
            &mut used,
        );
        if e.extras.len() > limits::MAX_EXTRA_KEYS {
            let d = Diagnostic::error(
                Code::ExtraCount,
                format!(
                    "event `{}` has {} extras; Firefox allows {}",
                    method.value,
                    e.extras.len(),
                    limits::MAX_EXTRA_KEYS
                ),
            )
            .at(
                e.extras
                    .get(limits::MAX_EXTRA_KEYS)
                    .map_or(e.extras_span, |x| x.key.span),
                "one too many",
            );
            self.limit(Code::ExtraCount, &e.waivers, &mut used, d);
        }
        self.waivers(&e.waivers, &used);
        let rust_name = object_rust
            .zip(names::type_name(&method.value))
            .map(|(o, m)| names::join_types(o, &m));
        if let Some(rust) = &rust_name {
            self.claim_type(rust.clone(), method.span, format!("event `{name}`"));
        }
        let metadata = self
            .item_metadata(
                &e.metadata,
                parent.0,
                &format!("event `{name}`"),
                method.span,
            )
            .resolve();
        let description = self.opt_markup(&e.description);
        // Neither the event nor its object says: a value Firefox allows, undescribed.
        let value = match &e.value {
            Some(v) => self.event_value(v),
            None => object_value.unwrap_or(Some(model::EventValue::Undescribed)),
        };
        self.duplicates_in(
            e.extras.iter().map(|x| &x.key),
            "extra",
            format_args!(" on event `{}`", method.value),
        );
        let mut fields: Vec<(&Text, String)> = Vec::new();
        let mut extras = Vec::with_capacity(e.extras.len());
        for x in &e.extras {
            let field = names::field_name(&x.key.value);
            match &field {
                Some(f) if names::RESERVED_FIELDS.contains(&f.as_str()) => self.report(
                    Diagnostic::error(
                        Code::NameCollision,
                        format!(
                            "extra `{}` would be the field `{f}`, which holds the event value",
                            x.key.value
                        ),
                    )
                    .at(x.key.span, format!("becomes `{f}`"))
                    .with_help("rename the extra"),
                ),
                Some(f) => fields.push((&x.key, f.clone())),
                None => {
                    self.type_name(&x.key, "extra");
                }
            }
            let extra = self.extra(x, e, rust_name.as_deref(), field);
            extras.extend(extra);
        }
        self.collisions(
            fields.iter().map(|(t, r)| (*t, r.as_str())),
            format_args!("extras"),
        );
        Some(model::Event {
            span: method.span,
            renamed_from: e.renamed_from.as_ref().map(|r| r.value.clone()),
            category: category.value.clone(),
            object: object.value.clone(),
            method: method.value.clone(),
            title: e.title.as_ref()?.value.clone(),
            description,
            value: value?,
            extras,
            rust_name: rust_name?,
            metadata_fields: metadata.fields(Some(parent.1)),
            metadata,
            name,
        })
    }

    /// A `value` as written: its meaning, or `false` (`None` when it does not read).
    fn event_value(&mut self, v: &spec::EventValue) -> Option<model::EventValue> {
        match v {
            spec::EventValue::Meaning(text) => Some(model::EventValue::Described {
                meaning: self.markup(text),
            }),
            spec::EventValue::None => Some(model::EventValue::Absent),
            spec::EventValue::Invalid => None,
        }
    }

    fn extra(
        &mut self,
        x: &spec::Extra,
        event: &spec::Event,
        event_rust: Option<&str>,
        field: Option<String>,
    ) -> Option<model::Extra> {
        let mut used = Vec::new();
        self.platform_name(
            &x.key,
            "extra key",
            Code::ExtraKeyLength,
            limits::MAX_EXTRA_KEY_LEN,
            &x.waivers,
            &mut used,
        );
        let declared = extra_type(x);
        if let (None, Some(kind)) = (declared, &x.kind) {
            let names: Vec<&str> = EXTRA_TYPES.iter().map(|(name, _)| *name).collect();
            self.unknown_choice(kind, "extra type", &names);
        }
        let kind = match declared {
            Some(ExtraType::Enum) => self.enum_kind(x, event_rust),
            Some(ExtraType::Boolean) => Some(model::ExtraKind::Boolean),
            Some(ExtraType::Quantity) => self.quantity(x),
            Some(ExtraType::Uuid) => Some(model::ExtraKind::Uuid),
            Some(ExtraType::EnrollmentId) => Some(model::ExtraKind::EnrollmentId),
            Some(ExtraType::String) | None => Some(model::ExtraKind::String),
        };
        if declared.is_some_and(|t| t != ExtraType::Enum)
            && let Some(span) = x.values_span
        {
            self.report(
                Diagnostic::error(
                    Code::ValuesWithoutEnum,
                    format!(
                        "extra `{}` lists `values` but is not `type: enum`",
                        x.key.value
                    ),
                )
                .at(span, "values")
                .with_help("add `type: enum`"),
            );
        }
        if declared != Some(ExtraType::Quantity) {
            for bound in [&x.min, &x.max].into_iter().flatten() {
                self.report(
                    Diagnostic::error(
                        Code::BoundsWithoutQuantity,
                        format!(
                            "extra `{}` has bounds but is not `type: quantity`",
                            x.key.value
                        ),
                    )
                    .at(bound.span, "a bound")
                    .with_help("add `type: quantity`, or remove `min` and `max`"),
                );
            }
        }
        if let Some(max) = &x.max_length
            && max.value > limits::MAX_VALUE_BYTES as u64
        {
            let d = Diagnostic::error(
                Code::ValueLength,
                format!(
                    "`max_length` {} is over Firefox's limit of {} bytes for an extra value",
                    max.value,
                    limits::MAX_VALUE_BYTES
                ),
            )
            .at(max.span, "too long");
            self.limit(Code::ValueLength, &x.waivers, &mut used, d);
        }
        for channel in &x.channels {
            if !CHANNELS.contains(&channel.value.as_str()) {
                self.unknown_choice(channel, "channel", CHANNELS);
            }
        }
        let presence = self.presence(x, event);
        self.waivers(&x.waivers, &used);
        let description = self.markup(x.description.as_ref()?);
        Some(model::Extra {
            span: x.key.span,
            renamed_from: x.renamed_from.as_ref().map(|r| r.value.clone()),
            key: x.key.value.clone(),
            description,
            kind: kind?,
            presence: presence?,
            channels: x.channels.iter().map(|c| c.value.clone()).collect(),
            max_length: x
                .max_length
                .as_ref()
                .map_or(limits::MAX_VALUE_BYTES, |m| m.value as usize)
                .min(limits::MAX_VALUE_BYTES),
            truncate: x.truncate,
            rust_field: field?,
        })
    }

    /// A quantity's bounds: `min` (default 0) to `max` (default the largest `i64`).
    fn quantity(&mut self, x: &spec::Extra) -> Option<model::ExtraKind> {
        let min = x.min.as_ref().map_or(0, |m| m.value);
        let max = x.max.as_ref().map_or(i64::MAX, |m| m.value);
        if min > max {
            let at = x.min.as_ref().map_or(x.key.span, |m| m.span);
            let mut d = Diagnostic::error(
                Code::OutOfRange,
                format!(
                    "quantity `{}` has `min` {min} over its `max` {max}: no value is allowed",
                    x.key.value
                ),
            )
            .at(at, "min");
            if let Some(m) = &x.max {
                d = d.also(m.span, "max");
            }
            self.report(d);
            return None;
        }
        Some(model::ExtraKind::Quantity { min, max })
    }

    fn enum_kind(&mut self, x: &spec::Extra, event_rust: Option<&str>) -> Option<model::ExtraKind> {
        if x.values_invalid {
            // Reported where it was read (`wrong-type`): one mistake, one diagnostic.
            return None;
        }
        if x.values.is_empty() {
            self.report(
                Diagnostic::error(
                    Code::EmptyEnum,
                    format!("enum extra `{}` has no values", x.key.value),
                )
                .at(x.values_span.unwrap_or(x.key.span), "no values")
                .with_help("list them: `values: {value: description, …}`"),
            );
            return None;
        }
        let mut variants = Vec::new();
        let mut values = Vec::new();
        for v in &x.values {
            if v.value.value.len() > limits::MAX_VALUE_BYTES {
                self.report(
                    Diagnostic::error(
                        Code::ValueLength,
                        format!(
                            "enum value is {} bytes; extra values are at most 80",
                            v.value.value.len()
                        ),
                    )
                    .at(v.value.span, "too long"),
                );
            }
            let variant = self.type_name(&v.value, "enum value");
            if let Some(variant) = &variant {
                variants.push((&v.value, variant.clone()));
            }
            let description = v.description.as_ref().map(|d| self.markup(d));
            values.push(model::EnumValue {
                span: v.value.span,
                value: v.value.value.clone(),
                description: description.unwrap_or_default(),
                rust_variant: variant.unwrap_or_default(),
            });
        }
        self.collisions(
            variants.iter().map(|(t, r)| (*t, r.as_str())),
            format_args!("values of extra `{}`", x.key.value),
        );
        let rust_name = names::join_types(event_rust?, &names::type_name(&x.key.value)?);
        self.claim_type(
            rust_name.clone(),
            x.key.span,
            format!("the values of extra `{}`", x.key.value),
        );
        Some(model::ExtraKind::Enum { values, rust_name })
    }

    fn presence(&mut self, x: &spec::Extra, event: &spec::Event) -> Option<model::Presence> {
        let Some(when) = &x.when else {
            return Some(if x.optional || !x.channels.is_empty() {
                model::Presence::Optional
            } else {
                model::Presence::Always
            });
        };
        let target = event
            .extras
            .iter()
            .find(|other| other.key.value == when.extra.value);
        let Some(target) = target.filter(|t| t.key.value != x.key.value) else {
            let keys: Vec<&str> = event
                .extras
                .iter()
                .map(|e| e.key.value.as_str())
                .filter(|k| *k != x.key.value)
                .collect();
            let mut d = Diagnostic::error(
                Code::UndefinedReference,
                format!(
                    "`when` names extra `{}`, which this event does not have",
                    when.extra.value
                ),
            )
            .at(when.extra.span, "no such extra");
            if let Some(c) = closest(&when.extra.value, &keys) {
                d = d.with_help(format!("did you mean `{c}`?"));
            }
            self.report(d);
            return None;
        };
        if extra_type(target) != Some(ExtraType::Enum) {
            self.report(
                Diagnostic::error(
                    Code::InvalidCondition,
                    format!(
                        "`when` must name an enum extra; `{}` is not one",
                        target.key.value
                    ),
                )
                .at(when.extra.span, "not an enum")
                .also(target.key.span, "defined here"),
            );
            return None;
        }
        if target.when.is_some() {
            self.report(
                Diagnostic::error(
                    Code::InvalidCondition,
                    format!(
                        "`{}` is itself conditional; conditions do not chain",
                        target.key.value
                    ),
                )
                .at(when.extra.span, "conditional extra"),
            );
            return None;
        }
        let allowed: Vec<&str> = target
            .values
            .iter()
            .map(|v| v.value.value.as_str())
            .collect();
        let mut ok = true;
        if when.values.is_empty() {
            self.report(
                Diagnostic::error(
                    Code::InvalidCondition,
                    "`when` lists no values, so the extra could never be sent",
                )
                .at(when.extra.span, "no values"),
            );
            ok = false;
        }
        for value in &when.values {
            if !allowed.contains(&value.value.as_str()) {
                let mut d = Diagnostic::error(
                    Code::UndefinedReference,
                    format!(
                        "`{}` is not a value of extra `{}`",
                        value.value, target.key.value
                    ),
                )
                .at(value.span, "not an allowed value")
                .also(
                    target.values_span.unwrap_or(target.key.span),
                    "allowed values",
                );
                d = match closest(&value.value, &allowed) {
                    Some(c) => d.with_help(format!("did you mean `{c}`?")),
                    None => d.with_note(format!("allowed values: {}", allowed.join(", "))),
                };
                self.report(d);
                ok = false;
            }
        }
        self.duplicates(&when.values, "condition value");
        ok.then(|| model::Presence::When {
            extra: target.key.value.clone(),
            values: when.values.iter().map(|v| v.value.clone()).collect(),
            optional: x.optional || !x.channels.is_empty(),
        })
    }
}

fn waivable() -> Vec<&'static str> {
    lints::LINTS
        .iter()
        .filter(|l| l.waivable)
        .map(|l| l.code.as_str())
        .collect()
}

fn format_code(what: &str) -> Code {
    match what {
        "scalar kind" => Code::UnknownScalarKind,
        "extra type" => Code::UnknownType,
        _ => Code::UnknownChannel,
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use crate::Source;
    use crate::diagnostic::Code;

    /// Prose said twice is parsed once and held once, and each place it is said still reports
    /// its own problems.
    #[test]
    fn repeated_prose_is_one_markup_and_is_checked_where_it_is() {
        let event = |method: &str| {
            format!(
                "      - method: {method}\n        title: T {method}\n        extras:\n          \
                 kk: {{description: 'See [this](ref:nowhere).'}}\n          \
                 jj: {{description: The same words.}}\n"
            )
        };
        let spec = format!(
            "eventspec: 1\ntitle: T\nevents:\n  title: E\n  category: cat\n  objects:\n  \
             - name: obj\n    title: O\n    value: v\n    events:\n{}{}",
            event("ma"),
            event("mb")
        );
        let source = Source::new("s.yaml", spec.clone());
        let checked = crate::check(&source);
        let undefined: Vec<_> = checked
            .diagnostics
            .iter()
            .filter(|d| d.code == Code::UndefinedReference)
            .map(|d| d.primary.as_ref().map(|l| l.span.start))
            .collect();
        assert_eq!(
            undefined.len(),
            2,
            "{}",
            checked.diagnostics.render(&source)
        );
        assert_ne!(undefined[0], undefined[1]);
        let without_ref = Source::new("s.yaml", spec.replace("[this](ref:nowhere)", "nothing"));
        let model = crate::check(&without_ref).model.expect("valid");
        let events: Vec<_> = model.all_events().collect();
        let j = |e: usize| &events[e].extras[1].description.paragraphs;
        assert!(Arc::ptr_eq(j(0), j(1)));
    }
}
