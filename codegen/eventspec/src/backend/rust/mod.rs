//! The Rust backend: the typed API of a model, written as formatted source.
//!
//! Every name comes from the model; this module decides only the shape of the code. The text is
//! written directly, already laid out, rather than built as tokens and pretty-printed: at 10,000
//! events the token route (`quote`, then `syn` and `prettyplease` to format) took seconds, this
//! takes milliseconds. What keeps the text honest is tested instead: rustfmt leaves it as it is
//! and it parses as Rust (`tests/rust_layout.rs`, and `syn` in the property tests), it compiles
//! under `deny(warnings, missing_docs)` (trybuild, and the root crate under clippy), and the
//! proc-macro expands to exactly this text's tokens.
//!
//! Repeated work lives in `eventspec-runtime` (`record::encode`, `record::decode`,
//! `string_traits!`), so each event costs a struct, an impl of two short functions, and its
//! enums.

mod writer;

use std::fmt::Write as _;

use crate::markup::markdown::{code_into, escape_into};
use crate::markup::{Markup, Resolve};
use crate::model::{
    EnumValue, Event, EventValue, Expiry, Extra, ExtraKind, KeyPart, Model, Presence, Scalar,
    ScalarKind, Uptake, UptakeSource,
};
use writer::{Writer, escaped, lit, quoted};

/// The runtime crate, as generated code names it (a macro, for `concat!`).
macro_rules! rt {
    () => {
        "::eventspec_runtime"
    };
}

/// The runtime crate, as generated code names it.
const RT: &str = rt!();

/// The generated module as formatted source, with the `@generated` header.
pub fn generate(model: &Model, spec_name: &str) -> String {
    // Room for what a rich event takes (BENCHMARKS.md): growing a buffer of tens of megabytes
    // copies it and touches fresh memory, while room left unused is never touched.
    let mut out = Vec::with_capacity(8192 + model.event_count() * 8192);
    // Writing into memory cannot fail, and the generator hands on whole characters.
    let _ = generate_to(model, spec_name, &mut out);
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// [`generate`], written to `sink` as it goes (a few hundred kilobytes at a time), so that
/// a large spec's code is never whole in memory.
pub fn generate_to(
    model: &Model,
    spec_name: &str,
    sink: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let mut g = Gen::new(&model.references, sink);
    g.module(model, spec_name);
    if let Some(error) = g.failed.take() {
        return Err(error);
    }
    let rest = g.w.finish();
    g.sink.write_all(rest.as_bytes())
}

/// How much code [`generate_to`] holds before handing it to its sink.
const SPILL_FROM: usize = 256 * 1024;

/// The first seed under which `key` gives each item a key of its own, and those keys (a
/// collision of 64-bit keys is all but impossible: the seed is 0 but for one).
fn distinct_keys<T>(items: &[T], key: impl Fn(u64, &T) -> u64) -> (u64, Vec<u64>) {
    let mut seed = 0;
    loop {
        let keys: Vec<u64> = items.iter().map(|item| key(seed, item)).collect();
        let mut seen = std::collections::HashSet::with_capacity(keys.len());
        if keys.iter().all(|k| seen.insert(*k)) || seed == u64::MAX {
            return (seed, keys);
        }
        seed += 1;
    }
}

/// Spec text (a title, a unit) as text in a doc comment: every character that Markdown could
/// read as syntax escaped, line breaks folded and the ends trimmed (leading spaces would make
/// an indented code block), so it can open no code block, HTML or link.
fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    escape_into(&mut out, s.trim(), true);
    out
}

/// Spec text (a key, a value, a name) as a code span in a doc comment, on one line.
fn code(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    code_into(&mut out, s, false);
    out
}

struct Gen<'r> {
    w: Writer,
    refs: &'r (dyn Resolve + Sync),
    /// Reused by [`Gen::doc_with`].
    scratch: String,
    /// Where the code goes as it is written ([`generate_to`]).
    sink: &'r mut dyn std::io::Write,
    /// The first error of `sink`, after which nothing more is handed to it.
    failed: Option<std::io::Error>,
}

/// Writes one line of code: `line!(self, "fmt", args…)`.
macro_rules! line {
    ($g:expr, $($arg:tt)*) => {
        $g.w.line(format_args!($($arg)*))
    };
}

/// Opens a block: writes the line with ` {` appended and indents what follows.
macro_rules! open {
    ($g:expr, $($arg:tt)*) => {
        $g.w.open(format_args!($($arg)*))
    };
}

impl<'r> Gen<'r> {
    /// A generator writing to `sink`.
    fn new(refs: &'r (dyn Resolve + Sync), sink: &'r mut dyn std::io::Write) -> Self {
        Gen {
            w: Writer::with_capacity(2 * SPILL_FROM),
            refs,
            scratch: String::new(),
            sink,
            failed: None,
        }
    }

    /// The whole module, with the `@generated` header.
    fn module(&mut self, model: &Model, spec_name: &str) {
        // The file name is data too: escaped, a line break in it cannot end the comment.
        self.w.line(format_args!(
            "// @generated by eventspec from {}. Do not edit: edit the spec and regenerate.",
            spec_name.escape_debug()
        ));
        if let Some(uptake) = &model.uptake {
            for source in &uptake.sources {
                self.uptake_source(source);
                self.uptake_event(uptake, source);
            }
            self.uptake_enum(uptake);
        }
        for scalar in &model.scalars {
            self.scalar(scalar);
            self.spill();
        }
        if !model.events.is_empty() {
            self.events(model);
        }
    }

    /// Opens a `to_record` method, documented by `doc`.
    fn open_to_record(&mut self, doc: &str) {
        self.w.doc(doc);
        self.w.open_fn(
            "pub fn to_record",
            &["&self", "timestamp: u64"],
            &format!(" -> {RT}::Encoded"),
        );
    }

