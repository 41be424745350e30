//! Firefox's `Events.yaml` (and `Scalars.yaml`) read into a spec: what `eventspec import
//! firefox` writes.
//!
//! The files are read into the spec as written (the reader's own types), located in the files
//! themselves, and checked as any spec is: every problem, Firefox's rules and eventspec's
//! alike, is reported at its `file:line:column` in the file it comes from. Then the spec is
//! written out as YAML, and that text is checked once more.
//!
//! Every fact of the files is kept. An `Events.yaml` entry (`methods` × `objects`, sharing
//! its description, `extra_keys` and metadata) becomes a category event with `objects: [...]`
//! per method; its extras are what Firefox makes of them, optional strings, for the team to
//! sharpen. Events and objects get the format's default titles and an undescribed, optional
//! value; descriptions are escaped so that they read as the same text. Metadata that every
//! entry of a category shares is written once, on the category. An entry's own name, which
//! Firefox uses only as the default of `methods`, is not a fact of the data and is not kept.

use std::fmt::Write;

use super::yaml::{list, quote, strings};
use crate::ExpiryCheck;
use crate::check::{names, validate};
use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::front::read::{Located, MapView, Reader};
use crate::front::source::{Source, Span};
use crate::front::spec::{self, Category, Event, Extra, Metadata, Object, Scalar, Spec};
use crate::front::yaml::{self, Node};
use crate::markup::Markup;

type Text = Located<String>;

/// The metadata keys of an `Events.yaml` entry.
const EVENT_METADATA: &[&str] = &[
    "bug_numbers",
    "notification_emails",
    "expiry_version",
    "products",
    "record_in_processes",
    "release_channel_collection",
    "operating_systems",
];

/// The metadata keys of a `Scalars.yaml` probe.
const SCALAR_METADATA: &[&str] = &[
    "bug_numbers",
    "notification_emails",
    "expires",
    "products",
    "record_in_processes",
    "release_channel_collection",
    "operating_systems",
];

/// The problems of one file.
#[derive(Debug)]
pub struct Problems {
    /// The file (or, for a problem in what the import wrote, that text).
    pub source: Source,
    /// What is wrong, located in it.
    pub diagnostics: Diagnostics,
}

/// The spec of `events` (an `Events.yaml`) and `scalars` (a `Scalars.yaml`), of the
/// categories named in `only` (every category when it is empty), as YAML text; or every
/// problem, file by file.
pub fn import(
    events: &Source,
    scalars: Option<&Source>,
    only: &[String],
) -> Result<String, Vec<Problems>> {
    let mut problems = Vec::new();
    let mut spec = Spec::default();
    let mut diagnostics = Diagnostics::default();
    let mut found = Vec::new();
    spec.events = read_events(events, only, &mut found, &mut diagnostics);
    let mut scalar_diagnostics = Diagnostics::default();
    let probes = match scalars {
        Some(source) => read_scalars(source, only, &mut found, &mut scalar_diagnostics),
        None => Vec::new(),
    };
    // `--category` names categories of either file.
    for name in only.iter().filter(|n| !found.contains(n)) {
        let files = match scalars {
            Some(s) => format!("{} or {}", events.name(), s.name()),
            None => events.name().to_string(),
        };
        diagnostics.push(
            Diagnostic::error(
                Code::UndefinedReference,
                format!("there is no category `{name}` in {files}"),
            )
            .at(Span::new(0, 0), "in this file")
            .with_note(format!("their categories: {}", found.join(", "))),
        );
    }
    prefix_shared_names(&mut spec.events);
    spec.title = Some(Located::new(
        spec::DEFAULT_TITLE.to_string(),
        Span::new(0, 0),
    ));
    validate::validate(events, &spec, &ExpiryCheck::default(), &mut diagnostics);
    if diagnostics.has_errors() {
        problems.push(Problems {
            source: events.clone(),
            diagnostics,
        });
    }
    if let Some(source) = scalars {
        let mut diagnostics = scalar_diagnostics;
        let alone = Spec {
            title: spec.title.clone(),
            scalars: probes,
            ..Spec::default()
        };
        validate::validate(source, &alone, &ExpiryCheck::default(), &mut diagnostics);
        if diagnostics.has_errors() {
            problems.push(Problems {
                source: source.clone(),
                diagnostics,
            });
        }
        spec.scalars = alone.scalars;
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let text = write(&spec, events, scalars);
    // What was written reads back as a spec as valid as what was read (together, names of
    // the two files could still collide).
    let written = Source::new("(the imported spec)", text.as_str());
    let checked = crate::check(&written);
    if checked.diagnostics.has_errors() {
        return Err(vec![Problems {
            source: written,
            diagnostics: checked.diagnostics,
        }]);
    }
    Ok(text)
}

/// The YAML tree of `source`, or why it is not YAML.
fn parse<'s>(source: &'s Source, diagnostics: &mut Diagnostics) -> Option<Node<'s>> {
    yaml::parse(source).map_err(|d| diagnostics.push(*d)).ok()
}