    /// Opens a `from_record` function, documented by `doc`.
    fn open_from_record(&mut self, doc: &str) {
        self.w.doc(doc);
        self.w.open_fn(
            "pub fn from_record",
            &[format!("raw: &{RT}::RawEvent")],
            &format!(" -> {RT}::Decoded<Self>"),
        );
    }

    /// Between items: hands what is written to the sink once there is enough of it.
    fn spill(&mut self) {
        if self.w.len() < SPILL_FROM || self.failed.is_some() {
            return;
        }
        if let Err(error) = self.w.drain_into(self.sink) {
            self.failed = Some(error);
        }
    }

    fn md(&self, markup: &Markup) -> String {
        markup.to_markdown(self.refs)
    }

    /// A doc comment that `write` composes in a buffer reused from one comment to the next.
    fn doc_with(&mut self, write: impl FnOnce(&mut String, &dyn Resolve)) {
        let mut text = std::mem::take(&mut self.scratch);
        text.clear();
        write(&mut text, self.refs);
        self.w.doc(&text);
        self.scratch = text;
    }

    /// `#[allow(dead_code)]`, before each item: a binary crate that includes the code uses some
    /// of it, and must not be warned about the rest.
    fn allow_unused(&mut self) {
        line!(self, "#[allow(dead_code)]");
    }

    /// A documented constant `{decl} = {borrow}[items…];`.
    fn array_const(&mut self, doc: &str, decl: &str, borrow: &str, items: &[String]) {
        self.w.doc(doc);
        self.w.array(&[decl, " = ", borrow].concat(), items, ";");
    }

    fn uptake_source(&mut self, s: &UptakeSource) {
        let name = s.rust_name.as_str();
        self.w.blank();
        self.w.doc(&format!(
            "{}: the statuses reported under the uptake key {}.\n\n{}.",
            text(&s.title),
            code(&s.key),
            self.md(&s.reported)
        ));
        self.allow_unused();
        line!(self, "#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]");
        open!(self, "pub enum {name}");
        for st in &s.statuses {
            self.w.doc(&format!(
                "{}, telemetry value {}.\n\n{}",
                code(&st.constant),
                code(&st.value),
                self.md(&st.description)
            ));
            line!(self, "{},", st.rust_variant);
        }
        self.w.close();
        self.w.blank();
        self.allow_unused();
        open!(self, "impl {name}");
        let variants: Vec<String> = s
            .statuses
            .iter()
            .map(|st| format!("Self::{}", st.rust_variant))
            .collect();
        self.array_const(
            "Every status, in spec order.",
            &format!("pub const ALL: [Self; {}]", variants.len()),
            "",
            &variants,
        );
        let params = key_params(s);
        self.w.blank();
        if params.is_empty() {
            self.w
                .doc("The uptake key these statuses are reported under.");
            self.w
                .assign("pub const KEY: &'static str", &lit(&s.key).to_string(), ";");
        } else {
            let mut format = String::new();
            for part in &s.key_parts {
                match part {
                    KeyPart::Literal { text } => {
                        format.push_str(&text.replace('{', "{{").replace('}', "}}"))
                    }
                    KeyPart::Param { .. } => format.push_str("{}"),
                }
            }
            let shown: Vec<String> = params
                .iter()
                .map(|(_, n)| code(&format!("<{n}>")))
                .collect();
            self.w.doc(&format!(
                "The uptake key these statuses are reported under: {}, with {}.",
                code(&s.key),
                shown.join(", ")
            ));
            let args: Vec<String> = params.iter().map(|(r, _)| format!("{r}: &str")).collect();
            self.w.open_fn("pub fn key", &args, " -> String");
            let mut format_args = vec![lit(&format).to_string()];
            format_args.extend(params.iter().map(|(r, _)| r.to_string()));
            if self.w.call_fits("format!", &format_args, "") {
                self.w.call("format!", &format_args, "");
            } else {
                // Too long for one line: rustfmt lays out `format!` arguments its own way, so
                // the key is built a piece a line, each laid out as a call.
                line!(self, "let mut key = String::new();");
                for part in &s.key_parts {
                    match part {
                        // One character is pushed as a `char` (clippy's `single_char_add_str`).
                        KeyPart::Literal { text } if text.chars().count() == 1 => {
                            let c: String = text.chars().flat_map(char::escape_debug).collect();
                            self.w.call1("key.push", &format!("'{c}'"), ";");
                        }
                        KeyPart::Literal { text } => {
                            self.w.call1("key.push_str", &lit(text).to_string(), ";")
                        }
                        KeyPart::Param { rust_name, .. } => {
                            self.w.call1("key.push_str", rust_name, ";")
                        }
                    }
                }
                line!(self, "key");
            }
            self.w.close();
        }
        self.str_match(
            "The telemetry value reported.",
            "pub const fn as_str(self)",
            &variants,
            s.statuses.iter().map(|st| st.value.as_str()),
        );
        self.str_match(
            "The status constant's name.",
            "pub const fn constant(self)",
            &variants,
            s.statuses.iter().map(|st| st.constant.as_str()),
        );
        self.w.close();
        self.string_traits(name, "status");
    }

    /// The struct of a source's uptake events: its status, its key's parameters and the
    /// trigger, recorded and decoded as Firefox's Uptake Telemetry records them (the runtime's
    /// `uptake` module).
    fn uptake_event(&mut self, u: &Uptake, s: &UptakeSource) {
        let name = s.rust_event.as_str();
        let params = key_params(s);
        self.w.blank();
        self.w.doc(&format!(
            "{}, as Firefox records it: counted in the keyed histogram {} under its source, and \
             sent as the event {} (method {}, object {}, the status as value, extras `source` \
             and `trigger`).",
            text(&s.title),
            code(u.histogram),
            code(u.category),
            code(u.method),
            code(&u.component)
        ));
        self.allow_unused();
        line!(self, "#[derive(Clone, Debug, PartialEq, Eq)]");
        open!(self, "pub struct {name}");
        self.w.doc("The status reported.");
        line!(self, "pub status: {},", s.rust_name);
        for (rust, param) in &params {
            self.w.doc(&format!(
                "The {} in the source key.",
                code(&format!("<{param}>"))
            ));
            line!(self, "pub {rust}: String,");
        }
        self.w.doc("What triggered the fetch, if it is known.");
        line!(self, "pub trigger: Option<{RT}::uptake::Trigger>,");
        self.w.close();
        self.w.blank();
        self.allow_unused();
        open!(self, "impl {name}");
        self.w.doc("The component reporting: the events' object.");
        self.w.assign(
            "pub const COMPONENT: &'static str",
            &lit(&u.component).to_string(),
            ";",
        );
        self.w
            .doc("The source key, `<name>` marking each parameter.");
        self.w.assign(
            "pub const KEY_TEMPLATE: &'static str",
            &lit(&s.key).to_string(),
            ";",
        );
        self.w.blank();
        self.w.doc("Whether `source` is a key of this source.");
        open!(self, "pub fn is_source(source: &str) -> bool");
        self.w.call(
            &format!("{RT}::uptake::match_key"),
            &["Self::KEY_TEMPLATE", "source"],
            ".is_some()",
        );
        self.w.close();
        self.w.blank();
        self.w.doc(&format!(
            "The source: the histogram key and the event's `source` extra ({}).",
            code(&s.key)
        ));
        open!(self, "pub fn source(&self) -> String");
        if params.is_empty() {
            line!(self, "{}::KEY.to_string()", s.rust_name);
        } else {
            let args: Vec<String> = params.iter().map(|(r, _)| format!("&self.{r}")).collect();
            self.w.call(&format!("{}::key", s.rust_name), &args, "");
        }
        self.w.close();
        self.w.blank();
        self.open_to_record(
            "The Firefox event record of this report at `timestamp` (a source over 80 bytes is\n\
             an error).",
        );
        let call = [
            "timestamp",
            "Self::COMPONENT",
            "self.status.as_str()",
            "&self.source()",
            "self.trigger",
        ];
        self.w.call(&format!("{RT}::uptake::record"), &call, "");
        self.w.close();
        self.w.blank();
        self.open_from_record(
            "Decodes an uptake event of this source, rejecting any other record and anything\n\
             the spec does not allow.",
        );
        self.w.call(
            &format!("let report = {RT}::uptake::read"),
            &["raw", "Self::COMPONENT"],
            "?;",
        );
        let key_args = ["Self::KEY_TEMPLATE", "report.source"];
        let head = if params.is_empty() {
            "let _ = "
        } else {
            "let mut params = "
        };
        self.w.call(
            &format!("{head}{RT}::uptake::source_params"),
            &key_args,
            "?;",
        );
        self.w.open_of(&["Ok(Self"]);
        line!(self, "status: report.status.parse()?,");
        for (rust, _) in &params {
            line!(
                self,
                "{rust}: params.next().unwrap_or_default().to_string(),"
            );
        }
        line!(self, "trigger: report.trigger,");
        self.w.close_with("})");
        self.w.close();
        self.w.close();
    }

    /// `Uptake`: every source's uptake events, decoded by the source key they carry.
    fn uptake_enum(&mut self, u: &Uptake) {
        let Some(first) = u.sources.first() else {
            return;
        };
        self.w.blank();
        self.w.doc(&format!(
            "An uptake event of any source of the spec (category {}, object {}).",
            code(u.category),
            code(&u.component)
        ));
        self.allow_unused();
        line!(self, "#[derive(Clone, Debug, PartialEq, Eq)]");
        open!(self, "pub enum Uptake");
        for s in &u.sources {
            self.w.doc(&format!("{}.", text(&s.title)));
            let variant = uptake_variant(s);
            line!(self, "{variant}({}),", s.rust_event);
        }
        self.w.close();
        self.w.blank();
        self.allow_unused();
        open!(self, "impl Uptake");
        self.open_to_record("The Firefox event record of this report at `timestamp`.");
        open!(self, "match self");
        for s in &u.sources {
            let variant = uptake_variant(s);
            line!(self, "Self::{variant}(u) => u.to_record(timestamp),");
        }
        self.w.close();
        self.w.close();
        self.w.blank();
        self.open_from_record(
            "Decodes an uptake event of the spec's component: the source it names decides which\n\
             source's event it is.",
        );
        let first = &first.rust_event;
        self.w.call(
            &format!("let report = {RT}::uptake::read"),
            &["raw", &format!("{first}::COMPONENT")],
            "?;",
        );
        for s in &u.sources {
            let variant = uptake_variant(s);
            open!(self, "if {}::is_source(report.source)", s.rust_event);
            line!(
                self,
                "return {}::from_record(raw).map(Self::{variant});",
                s.rust_event
            );
            self.w.close();
        }
        self.w.call(
            &format!("Err({RT}::record::decode::invalid"),
            &[
                "\"source\"".to_string(),
                "report.source".to_string(),
                lit("a key of one of the spec's uptake sources").to_string(),
            ],
            ")",
        );
        self.w.close();
        self.w.close();
    }