/// The categories of `only` (all when empty) of an `Events.yaml`: `category: {entry: {...}}`;
/// every category's name is added to `found`.
fn read_events(
    source: &Source,
    only: &[String],
    found: &mut Vec<String>,
    diagnostics: &mut Diagnostics,
) -> Vec<Category> {
    let Some(root) = parse(source, diagnostics) else {
        return Vec::new();
    };
    let mut r = Reader::new(diagnostics);
    let Some(mut top) = r.map(&root, "an Events.yaml file") else {
        return Vec::new();
    };
    let mut categories = Vec::new();
    for (name, node) in top.entries() {
        found.push(name.value.clone());
        if !only.is_empty() && !only.contains(&name.value) {
            continue;
        }
        categories.extend(read_category(&mut r, name, node));
    }
    r.finish(top);
    categories
}

/// Categories often have an object and method in common (`open` of a `file`), which would be
/// one Rust type: each category with such an event gets its name as `rust_prefix`.
fn prefix_shared_names(categories: &mut [Category]) {
    use std::collections::HashMap;
    let rust = |c: &Category| -> Vec<String> {
        c.events
            .iter()
            .flat_map(|e| e.objects.iter().map(move |o| (o, e)))
            .filter_map(|(o, e)| {
                let method = names::type_name(&e.method.as_ref()?.value)?;
                Some(names::join_types(&names::type_name(&o.value)?, &method))
            })
            .collect()
    };
    let mut owners: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, c) in categories.iter().enumerate() {
        for name in rust(c) {
            let owner = owners.entry(name).or_default();
            if !owner.contains(&i) {
                owner.push(i);
            }
        }
    }
    for (i, c) in categories.iter_mut().enumerate() {
        let shared = owners.values().any(|o| o.len() > 1 && o.contains(&i));
        if shared {
            c.rust_prefix = c.category.clone();
        }
    }
}

/// One category: each entry becomes an event per method, on the entry's objects.
fn read_category(r: &mut Reader<'_>, name: Text, node: &Node) -> Option<Category> {
    let what = format!("category `{}`", name.value);
    let mut entries = r.map(node, &what)?;
    let mut objects: Vec<Object> = Vec::new();
    let mut events = Vec::new();
    let listed = entries.entries();
    if listed.is_empty() {
        r.report(
            Diagnostic::error(
                Code::EmptyValue,
                format!("{what} must contain at least one entry"),
            )
            .at(name.span, "no entries"),
        );
    }
    for (entry, node) in listed {
        let Some(read) = read_entry(r, &name, &entry, node) else {
            continue;
        };
        for object in &read.objects {
            if !objects
                .iter()
                .any(|o| o.name.as_ref().is_some_and(|n| n.value == object.value))
            {
                objects.push(Object {
                    name: Some(object.clone()),
                    title: None,
                    value: None,
                    events: Vec::new(),
                    waivers: Vec::new(),
                });
            }
        }
        for method in &read.methods {
            events.push(Event {
                method: Some(method.clone()),
                title: None,
                description: read.description.clone(),
                value: None,
                extras: read.extras.clone(),
                extras_span: read.span,
                objects: read.objects.clone(),
                metadata: read.metadata.clone(),
                renamed_from: None,
                waivers: Vec::new(),
            });
        }
    }
    r.finish(entries);
    let mut category = Category {
        title: None,
        description: None,
        category: Some(name),
        rust_prefix: None,
        enrollment_id: None,
        objects,
        events,
        metadata: Metadata::default(),
        waivers: Vec::new(),
    };
    hoist(&mut category);
    spec::default_titles(&mut category);
    Some(category)
}

/// What one `Events.yaml` entry declares.
struct Entry {
    methods: Vec<Text>,
    objects: Vec<Text>,
    /// `None` when it is missing (reported: the rest is still checked).
    description: Option<Text>,
    extras: Vec<Extra>,
    metadata: Metadata,
    span: Span,
}