    /// `{signature} -> &'static str`: a `match self` from each pattern to its string.
    fn str_match<'s>(
        &mut self,
        doc: &str,
        signature: &str,
        patterns: &[String],
        strings: impl Iterator<Item = &'s str>,
    ) {
        self.w.blank();
        self.w.doc(doc);
        open!(self, "{signature} -> &'static str");
        open!(self, "match self");
        for (pattern, string) in patterns.iter().zip(strings) {
            self.w.arm_of(&[pattern], &["\"", &escaped(string), "\""]);
        }
        self.w.close();
        self.w.close();
    }

    /// `Display` through `as_str` and `FromStr` through `ALL`, errors naming `key`: one call
    /// of the runtime's macro.
    fn string_traits(&mut self, name: &str, key: &str) {
        self.w.blank();
        self.w.call(
            &format!("{RT}::string_traits!"),
            &[name.to_string(), lit(key).to_string()],
            ";",
        );
    }

    fn scalar(&mut self, s: &Scalar) {
        self.w.blank();
        let kind = match s.kind {
            ScalarKind::Uint => "an unsigned integer",
            ScalarKind::String => "a string",
            ScalarKind::Boolean => "a boolean",
        };
        let mut head = format!("The scalar {}: {kind}", code(&s.name));
        match &s.key {
            Some(key) => {
                let _ = write!(head, ", keyed by the {}", text(key));
            }
            None if s.keyed => head.push_str(", keyed"),
            None => {}
        }
        if let Some(unit) = &s.unit {
            let _ = write!(head, ", in {}", text(unit));
        }
        self.w
            .doc(&format!("{head}.\n\n{}", self.md(&s.description)));
        self.allow_unused();
        line!(self, "#[derive(Clone, Debug, PartialEq, Eq)]");
        open!(self, "pub struct {}", s.rust_name);
        if s.keyed {
            self.w.doc(&match &s.key {
                Some(key) => format!("The key: the {}.", text(key)),
                None => "The key.".to_string(),
            });
            line!(self, "pub key: String,");
        }
        self.w.doc(&match &s.unit {
            Some(unit) => format!("The value, in {}.", text(unit)),
            None => "The value.".to_string(),
        });
        let ty = match s.kind {
            ScalarKind::Uint => "u64",
            ScalarKind::String => "String",
            ScalarKind::Boolean => "bool",
        };
        line!(self, "pub value: {ty},");
        self.w.close();
        self.w.blank();
        self.allow_unused();
        open!(self, "impl {}", s.rust_name);
        self.w.doc("The scalar's name.");
        line!(self, "pub const NAME: &'static str = {};", lit(&s.name));
        self.expires(s.metadata.expires.as_ref());
        self.w.blank();
        self.w.doc(if s.keyed {
            "What Firefox records for it, `{name: {key: value}}` (a ping's `keyedScalars`); a key\n\
             over 72 characters is an error."
        } else if s.kind == ScalarKind::String {
            "What Firefox records for it, `{name: value}` (a ping's `scalars`); a value over 50\n\
             characters is an error."
        } else {
            "What Firefox records for it, `{name: value}` (a ping's `scalars`)."
        });
        self.w.open_fn(
            "pub fn to_json",
            &["&self"],
            &format!(" -> Result<{RT}::JsonValue, {RT}::EncodeError>"),
        );
        let key = if s.keyed { "Some(&self.key)" } else { "None" };
        let value = if s.kind == ScalarKind::String {
            "self.value.as_str().into()"
        } else {
            "self.value.into()"
        };
        self.w.call(
            &format!("{RT}::scalar::record"),
            &["Self::NAME", key, value],
            "",
        );
        self.w.close();
        self.w.close();
    }

    fn events(&mut self, model: &Model) {
        if let Some(id) = model.enrollment_id() {
            self.enrollment_id(&self.md(&id.description), &id.filler);
        }
        let all: Vec<&Event> = model.all_events().collect();
        for ev in &all {
            self.event(ev);
            self.spill();
        }
        self.w.blank();
        self.event_tables(&all);
    }

    /// What spans every event: the `Event` enum, its `From` impls and its `impl` (accessors,
    /// encoding, decoding), one line an event in the runtime's `events!`; then the redaction
    /// of enrollment ids, where the spec has any.
    fn event_tables(&mut self, all: &[&Event]) {
        // `Event::from_record` matches a record's key, not its three names (BENCHMARKS.md).
        let (seed, keys) = distinct_keys(all, |seed, ev| {
            eventspec_runtime::record::decode::event_key(seed, &ev.category, &ev.object, &ev.method)
        });
        self.w.open_of(&[RT, "::events!"]);
        line!(self, "seed {seed};");
        self.w.doc("Every event of the spec.");
        self.w.open_of(&["pub enum Event"]);
        for (ev, key) in all.iter().zip(keys) {
            self.doc_with(|text, _| {
                let _ = write!(text, "{}: {}.", code(&ev.name), self::text(&ev.title));
            });
            self.w.line_of(&[
                &ev.rust_name,
                " = ",
                &quoted(&ev.category),
                " ",
                &quoted(&ev.object),
                " ",
                &quoted(&ev.method),
                &format!(" {key:#018x},"),
            ]);
        }
        self.w.close();
        self.w.close();
        // Redaction only where there is something to redact.
        let mut extras = all.iter().flat_map(|ev| &ev.extras);
        if !extras.any(|x| matches!(x.kind, ExtraKind::EnrollmentId)) {
            return;
        }
        self.w.blank();
        self.allow_unused();
        open!(self, "impl Event");
        self.w.doc(
            "Replaces every enrollment id with the filler, as when telemetry upload is disabled.",
        );
        open!(self, "pub fn redact_enrollment_ids(&mut self)");
        // Ids in fields, and enum extras whose variants hold conditional ids.
        let holders: Vec<(&Event, Vec<(&Extra, &str)>)> = all
            .iter()
            .map(|ev| {
                let fields: Vec<(&Extra, &str)> = ev
                    .extras
                    .iter()
                    .filter(|x| !matches!(x.presence, Presence::When { .. }))
                    .filter_map(|x| match x.kind {
                        ExtraKind::EnrollmentId => Some((x, "redact")),
                        _ if holds_ids(ev, x) => Some((x, "redact_enrollment_ids")),
                        _ => None,
                    })
                    .collect();
                (*ev, fields)
            })
            .filter(|(_, fields)| !fields.is_empty())
            .collect();
        let patterns: Vec<(String, Vec<&str>)> = holders
            .iter()
            .map(|(ev, _)| (format!("Event::{}(e)", ev.rust_name), Vec::new()))
            .collect();
        self.variant_match(&patterns, holders.len() == all.len(), |g, i| {
            for (x, function) in &holders[i].1 {
                if x.presence == Presence::Always {
                    line!(g, "e.{}.{function}();", x.rust_field);
                } else {
                    open!(g, "if let Some(v) = &mut e.{}", x.rust_field);
                    line!(g, "v.{function}();");
                    g.w.close();
                }
            }
        });
        self.w.close();
        self.w.close();
    }

    fn enrollment_id(&mut self, description: &str, filler: &str) {
        self.w.blank();
        self.w.doc(&format!(
            "An enrollment id: a UUID, or the filler once telemetry upload is disabled.\n\n{description}"
        ));
        self.allow_unused();
        line!(self, "#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]");
        open!(self, "pub enum EnrollmentId");
        self.w.doc("A real enrollment id.");
        line!(self, "Id({RT}::Uuid),");
        self.w.doc(&format!(
            "The filler, {}, sent once telemetry upload is disabled.",
            code(filler)
        ));
        line!(self, "Filler,");
        self.w.close();
        self.w.blank();
        self.allow_unused();
        open!(self, "impl EnrollmentId");
        self.w
            .doc("What Firefox sends in place of an id when telemetry upload is disabled.");
        line!(self, "pub const FILLER: &'static str = {};", lit(filler));
        self.w.blank();
        self.w.doc("Parses a UUID or the filler.");
        open!(self, "pub fn parse(s: &str) -> Option<EnrollmentId>");
        open!(self, "if s == Self::FILLER");
        line!(self, "return Some(EnrollmentId::Filler);");
        self.w.close();
        line!(self, "{RT}::uuid::parse_uuid(s).map(EnrollmentId::Id)");
        self.w.close();
        self.w.blank();
        self.w.doc("The string sent.");
        open!(self, "pub fn to_wire(self) -> String");
        open!(self, "match self");
        line!(self, "EnrollmentId::Id(id) => id.to_string(),");
        line!(self, "EnrollmentId::Filler => Self::FILLER.to_string(),");
        self.w.close();
        self.w.close();
        self.w.blank();
        self.w
            .doc("Replaces the id with the filler, as when telemetry upload is disabled.");
        open!(self, "pub fn redact(&mut self)");
        line!(self, "*self = EnrollmentId::Filler;");
        self.w.close();
        self.w.close();
        self.w.blank();
        open!(self, "impl ::core::str::FromStr for EnrollmentId");
        line!(self, "type Err = {RT}::DecodeError;");
        self.w.blank();
        self.w.doc("[`EnrollmentId::parse`], as a decoding error.");
        open!(
            self,
            "fn from_str(s: &str) -> Result<Self, {RT}::DecodeError>"
        );
        line!(self, "Self::parse(s).ok_or_else(|| {{");
        self.w.indent_block(|w| {
            w.call(
                &format!("{RT}::record::decode::not_an_enrollment_id"),
                &["\"enrollment id\"", "s"],
                "",
            )
        });
        line!(self, "}})");
        self.w.close();
        self.w.close();
        self.w.blank();
        open!(self, "impl {RT}::extra::Extra for EnrollmentId");
        self.w.open_fn(
            "fn put",
            &[
                "&self",
                &format!("raw: &mut {RT}::RawEvent"),
                &format!("shape: &{RT}::EventShape<'_>"),
                "i: usize",
            ],
            &format!(" -> Result<(), {RT}::EncodeError>"),
        );
        line!(
            self,
            "{RT}::extra::put_text(raw, shape, i, &self.to_wire());"
        );
        line!(self, "Ok(())");
        self.w.close();
        self.w.blank();
        self.w.open_fn(
            "fn get",
            &[&format!("record: &{RT}::extra::Checked<'_>"), "i: usize"],
            " -> Self",
        );
        line!(
            self,
            "record.text(i).and_then(Self::parse).unwrap_or(Self::Filler)"
        );
        self.w.close();
        self.w.close();
    }

    /// An event: its enums, then its struct and its `impl`, whose encoding and decoding are
    /// the runtime's, driven by the event's `SHAPE` table and a list of its fields.
    ///
    /// Written out rather than through a `macro_rules!` call, which would be a third of the
    /// size: rustc cannot reuse its incremental results for items a macro writes once an
    /// edit above them moves their text, so one edited description made a whole spec's code
    /// be checked again (12 s against 6 s for 1,000 events).
    fn event(&mut self, ev: &Event) {
        for x in &ev.extras {
            self.extra_enum(ev, x);
        }
        self.w.blank();
        self.doc_with(|text, refs| {
            let _ = write!(
                text,
                "{}: method {} on object {}.",
                self::text(&ev.title),
                code(&ev.method),
                code(&ev.object)
            );
            if let Some(d) = &ev.description {
                text.push_str("\n\n");
                d.write_markdown(refs, text);
            }
        });
        self.allow_unused();
        line!(self, "#[derive(Clone, Debug, PartialEq, Eq)]");
        let name = &ev.rust_name;
        // Conditional extras live inside the variants of the enum extra they depend on.
        let fields: Vec<(usize, &Extra)> = ev
            .extras
            .iter()
            .enumerate()
            .filter(|(_, x)| !matches!(x.presence, Presence::When { .. }))
            .collect();
        // No value and no extra: nothing to hold (`{}`, as rustfmt writes it).
        let empty = ev.value == EventValue::Absent && fields.is_empty();
        if empty {
            self.w.line_of(&["pub struct ", name, " {}"]);
        } else {
            self.w.open_of(&["pub struct ", name]);
            match &ev.value {
                EventValue::Described { meaning } => {
                    self.doc_with(|text, refs| meaning.write_markdown(refs, text));
                    line!(self, "pub value: String,");
                }
                EventValue::Undescribed => {
                    self.w
                        .doc("The event value, if any (the spec does not describe it).");
                    line!(self, "pub value: Option<String>,");
                }
                EventValue::Absent => {}
            }
            for (_, x) in &fields {
                self.extra_doc(x);
                self.w
                    .line_of(&["pub ", &x.rust_field, ": ", &field_type(x), ","]);
            }
            self.w.close();
        }
        self.w.blank();
        self.allow_unused();
        self.w.open_of(&["impl ", name]);
        self.w.doc("The category.");
        self.w.line_of(&[
            "pub const CATEGORY: &'static str = ",
            &quoted(&ev.category),
            ";",
        ]);
        self.w.doc("The method.");
        self.w.line_of(&[
            "pub const METHOD: &'static str = ",
            &quoted(&ev.method),
            ";",
        ]);
        self.w.doc("The object.");
        self.w.line_of(&[
            "pub const OBJECT: &'static str = ",
            &quoted(&ev.object),
            ";",
        ]);
        self.expires(ev.metadata.expires.as_ref());
        self.w.doc("The extra keys, in spec order.");
        self.w.assign(
            "pub const EXTRAS: &'static [&'static str]",
            &format!("&Self::SHAPE.keys::<{}>()", ev.extras.len()),
            ";",
        );
        self.shape(ev);
        self.w.blank();
        self.open_to_record(
            "The Firefox record of this event at `timestamp`: a string over its limit is an\n\
             error, or cut if `truncate`.",
        );
        // Each field with its index in `SHAPE` (an enum puts the extras that depend on it).
        let args: Vec<String> = fields
            .iter()
            .map(|(i, x)| format!("(&self.{}, {i})", x.rust_field))
            .collect();
        let list = format!("&[{}]", args.join(", "));
        let value = match ev.value {
            EventValue::Described { .. } => "Some(&self.value)",
            EventValue::Undescribed => "self.value.as_deref()",
            EventValue::Absent => "None",
        };
        let call = ["timestamp", value, &list];
        if self.w.call_fits("Self::SHAPE.encode", &call, "") {
            self.w.call("Self::SHAPE.encode", &call, "");
        } else {
            line!(self, "Self::SHAPE.encode(");
            self.w.indent_block(|w| {
                w.line_of(&["timestamp,"]);
                w.line_of(&[value, ","]);
                w.array("&", &args, ",");
            });
            line!(self, ")");
        }
        self.w.close();
        self.w.blank();
        self.open_from_record(
            "Decodes a record of this event: another event's, or what the spec forbids, is an\n\
             error.",
        );
        // No local binding but `record`, which no field can shadow: fields are read as
        // `record.get(i)` inside the struct literal.
        if empty {
            line!(self, "Self::SHAPE.check(raw)?;");
            line!(self, "Ok(Self {{}})");
        } else {
            line!(self, "let record = Self::SHAPE.check(raw)?;");
            let value = match ev.value {
                EventValue::Described { .. } => Some("value: record.value()".to_string()),
                EventValue::Undescribed => Some("value: record.optional_value()".to_string()),
                EventValue::Absent => None,
            };
            let inits: Vec<String> = value
                .into_iter()
                .chain(
                    fields
                        .iter()
                        .map(|(i, x)| format!("{}: record.get({i})", x.rust_field)),
                )
                .collect();
            self.w.struct_lit("Ok(Self", &inits, ")");
        }
        self.w.close();
        self.w.close();
    }

    /// The event's `SHAPE`, one line an extra (in the runtime's `event_shape!`, whose lines
    /// rustfmt leaves as they are).
    fn shape(&mut self, ev: &Event) {
        self.w.blank();
        self.w
            .doc("What a record of this event may hold: the rules [`Self::from_record`] checks.");
        self.w.line_of(&[
            "pub const SHAPE: ",
            RT,
            "::Shape = ",
            RT,
            "::event_shape! {",
        ]);
        self.w.indent_block(|w| {
            w.line_of(&[
                "Self::CATEGORY, Self::OBJECT, Self::METHOD",
                match ev.value {
                    EventValue::Described { .. } => ";",
                    EventValue::Undescribed => ", optional_value;",
                    EventValue::Absent => ", no_value;",
                },
            ]);
            for x in &ev.extras {
                let kind = match &x.kind {
                    ExtraKind::String => "Text".to_string(),
                    ExtraKind::Boolean => "Boolean".to_string(),
                    ExtraKind::EnrollmentId => "EnrollmentId(EnrollmentId::FILLER)".to_string(),
                    ExtraKind::Uuid => "Uuid".to_string(),
                    ExtraKind::Quantity { min, max } => format!("Quantity({min}, {max})"),
                    ExtraKind::Enum { rust_name, .. } => format!("Enum({rust_name}::VALUES)"),
                };
                let presence = match &x.presence {
                    Presence::Always => "Required".to_string(),
                    Presence::Optional => "Optional".to_string(),
                    Presence::When {
                        extra,
                        values,
                        optional,
                    } => {
                        let values: Vec<String> = values.iter().map(|v| quoted(v)).collect();
                        let when = if *optional { "OptionalWhen" } else { "When" };
                        format!("{when}({}, &[{}])", lit(extra), values.join(", "))
                    }
                };
                let truncate = if x.truncate { " truncate" } else { "" };
                w.line_of(&[
                    &quoted(&x.key),
                    " ",
                    &x.max_length.to_string(),
                    " ",
                    &kind,
                    " ",
                    &presence,
                    truncate,
                    ";",
                ]);
            }
        });
        self.w.line_of(&["};"]);
    }

    /// `EXPIRES`, where the spec gives an expiry.
    fn expires(&mut self, expires: Option<&Expiry>) {
        let Some(expires) = expires else {
            return;
        };
        let value = match expires {
            Expiry::Never => "Never".to_string(),
            Expiry::Expired => "Expired".to_string(),
            Expiry::Version(v) => format!("Version({v})"),
            Expiry::Date(year, month, day) => format!("Date({year}, {month}, {day})"),
        };
        self.w
            .doc("When it stops being recorded (the spec's `expires`).");
        self.w.assign(
            &format!("pub const EXPIRES: {RT}::Expiry"),
            &format!("{RT}::Expiry::{value}"),
            ";",
        );
    }

    fn extra_doc(&mut self, x: &Extra) {
        self.doc_with(|text, refs| {
            let _ = write!(text, "Extra {}: ", code(&x.key));
            x.description.write_markdown(refs, text);
            if !x.channels.is_empty() {
                let channels: Vec<String> = x.channels.iter().map(|c| self::text(c)).collect();
                let _ = write!(text, "\n\nSent only on: {}.", channels.join(", "));
            }
        });
    }

    /// The enum of an enum extra, in the runtime's `values!` (or `values_with_dependents!`
    /// when some value carries the extras that depend on it, each with its index in the
    /// event's shape table).
    fn extra_enum(&mut self, ev: &Event, x: &Extra) {
        let ExtraKind::Enum { values, rust_name } = &x.kind else {
            return;
        };
        let has_data = !ev.dependents(&x.key).is_empty();
        self.w.blank();
        if has_data {
            self.w.open_of(&[RT, "::values_with_dependents!"]);
        } else {
            self.w.open_of(&[RT, "::values!"]);
        }
        self.doc_with(|text, refs| {
            let _ = write!(
                text,
                "The values of extra {} of {}.\n\n",
                code(&x.key),
                code(&ev.name)
            );
            x.description.write_markdown(refs, text);
        });
        if has_data {
            self.w.open_of(&["pub enum ", rust_name]);
        } else {
            self.w
                .open_of(&["pub enum ", rust_name, " for ", &quoted(&x.key)]);
        }
        for v in values {
            self.doc_with(|text, refs| {
                let _ = write!(text, "{}: ", code(&v.value));
                v.description.write_markdown(refs, text);
            });
            let deps = ev.dependents_of(&x.key, &v.value);
            if deps.is_empty() {
                self.w
                    .line_of(&[&v.rust_variant, " = ", &quoted(&v.value), ","]);
                continue;
            }
            self.w.open_of(&[&v.rust_variant, " = ", &quoted(&v.value)]);
            for d in deps {
                let index = ev.extras.iter().position(|e| e.key == d.key).unwrap_or(0);
                self.extra_doc(d);
                self.w.line_of(&[
                    &d.rust_field,
                    ": ",
                    &field_type(d),
                    " = ",
                    &index.to_string(),
                    ",",
                ]);
            }
            self.w.close_with("},");
        }
        self.w.close();
        self.w.close();
        if holds_ids(ev, x) {
            self.w.blank();
            self.allow_unused();
            self.w.open_of(&["impl ", rust_name]);
            self.redact_dependents(ev, x, values);
            self.w.close();
        }
    }

    /// `match self` over the struct patterns of some variants (`_ => {}` for the rest, unless
    /// `exhaustive`), `body(self, i)` writing arm `i`; one arm of several variants is an
    /// `if let` (clippy's `single_match`).
    fn variant_match<S: AsRef<str>>(
        &mut self,
        patterns: &[(String, Vec<S>)],
        exhaustive: bool,
        mut body: impl FnMut(&mut Self, usize),
    ) {
        if let [(path, fields)] = patterns
            && !exhaustive
        {
            self.w.open_pattern("if let ", path, fields, " = self");
            body(self, 0);
            self.w.close();
            return;
        }
        open!(self, "match self");
        for (i, (path, fields)) in patterns.iter().enumerate() {
            self.w.open_pattern("", path, fields, " =>");
            body(self, i);
            self.w.close();
        }
        if !exhaustive {
            line!(self, "_ => {{}}");
        }
        self.w.close();
    }

    /// The enum's `redact_enrollment_ids`, for the ids among the extras that depend on it.
    fn redact_dependents(&mut self, ev: &Event, x: &Extra, values: &[EnumValue]) {
        self.w.blank();
        self.w.doc(&format!(
            "Replaces the enrollment ids among the extras that depend on extra {} with the filler.",
            code(&x.key)
        ));
        open!(self, "fn redact_enrollment_ids(&mut self)");
        let arms =
            dependents_by_value(ev, x, values, |d| matches!(d.kind, ExtraKind::EnrollmentId));
        let patterns: Vec<(String, Vec<&str>)> = arms
            .iter()
            .map(|(v, ids)| {
                let ids = field_names(ids);
                (format!("Self::{}", v.rust_variant), with_rest(&ids))
            })
            .collect();
        self.variant_match(&patterns, arms.len() == values.len(), |g, i| {
            for id in &arms[i].1 {
                if matches!(id.presence, Presence::When { optional: true, .. }) {
                    open!(g, "if let Some(v) = {}", id.rust_field);
                    line!(g, "v.redact();");
                    g.w.close();
                } else {
                    line!(g, "{}.redact();", id.rust_field);
                }
            }
        });
        self.w.close();
    }
}