fn read_entry(r: &mut Reader<'_>, category: &Text, name: &Text, node: &Node) -> Option<Entry> {
    let what = format!("entry `{}` of category `{}`", name.value, category.value);
    let mut map = r.map(node, &what)?;
    for key in [
        "objects",
        "bug_numbers",
        "notification_emails",
        "record_in_processes",
        "description",
        "products",
        "expiry_version",
    ] {
        map.require(r, key);
    }
    let objects = nonempty_strings(r, &mut map, "objects", &what);
    // `methods` defaults to the entry's name, which Firefox holds to a method's rules either
    // way (checked here when it is not a method: then it is in no event).
    let methods = match map.get("methods") {
        Some(_) => {
            entry_name(r, name);
            nonempty_strings(r, &mut map, "methods", &what)
        }
        None => vec![name.clone()],
    };
    let description = map
        .get("description")
        .and_then(|n| r.text(n, &format!("`description` of {what}")))
        .map(|d| Located::new(Markup::escape(&d.value), d.span));
    let extras = match map.get("extra_keys") {
        Some(n) => read_extra_keys(r, n, &what),
        None => Vec::new(),
    };
    // Firefox takes `expiry_version` as a string only (the spec also takes a number).
    if let Some(n) = map.get("expiry_version")
        && !matches!(n.value, yaml::Value::Str(_))
    {
        r.string(n, &format!("`expiry_version` of {what}"));
    }
    nonempty_lists(r, &mut map, &what);
    let metadata = spec::read_metadata_keys(r, &mut map, Some(EVENT_METADATA));
    let span = map.span;
    r.finish(map);
    Some(Entry {
        methods,
        objects,
        description,
        extras,
        metadata,
        span,
    })
}

/// Firefox's rules for an entry's name: a method's.
fn entry_name(r: &mut Reader<'_>, name: &Text) {
    use eventspec_runtime::limits::{MAX_METHOD_LEN, is_valid_name};
    if !is_valid_name(&name.value) {
        r.report(
            Diagnostic::error(
                Code::NamePattern,
                format!(
                    "entry name `{}` does not match Firefox's name pattern",
                    name.value
                ),
            )
            .at(
                name.span,
                "letters, digits, `_` and `.`, starting with a letter",
            ),
        );
    }
    if name.value.chars().count() > MAX_METHOD_LEN {
        r.report(
            Diagnostic::error(
                Code::MethodLength,
                format!(
                    "entry name `{}` is over Firefox's {MAX_METHOD_LEN} characters",
                    name.value
                ),
            )
            .at(name.span, "too long"),
        );
    }
}

/// Firefox's lists of metadata are never empty.
fn nonempty_lists(r: &mut Reader<'_>, map: &mut MapView<'_>, what: &str) {
    for key in [
        "bug_numbers",
        "notification_emails",
        "products",
        "record_in_processes",
        "operating_systems",
    ] {
        if let Some(node) = map.get(key)
            && matches!(&node.value, yaml::Value::Seq(items) if items.is_empty())
        {
            r.report(
                Diagnostic::error(
                    Code::EmptyValue,
                    format!("`{key}` of {what} must not be empty"),
                )
                .at(node.span, "empty"),
            );
        }
    }
}

/// A list of strings that Firefox requires non-empty.
fn nonempty_strings(
    r: &mut Reader<'_>,
    map: &mut MapView<'_>,
    key: &'static str,
    what: &str,
) -> Vec<Text> {
    let Some(node) = map.get(key) else {
        return Vec::new();
    };
    let items = r.seq(node, &format!("`{key}` of {what}"));
    if items.is_empty() && matches!(node.value, yaml::Value::Seq(_)) {
        r.report(
            Diagnostic::error(
                Code::EmptyValue,
                format!("`{key}` of {what} must not be empty"),
            )
            .at(node.span, "empty"),
        );
    }
    items
        .iter()
        .filter_map(|n| r.string(n, &format!("an item of `{key}`")))
        .collect()
}

/// `extra_keys: {key: description}`: each an optional string, as Firefox takes it.
fn read_extra_keys(r: &mut Reader<'_>, node: &Node, what: &str) -> Vec<Extra> {
    let Some(mut map) = r.map(node, &format!("`extra_keys` of {what}")) else {
        return Vec::new();
    };
    let entries = map.entries();
    if entries.is_empty() {
        r.report(
            Diagnostic::error(
                Code::EmptyValue,
                format!("`extra_keys` of {what} must not be empty"),
            )
            .at(node.span, "empty"),
        );
    }
    let extras = entries
        .into_iter()
        .filter_map(|(key, node)| {
            let description = r.text(node, &format!("the description of extra `{}`", key.value))?;
            Some(Extra {
                key,
                kind: None,
                min: None,
                max: None,
                description: Some(Located::new(
                    Markup::escape(&description.value),
                    description.span,
                )),
                values: Vec::new(),
                values_span: None,
                values_invalid: false,
                optional: true,
                when: None,
                channels: Vec::new(),
                max_length: None,
                truncate: false,
                renamed_from: None,
                waivers: Vec::new(),
            })
        })
        .collect();
    r.finish(map);
    extras
}