/// For each value of enum extra `x` with an extra that depends on it and is `kept`, those
/// extras.
fn dependents_by_value<'e>(
    ev: &'e Event,
    x: &Extra,
    values: &'e [EnumValue],
    kept: impl Fn(&Extra) -> bool,
) -> Vec<(&'e EnumValue, Vec<&'e Extra>)> {
    values
        .iter()
        .map(|v| {
            let mut deps = ev.dependents_of(&x.key, &v.value);
            deps.retain(|d| kept(d));
            (v, deps)
        })
        .filter(|(_, deps)| !deps.is_empty())
        .collect()
}

fn field_names<'a>(extras: &[&'a Extra]) -> Vec<&'a str> {
    extras.iter().map(|d| d.rust_field.as_str()).collect()
}

/// `fields` and `..`: a struct pattern that ignores the other fields.
fn with_rest<'a>(fields: &[&'a str]) -> Vec<&'a str> {
    fields.iter().copied().chain([".."]).collect()
}

/// Whether enum extra `x` has conditional enrollment ids in its variants.
fn holds_ids(ev: &Event, x: &Extra) -> bool {
    ev.dependents(&x.key)
        .iter()
        .any(|d| matches!(d.kind, ExtraKind::EnrollmentId))
}

/// A source's variant in `Uptake`: its event struct's name without the `Uptake` it ends with
/// (once: a source named `uptake` is `UptakeUptake`, the variant `Uptake`).
fn uptake_variant(s: &UptakeSource) -> &str {
    s.rust_event.strip_suffix("Uptake").unwrap_or(&s.rust_event)
}