/// The probes of the categories of `only` (all when empty) of a `Scalars.yaml`:
/// `category: {probe: {...}}`, each the scalar `category.probe`; each category is in `found`.
fn read_scalars(
    source: &Source,
    only: &[String],
    found: &mut Vec<String>,
    diagnostics: &mut Diagnostics,
) -> Vec<Scalar> {
    let Some(root) = parse(source, diagnostics) else {
        return Vec::new();
    };
    let mut r = Reader::new(diagnostics);
    let Some(mut top) = r.map(&root, "a Scalars.yaml file") else {
        return Vec::new();
    };
    let mut scalars = Vec::new();
    for (category, node) in top.entries() {
        if !found.contains(&category.value) {
            found.push(category.value.clone());
        }
        if !only.is_empty() && !only.contains(&category.value) {
            continue;
        }
        let what = format!("category `{}`", category.value);
        let Some(mut probes) = r.map(node, &what) else {
            continue;
        };
        for (probe, node) in probes.entries() {
            let name = Located::new(format!("{}.{}", category.value, probe.value), probe.span);
            scalars.extend(read_probe(&mut r, name, node));
        }
        r.finish(probes);
    }
    r.finish(top);
    scalars
}

fn read_probe(r: &mut Reader<'_>, name: Text, node: &Node) -> Option<Scalar> {
    let what = format!("scalar `{}`", name.value);
    let mut map = r.map(node, &what)?;
    for key in [
        "bug_numbers",
        "description",
        "expires",
        "kind",
        "notification_emails",
        "record_in_processes",
        "products",
    ] {
        map.require(r, key);
    }
    for key in ["keys", "record_into_store"] {
        if let Some(n) = map.get(key) {
            r.report(
                Diagnostic::error(
                    Code::UnknownKey,
                    format!("`{key}` of {what} is a Firefox key that eventspec does not hold yet"),
                )
                .at(n.span, "cannot be imported")
                .with_help(format!(
                    "remove `{key}` to import the rest, and add it back in Firefox's file"
                )),
            );
        }
    }
    let kind = map.get("kind").and_then(|n| r.string(n, "`kind`"));
    let keyed = map
        .get("keyed")
        .and_then(|n| r.boolean(n, "`keyed`"))
        .is_some_and(|b| b.value);
    let description = map
        .get("description")
        .and_then(|n| r.text(n, &format!("`description` of {what}")))
        .map(|d| Located::new(Markup::escape(&d.value), d.span));
    if let Some(n) = map.get("expires")
        && !matches!(n.value, yaml::Value::Str(_))
    {
        r.string(n, &format!("`expires` of {what}"));
    }
    nonempty_lists(r, &mut map, &what);
    let metadata = spec::read_metadata_keys(r, &mut map, Some(SCALAR_METADATA));
    r.finish(map);
    Some(Scalar {
        name: Some(name),
        kind,
        keyed,
        key: None,
        unit: None,
        description,
        metadata,
    })
}

/// Writes once, on the category, each metadata key that all its events give alike.
fn hoist(c: &mut Category) {
    macro_rules! hoist {
        ($($key:ident),*) => {$(
            let first = c.events.first().and_then(|e| e.metadata.$key.clone());
            if let Some(first) = first
                && c.events.iter().all(|e| e.metadata.$key.as_ref().is_some_and(|k| same(k, &first)))
            {
                for e in &mut c.events {
                    e.metadata.$key = None;
                }
                c.metadata.$key = Some(first);
            }
        )*};
    }
    hoist!(
        bug_numbers,
        notification_emails,
        expires,
        products,
        record_in_processes,
        release_channel_collection,
        operating_systems
    );
}

/// Whether two metadata values are the same, wherever they are written.
fn same<T: Unlocated>(a: &T, b: &T) -> bool {
    a.unlocated() == b.unlocated()
}

trait Unlocated {
    type Value: PartialEq;
    fn unlocated(&self) -> Self::Value;
}

impl Unlocated for Located<String> {
    type Value = String;
    fn unlocated(&self) -> String {
        self.value.clone()
    }
}

impl<T: Clone + PartialEq> Unlocated for Located<Vec<Located<T>>> {
    type Value = Vec<T>;
    fn unlocated(&self) -> Vec<T> {
        self.value.iter().map(|v| v.value.clone()).collect()
    }
}

/// The spec as YAML, every string quoted.
fn write(spec: &Spec, events: &Source, scalars: Option<&Source>) -> String {
    let mut out = String::new();
    let from = match scalars {
        Some(s) => format!("{} and {}", one_line(events.name()), one_line(s.name())),
        None => one_line(events.name()),
    };
    let _ = writeln!(
        out,
        "# Imported by `eventspec import firefox` from {from}.\n\
         # Firefox's files give no types: each extra is an optional string, and each value\n\
         # optional and undescribed. Sharpen them here (an extra's `type`, `values`, `when`,\n\
         # `max_length`; an object's or event's `value`), and give titles where the defaults\n\
         # (the names) do not read well.\n\
         eventspec: 1"
    );
    if !spec.scalars.is_empty() {
        out.push_str("scalars:\n");
        for s in &spec.scalars {
            let _ = writeln!(out, "  - name: {}", quote(text(&s.name)));
            let _ = writeln!(out, "    kind: {}", quote(text(&s.kind)));
            if s.keyed {
                out.push_str("    keyed: true\n");
            }
            let _ = writeln!(out, "    description: {}", quote(text(&s.description)));
            metadata(&mut out, "    ", &s.metadata);
        }
    }
    if !spec.events.is_empty() {
        out.push_str("events:\n");
    }
    for c in &spec.events {
        let _ = writeln!(out, "  - category: {}", quote(text(&c.category)));
        if let Some(prefix) = &c.rust_prefix {
            let _ = writeln!(out, "    rust_prefix: {}", quote(&prefix.value));
        }
        metadata(&mut out, "    ", &c.metadata);
        out.push_str("    objects:\n");
        for o in &c.objects {
            let _ = writeln!(out, "      - name: {}", quote(text(&o.name)));
        }
        out.push_str("    events:\n");
        for e in &c.events {
            let _ = writeln!(out, "      - method: {}", quote(text(&e.method)));
            let objects: Vec<&str> = e.objects.iter().map(|o| o.value.as_str()).collect();
            let _ = writeln!(out, "        objects: {}", list(&objects));
            let _ = writeln!(out, "        description: {}", quote(text(&e.description)));
            if !e.extras.is_empty() {
                out.push_str("        extras:\n");
                for x in &e.extras {
                    let _ = writeln!(out, "          {}:", quote(&x.key.value));
                    let _ = writeln!(
                        out,
                        "            description: {}",
                        quote(text(&x.description))
                    );
                    out.push_str("            optional: true\n");
                }
            }
            metadata(&mut out, "        ", &e.metadata);
        }
    }
    out
}

fn text(t: &Option<Text>) -> &str {
    t.as_ref().map_or("", |t| t.value.as_str())
}

/// A file name in a comment: on one line.
fn one_line(name: &str) -> String {
    name.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// The metadata keys given, each on a line at `indent`.
fn metadata(out: &mut String, indent: &str, m: &Metadata) {
    let texts = |v: &Located<Vec<Text>>| {
        let items: Vec<String> = v.value.iter().map(|t| t.value.clone()).collect();
        strings(&items)
    };
    if let Some(b) = &m.bug_numbers {
        let numbers: Vec<String> = b.value.iter().map(|n| n.value.to_string()).collect();
        let _ = writeln!(out, "{indent}bug_numbers: [{}]", numbers.join(", "));
    }
    if let Some(v) = &m.notification_emails {
        let _ = writeln!(out, "{indent}notification_emails: {}", texts(v));
    }
    if let Some(e) = &m.expires {
        let _ = writeln!(out, "{indent}expires: {}", quote(&e.value));
    }
    if let Some(v) = &m.products {
        let _ = writeln!(out, "{indent}products: {}", texts(v));
    }
    if let Some(v) = &m.record_in_processes {
        let _ = writeln!(out, "{indent}record_in_processes: {}", texts(v));
    }
    if let Some(c) = &m.release_channel_collection {
        let _ = writeln!(
            out,
            "{indent}release_channel_collection: {}",
            quote(&c.value)
        );
    }
    if let Some(v) = &m.operating_systems {
        let _ = writeln!(out, "{indent}operating_systems: {}", texts(v));
    }
}