/// The parameters of a source's key: each one's Rust name and its name as written.
fn key_params(s: &UptakeSource) -> Vec<(&str, &str)> {
    s.key_parts
        .iter()
        .filter_map(|p| match p {
            KeyPart::Param { name, rust_name } => Some((rust_name.as_str(), name.as_str())),
            KeyPart::Literal { .. } => None,
        })
        .collect()
}

/// The Rust type of an extra's value (without `Option`).
fn base_type(x: &Extra) -> &str {
    match &x.kind {
        ExtraKind::String => "String",
        ExtraKind::Boolean => "bool",
        ExtraKind::Quantity { .. } => "i64",
        ExtraKind::Uuid => concat!(rt!(), "::Uuid"),
        ExtraKind::EnrollmentId => "EnrollmentId",
        ExtraKind::Enum { rust_name, .. } => rust_name,
    }
}

/// The Rust type of an extra's field: its value's, in an `Option` when it may be left out
/// (as a field of the event, or of the variant of the enum it depends on).
fn field_type(x: &Extra) -> String {
    match x.presence {
        Presence::Always
        | Presence::When {
            optional: false, ..
        } => base_type(x).to_string(),
        Presence::Optional | Presence::When { optional: true, .. } => {
            format!("Option<{}>", base_type(x))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::distinct_keys;
    use crate::front::source::Source;

    /// Keys that collide under one seed are made again under the next.
    #[test]
    fn keys_are_made_distinct_by_the_seed() {
        let items = ["a", "b", "c"];
        // Under seed 0, "a" and "b" share a key.
        let key = |seed: u64, item: &&str| match (seed, *item) {
            (0, "a" | "b") => 7,
            (seed, item) => seed * 100 + u64::from(item.as_bytes()[0]),
        };
        let (seed, keys) = distinct_keys(&items, key);
        assert_eq!(seed, 1);
        assert_eq!(keys, [197, 198, 199]);
        let (seed, _) = distinct_keys(&items, |seed, item| seed + u64::from(item.as_bytes()[0]));
        assert_eq!(seed, 0);
    }

    /// A file name is data: whatever it holds, the header stays one comment line.
    #[test]
    fn the_spec_file_name_cannot_inject_code() {
        let source = Source::new("x.yaml", "eventspec: 1\ntitle: T\n");
        let model = crate::check(&source).model.unwrap();
        for name in [
            "a\npub fn injected() {}\n//",
            "a\r\nfn x() {}",
            "a\u{2028}b",
        ] {
            let code = super::generate(&model, name);
            let file = syn::parse_file(&code).expect("Rust");
            assert!(file.items.is_empty(), "{name:?} made items:\n{code}");
            assert!(
                code.lines().next().unwrap().starts_with("// @generated"),
                "{code}"
            );
        }
    }

    /// Nothing is generated for what the spec does not use: no redaction without enrollment
    /// ids; and every item may go unused in a binary crate without a warning.
    #[test]
    fn redaction_only_with_enrollment_ids() {
        let spec = |extra: &str| {
            format!(
                "eventspec: 1\ntitle: T\nevents:\n  title: E\n  category: cat\n  \
                 enrollment_id: {{title: Ids, filler: none, description: D.}}\n  objects:\n    \
                 - {{name: obj, title: O, value: V., events: [{{method: go, title: Go, \
                 extras: {{xx: {{type: {extra}, description: D.}}}}}}]}}\n"
            )
        };
        let rust = |text: &str| {
            let model = crate::check(&Source::new("s.yaml", text)).model.unwrap();
            super::generate(&model, "s.yaml")
        };
        assert!(!rust(&spec("string")).contains("redact_enrollment_ids"));
        let with_ids = rust(&spec("enrollment_id"));
        assert!(with_ids.contains("pub fn redact_enrollment_ids(&mut self)"));
        // Each item (type, inherent impl, constant) may go unused; trait impls are used.
        let items = with_ids
            .lines()
            .filter(|l| l.starts_with("pub ") || l.starts_with("impl ") && !l.contains(" for "))
            .count();
        assert_eq!(with_ids.matches("#[allow(dead_code)]\n").count(), items);
    }

    /// A scalar's Rust type says what the docs say of it: its kind, key and unit.
    #[test]
    fn scalars_are_documented_with_kind_key_and_unit() {
        let text = include_str!("../../../../../spec/reader.yaml");
        let model = crate::check(&Source::new("features.yaml", text))
            .model
            .unwrap();
        let code = super::generate(&model, "features.yaml");
        for doc in [
            "/// The scalar `reader.pages_opened`: an unsigned integer, in pages.",
            "/// The scalar `reader.last_font`: a string, keyed by the window id.",
            "/// The scalar `reader.narrate_used`: a boolean.",
        ] {
            assert!(code.contains(doc), "{doc}");
        }
    }

    /// The checked-in file is the review copy of the Normandy output (CI also runs
    /// `generate --check`); this keeps `cargo test` alone from missing a drift.
    #[test]
    fn normandy_output_is_the_checked_in_file() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../spec/normandy.yaml");
        let text = std::fs::read_to_string(path).unwrap();
        let source = Source::new("normandy.yaml", text);
        let model = crate::check(&source)
            .model
            .expect("the Normandy spec is valid");
        let code = super::generate(&model, "normandy.yaml");
        // Same bytes on every run.
        assert_eq!(code, super::generate(&model, "normandy.yaml"));
        let checked_in = include_str!("../../../../../generated/rust/normandy.rs");
        assert!(
            code == checked_in,
            "run `eventspec generate spec/normandy.yaml`"
        );
    }
}
