//! The spec as written: typed, located, not yet checked for meaning (see [`crate::validate`]).
//!
//! Every key of the language is read here, and only here; `docs/spec-format.md` documents them.

use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::front::format;
use crate::front::read::{Located, MapView, Reader};
use crate::front::source::Span;
use crate::front::yaml::{Node, Value};

/// The spec format version this build reads.
pub const FORMAT_VERSION: u64 = 1;

type Text = Located<String>;

/// The document title of a spec that gives none.
pub const DEFAULT_TITLE: &str = "Data collection";

/// A whole spec file.
#[derive(Clone, Debug, Default)]
pub struct Spec {
    /// Document title (`title`).
    pub title: Option<Text>,
    /// Document introduction (`introduction`).
    pub introduction: Option<Text>,
    /// Cross-reference targets (`references`).
    pub references: Vec<Reference>,
    /// Uptake statuses (`uptake`).
    pub uptake: Option<Uptake>,
    /// Scalars (`scalars`).
    pub scalars: Vec<Scalar>,
    /// Event categories (`events`: one category, or a list of them).
    pub events: Vec<Category>,
    /// Metadata for every event and scalar, unless they say otherwise.
    pub metadata: Metadata,
    /// The metadata keys every event and scalar must have (`require_metadata`).
    pub require_metadata: Vec<Text>,
}

/// The metadata keys Firefox and Glean define, as written at one level (the spec, a category,
/// an event, a scalar); a level's key replaces the one above it.
#[derive(Clone, Debug, Default)]
pub struct Metadata {
    /// `bug_numbers`: Bugzilla bug numbers.
    pub bug_numbers: Option<Located<Vec<Located<u64>>>>,
    /// `bugs`: bug URLs.
    pub bugs: Option<Located<Vec<Text>>>,
    /// `notification_emails`.
    pub notification_emails: Option<Located<Vec<Text>>>,
    /// `expires` or `expiry_version`: `never`, `expired`, a major version or a date.
    pub expires: Option<Text>,
    /// `products`.
    pub products: Option<Located<Vec<Text>>>,
    /// `record_in_processes`.
    pub record_in_processes: Option<Located<Vec<Text>>>,
    /// `operating_systems`.
    pub operating_systems: Option<Located<Vec<Text>>>,
    /// `release_channel_collection`: `opt-in` or `opt-out`.
    pub release_channel_collection: Option<Text>,
    /// `data_reviews`: URLs.
    pub data_reviews: Option<Located<Vec<Text>>>,
    /// `data_sensitivity`.
    pub data_sensitivity: Option<Located<Vec<Text>>>,
}

/// A named cross-reference target: an RST label, and the link Markdown uses for it.
#[derive(Clone, Debug)]
pub struct Reference {
    /// The label (`telemetry/collection/uptake`).
    pub label: Text,
    /// The link text used when a reference gives none.
    pub title: Option<Text>,
    /// Where Markdown links to.
    pub url: Option<Text>,
}

/// The uptake section.
#[derive(Clone, Debug)]
pub struct Uptake {
    /// Section title.
    pub title: Option<Text>,
    /// Section introduction.
    pub description: Option<Text>,
    /// The component that reports (the uptake event's object).
    pub component: Option<Text>,
    /// The declared set of telemetry values.
    pub telemetry_values: Vec<Text>,
    /// Where `telemetry_values` is written (or the section, if absent).
    pub telemetry_values_span: Span,
    /// The uptake sources.
    pub sources: Vec<UptakeSource>,
}

/// One uptake source: a key (or key template) and its statuses.
#[derive(Clone, Debug)]
pub struct UptakeSource {
    /// Name, used for the Rust type (`runner` → `RunnerStatus`).
    pub name: Option<Text>,
    /// Heading.
    pub title: Option<Text>,
    /// Key or key template (`normandy/action/<action name>`).
    pub key: Option<Text>,
    /// When a status is reported ("For each recipe that is fetched and executed").
    pub reported: Option<Text>,
    /// Statuses.
    pub statuses: Vec<Status>,
}

/// One uptake status.
#[derive(Clone, Debug)]
pub struct Status {
    /// Constant name (`RUNNER_SUCCESS`).
    pub constant: Option<Text>,
    /// Telemetry value sent (`success`).
    pub value: Option<Text>,
    /// What it means.
    pub description: Option<Text>,
}

/// A scalar.
#[derive(Clone, Debug)]
pub struct Scalar {
    /// Full name (`normandy.recipe_freshness`).
    pub name: Option<Text>,
    /// `uint`, `string` or `boolean`.
    pub kind: Option<Text>,
    /// Whether it is keyed.
    pub keyed: bool,
    /// What the key is (for keyed scalars).
    pub key: Option<Text>,
    /// Unit of the value.
    pub unit: Option<Text>,
    /// What it measures.
    pub description: Option<Text>,
    /// Its metadata.
    pub metadata: Metadata,
}

/// One event category: a section of the `events` list.
#[derive(Clone, Debug)]
pub struct Category {
    /// Section title.
    pub title: Option<Text>,
    /// Section introduction.
    pub description: Option<Text>,
    /// Event category.
    pub category: Option<Text>,
    /// What the Rust names of the category's types start with (`rust_prefix`).
    pub rust_prefix: Option<Text>,
    /// Enrollment-id documentation and filler.
    pub enrollment_id: Option<EnrollmentId>,
    /// Objects with their events.
    pub objects: Vec<Object>,
    /// Events declared once for several objects (each with `objects`).
    pub events: Vec<Event>,
    /// Metadata for the category's events, unless they say otherwise.
    pub metadata: Metadata,
    /// Waivers on the category.
    pub waivers: Vec<Waiver>,
}

/// The enrollment-id section.
#[derive(Clone, Debug)]
pub struct EnrollmentId {
    /// Heading.
    pub title: Option<Text>,
    /// The value sent in place of an id when upload is disabled.
    pub filler: Option<Text>,
    /// Prose.
    pub description: Option<Text>,
}

/// What an object or event says of the event value: its meaning, or (`value: false`) that
/// the events have none.
#[derive(Clone, Debug)]
pub enum EventValue {
    /// What the value means.
    Meaning(Text),
    /// `false`: no value.
    None,
    /// Written, but neither (already reported).
    Invalid,
}

/// An event object and its events.
#[derive(Clone, Debug)]
pub struct Object {
    /// Object name on the wire.
    pub name: Option<Text>,
    /// Heading.
    pub title: Option<Text>,
    /// The event value, unless an event says otherwise.
    pub value: Option<EventValue>,
    /// Events.
    pub events: Vec<Event>,
    /// Waivers on the object name.
    pub waivers: Vec<Waiver>,
}

/// One event (a method on an object).
#[derive(Clone, Debug)]
pub struct Event {
    /// Method name on the wire.
    pub method: Option<Text>,
    /// Heading.
    pub title: Option<Text>,
    /// When it is sent.
    pub description: Option<Text>,
    /// The value, overriding the object's.
    pub value: Option<EventValue>,
    /// Extras, in order.
    pub extras: Vec<Extra>,
    /// Where `extras` is written (or the event).
    pub extras_span: Span,
    /// The objects an event of the category's `events` is on (empty for an object's own).
    pub objects: Vec<Text>,
    /// Its metadata.
    pub metadata: Metadata,
    /// The method it had before (`renamed_from`).
    pub renamed_from: Option<Text>,
    /// Waivers on the method name and extra count.
    pub waivers: Vec<Waiver>,
}

/// One extra of an event.
#[derive(Clone, Debug)]
pub struct Extra {
    /// Key on the wire.
    pub key: Text,
    /// `string` (default), `enum`, `boolean`, `quantity`, `uuid` or `enrollment_id`.
    pub kind: Option<Text>,
    /// The least a quantity may be.
    pub min: Option<Located<i64>>,
    /// The most a quantity may be.
    pub max: Option<Located<i64>>,
    /// Meaning.
    pub description: Option<Text>,
    /// Allowed values of an enum, with their meaning.
    pub values: Vec<EnumValue>,
    /// Where `values` is written.
    pub values_span: Option<Span>,
    /// Whether `values` is written but is not a mapping (already reported: no second error
    /// about an enum without values).
    pub values_invalid: bool,
    /// Whether the extra may be left out (under its condition, if it has one).
    pub optional: bool,
    /// Present exactly when another extra has one of some values.
    pub when: Option<Condition>,
    /// Release channels that send it (all when empty).
    pub channels: Vec<Text>,
    /// Maximum length in bytes.
    pub max_length: Option<Located<u64>>,
    /// Whether longer values are truncated rather than rejected.
    pub truncate: bool,
    /// The key it had before (`renamed_from`).
    pub renamed_from: Option<Text>,
    /// Waivers on this extra.
    pub waivers: Vec<Waiver>,
}

/// One allowed value of an enum extra.
#[derive(Clone, Debug)]
pub struct EnumValue {
    /// The wire string.
    pub value: Text,
    /// What it means.
    pub description: Option<Text>,
}

/// `when: {reason: [a, b]}`: present exactly when extra `reason` is `a` or `b`.
#[derive(Clone, Debug)]
pub struct Condition {
    /// The extra the condition reads.
    pub extra: Text,
    /// The values that make this extra present.
    pub values: Vec<Text>,
}

/// A deliberate, explained exception to a platform limit.
#[derive(Clone, Debug)]
pub struct Waiver {
    /// The limit's lint name (`extra-key-length`).
    pub lint: Text,
    /// Why it is waived.
    pub reason: Option<Text>,
}

/// Most events a spec may declare. 10,000 events as people write them fill the 16 MiB a spec
/// may take; a spec of smaller events past this would make outputs of hundreds of megabytes
/// (160,000 one-line events: 276 MB in 6.6 s, and 728 MB).
pub const MAX_EVENTS: usize = 10_000;

/// Most extras a spec may declare, all events together: Firefox's 10 for each of
/// [`MAX_EVENTS`] (a waiver lifts the 10, not this).
pub const MAX_EXTRAS: usize = 100_000;

/// Most enum values a spec may declare, all extras together (400,000 took 3 s and 306 MB).
pub const MAX_ENUM_VALUES: usize = 100_000;

/// Most scalars, and most uptake statuses, a spec may declare.
pub const MAX_SCALARS: usize = 10_000;

/// The first of the document's items past a bound on their count (events, extras, enum
/// values, scalars, statuses), if any: what it is, its bound, and where. Counted in the tree, before
/// anything is read (an event declared once for several objects counts once each).
fn past_limits(root: &Node) -> Option<(&'static str, usize, Span)> {
    let categories = match field(root, "events") {
        Some(
            n @ Node {
                value: Value::Map(_),
                ..
            },
        ) => std::slice::from_ref(n),
        other => items(other),
    };
    let (mut events, mut extras_seen, mut values) = (0, 0, 0);
    for c in categories {
        let own = items(field(c, "objects"))
            .iter()
            .flat_map(|o| items(field(o, "events")))
            .map(|e| (e, 1));
        let shared = items(field(c, "events"))
            .iter()
            .map(|e| (e, items(field(e, "objects")).len().max(1)));
        for (event, times) in own.chain(shared) {
            events += times;
            if events > MAX_EVENTS {
                return Some(("events", MAX_EVENTS, event.span));
            }
            let extras = match field(event, "extras").map(|n| &n.value) {
                Some(Value::Map(extras)) => extras.as_slice(),
                _ => &[],
            };
            extras_seen += extras.len() * times;
            if extras_seen > MAX_EXTRAS {
                return Some(("extras", MAX_EXTRAS, event.span));
            }
            for (_, extra) in extras {
                if let Some(Value::Map(listed)) = field(extra, "values").map(|n| &n.value) {
                    values += listed.len() * times;
                    if values > MAX_ENUM_VALUES {
                        return Some(("enum values", MAX_ENUM_VALUES, extra.span));
                    }
                }
            }
        }
    }
    if let Some(scalar) = items(field(root, "scalars")).get(MAX_SCALARS) {
        return Some(("scalars", MAX_SCALARS, scalar.span));
    }
    let sources = field(root, "uptake").map(|u| items(field(u, "sources")));
    let mut statuses = 0;
    for source in sources.unwrap_or_default() {
        statuses += items(field(source, "statuses")).len();
        if statuses > MAX_SCALARS {
            return Some(("uptake statuses", MAX_SCALARS, source.span));
        }
    }
    None
}

/// The value of `key` in `node`, when it is a mapping that has it.
fn field<'n>(node: &'n Node<'n>, key: &str) -> Option<&'n Node<'n>> {
    match &node.value {
        Value::Map(entries) => entries
            .iter()
            .find(|(k, _)| matches!(&k.value, Value::Str(s) if s == key))
            .map(|(_, v)| v),
        _ => None,
    }
}

/// The items of `node`, when it is a sequence.
fn items<'n>(node: Option<&'n Node<'n>>) -> &'n [Node<'n>] {
    match node.map(|n| &n.value) {
        Some(Value::Seq(items)) => items,
        _ => &[],
    }
}

/// Reads a parsed YAML document as a spec, collecting every structural problem.
pub fn read(root: &Node, diagnostics: &mut Diagnostics) -> Spec {
    if let Some((what, most, at)) = past_limits(root) {
        diagnostics.push(
            Diagnostic::error(
                Code::SpecTooLarge,
                format!("the spec declares more than {most} {what}"),
            )
            .at(Span::new(at.start, at.start), format!("past {most} {what}"))
            .with_note(
                "each is code and documentation of its own: a spec past this would make \
                 outputs of hundreds of megabytes; split the spec",
            ),
        );
        return Spec::default();
    }
    let mut r = Reader::new(diagnostics);
    let mut spec = Spec::default();
    let Some(mut map) = r.mapping(root, &format::SPEC, "the spec") else {
        return spec;
    };
    if let Some(node) = map.require(&mut r, "eventspec")
        && let Some(v) = r.integer::<u64>(
            node,
            "`eventspec` (the format version)",
            0,
            i128::from(u32::MAX),
        )
        && v.value != FORMAT_VERSION
    {
        r.report(
            Diagnostic::error(
                Code::UnsupportedVersion,
                format!("spec format version {} is not supported", v.value),
            )
            .at(v.span, format!("this build reads version {FORMAT_VERSION}")),
        );
    }
    // Without a title (an imported spec has none), the page is "Data collection".
    spec.title = match map.get("title") {
        Some(n) => r.text(n, "`title`"),
        None => Some(Located::new(
            DEFAULT_TITLE.to_string(),
            Span::new(map.span.start, map.span.start),
        )),
    };
    spec.introduction = map
        .get("introduction")
        .and_then(|n| r.text(n, "`introduction`"));
    if let Some(node) = map.get("references") {
        spec.references = read_references(&mut r, node);
    }
    if let Some(node) = map.get("uptake") {
        spec.uptake = read_uptake(&mut r, node);
    }
    if let Some(node) = map.get("scalars") {
        let scalars = r.seq(node, "`scalars`");
        spec.scalars = r.each(scalars, read_scalar);
    }
    spec.metadata = read_metadata(&mut r, &mut map);
    if let Some(node) = map.get("require_metadata") {
        spec.require_metadata = r.strings(node, "`require_metadata`");
    }
    if let Some(node) = map.get("events") {
        // One category as a mapping, or several as a list of them.
        spec.events = match &node.value {
            Value::Seq(items) => r.each(items, read_category),
            _ => read_category(&mut r, node).into_iter().collect(),
        };
    }
    r.finish(map);
    spec
}

fn opt_text(
    r: &mut Reader<'_>,
    map: &mut MapView<'_>,
    key: &'static str,
    what: &str,
) -> Option<Text> {
    map.get(key)
        .and_then(|n| r.text(n, &format!("`{key}` of {what}")))
}

fn req_text(
    r: &mut Reader<'_>,
    map: &mut MapView<'_>,
    key: &'static str,
    what: &str,
) -> Option<Text> {
    map.require(r, key)
        .and_then(|n| r.text(n, &format!("`{key}` of {what}")))
}

fn read_references(r: &mut Reader<'_>, node: &Node) -> Vec<Reference> {
    let Some(mut map) = r.map(node, "`references`") else {
        return Vec::new();
    };
    let mut references = Vec::new();
    for (label, value) in map.entries() {
        let what = format!("reference `{}`", label.value);
        let Some(mut entry) = r.mapping(value, &format::REFERENCE, &what) else {
            continue;
        };
        let title = opt_text(r, &mut entry, "title", &what);
        let url = opt_text(r, &mut entry, "url", &what);
        r.finish(entry);
        references.push(Reference { label, title, url });
    }
    references
}

fn read_uptake(r: &mut Reader<'_>, node: &Node) -> Option<Uptake> {
    let what = "`uptake`";
    let mut map = r.mapping(node, &format::UPTAKE, what)?;
    let title = req_text(r, &mut map, "title", what);
    let description = opt_text(r, &mut map, "description", what);
    let component = opt_text(r, &mut map, "component", what);
    let (telemetry_values, telemetry_values_span) = match map.require(r, "telemetry_values") {
        Some(n) => (r.strings(n, "`telemetry_values`"), n.span),
        None => (Vec::new(), map.span),
    };
    let sources = match map.require(r, "sources") {
        Some(n) => r
            .seq(n, "`sources`")
            .iter()
            .filter_map(|n| read_source(r, n))
            .collect(),
        None => Vec::new(),
    };
    r.finish(map);
    Some(Uptake {
        title,
        description,
        component,
        telemetry_values,
        telemetry_values_span,
        sources,
    })
}

fn read_source(r: &mut Reader<'_>, node: &Node) -> Option<UptakeSource> {
    let what = "an uptake source";
    let mut map = r.mapping(node, &format::SOURCE, what)?;
    let source = UptakeSource {
        name: req_text(r, &mut map, "name", what),
        title: req_text(r, &mut map, "title", what),
        key: req_text(r, &mut map, "key", what),
        reported: req_text(r, &mut map, "reported", what),
        statuses: match map.require(r, "statuses") {
            Some(n) => r
                .seq(n, "`statuses`")
                .iter()
                .filter_map(|n| read_status(r, n))
                .collect(),
            None => Vec::new(),
        },
    };
    r.finish(map);
    Some(source)
}

fn read_status(r: &mut Reader<'_>, node: &Node) -> Option<Status> {
    let what = "a status";
    let mut map = r.mapping(node, &format::STATUS, what)?;
    let status = Status {
        constant: req_text(r, &mut map, "constant", what),
        value: req_text(r, &mut map, "value", what),
        description: req_text(r, &mut map, "description", what),
    };
    r.finish(map);
    Some(status)
}

fn read_scalar(r: &mut Reader<'_>, node: &Node) -> Option<Scalar> {
    let what = "a scalar";
    let mut map = r.mapping(node, &format::SCALAR, what)?;
    let scalar = Scalar {
        name: req_text(r, &mut map, "name", what),
        kind: req_text(r, &mut map, "kind", what),
        keyed: map
            .get("keyed")
            .and_then(|n| r.boolean(n, "`keyed`"))
            .is_some_and(|b| b.value),
        key: opt_text(r, &mut map, "key", what),
        unit: opt_text(r, &mut map, "unit", what),
        description: req_text(r, &mut map, "description", what),
        metadata: read_metadata(r, &mut map),
    };
    r.finish(map);
    Some(scalar)
}

fn read_category(r: &mut Reader<'_>, node: &Node) -> Option<Category> {
    let what = "`events`";
    let mut map = r.mapping(node, &format::CATEGORY, what)?;
    let mut events = Category {
        title: opt_text(r, &mut map, "title", what),
        description: opt_text(r, &mut map, "description", what),
        category: req_text(r, &mut map, "category", what),
        rust_prefix: opt_text(r, &mut map, "rust_prefix", what),
        enrollment_id: map
            .get("enrollment_id")
            .and_then(|n| read_enrollment_id(r, n)),
        objects: match map.require(r, "objects") {
            Some(n) => {
                let objects = r.seq(n, "`objects`");
                r.each(objects, read_object)
            }
            None => Vec::new(),
        },
        events: match map.get("events") {
            Some(n) => {
                let events = r.seq(n, "`events` of a category");
                r.each(events, |r, n| read_event(r, n, true))
            }
            None => Vec::new(),
        },
        metadata: read_metadata(r, &mut map),
        waivers: read_waivers(r, &mut map),
    };
    r.finish(map);
    default_titles(&mut events);
    Some(events)
}

/// The titles a category, object or event has when the spec gives none (as Firefox's files,
/// which have no titles, import): its category name; `category.object`, which no other
/// object's default shares; its method. Each at the name it comes from.
pub(crate) fn default_titles(c: &mut Category) {
    let Some(category) = &c.category else {
        return;
    };
    c.title.get_or_insert_with(|| category.clone());
    for o in &mut c.objects {
        if let (None, Some(name)) = (&o.title, &o.name) {
            let title = format!("{}.{}", category.value, name.value);
            o.title = Some(Located::new(title, name.span));
        }
    }
    let events = c.objects.iter_mut().flat_map(|o| o.events.iter_mut());
    for e in events.chain(c.events.iter_mut()) {
        if let (None, Some(method)) = (&e.title, &e.method) {
            e.title = Some(method.clone());
        }
    }
}

fn read_enrollment_id(r: &mut Reader<'_>, node: &Node) -> Option<EnrollmentId> {
    let what = "`enrollment_id`";
    let mut map = r.mapping(node, &format::ENROLLMENT_ID, what)?;
    let id = EnrollmentId {
        title: req_text(r, &mut map, "title", what),
        filler: req_text(r, &mut map, "filler", what),
        description: req_text(r, &mut map, "description", what),
    };
    r.finish(map);
    Some(id)
}

fn read_object(r: &mut Reader<'_>, node: &Node) -> Option<Object> {
    let what = "an object";
    let mut map = r.mapping(node, &format::OBJECT, what)?;
    let object = Object {
        name: req_text(r, &mut map, "name", what),
        title: opt_text(r, &mut map, "title", what),
        value: map.get("value").and_then(|n| read_value(r, n)),
        events: match map.get("events") {
            Some(n) => {
                let events = r.seq(n, "`events` of an object");
                r.each(events, |r, n| read_event(r, n, false))
            }
            None => Vec::new(),
        },
        waivers: read_waivers(r, &mut map),
    };
    r.finish(map);
    Some(object)
}

/// An event of an object, or (`shared`) of the category's `events`, which names its objects.
fn read_event(r: &mut Reader<'_>, node: &Node, shared: bool) -> Option<Event> {
    let what = "an event";
    let mapping = if shared {
        &format::SHARED_EVENT
    } else {
        &format::EVENT
    };
    let mut map = r.mapping(node, mapping, what)?;
    let method = req_text(r, &mut map, "method", what);
    let objects = match shared {
        true => map
            .require(r, "objects")
            .map(|n| r.strings(n, "`objects`"))
            .unwrap_or_default(),
        false => Vec::new(),
    };
    let title = opt_text(r, &mut map, "title", what);
    let description = opt_text(r, &mut map, "description", what);
    let value = map.get("value").and_then(|n| read_value(r, n));
    let (extras, extras_span) = match map.get("extras") {
        Some(n) => (read_extras(r, n), n.span),
        None => (Vec::new(), node.span),
    };
    let metadata = read_metadata(r, &mut map);
    let renamed_from = opt_text(r, &mut map, "renamed_from", what);
    let waivers = read_waivers(r, &mut map);
    r.finish(map);
    Some(Event {
        renamed_from,
        method,
        title,
        description,
        value,
        extras,
        extras_span,
        objects,
        metadata,
        waivers,
    })
}

/// The metadata keys of `map`, each read in its form (checked for meaning later).
fn read_metadata(r: &mut Reader<'_>, map: &mut MapView<'_>) -> Metadata {
    read_metadata_keys(r, map, None)
}

/// The metadata keys of `map`: all of the format's, or only those of `keys` (another format's
/// subset: Firefox's files have fewer), each read in its form; a key left out is left for
/// [`Reader::finish`] to report as unknown.
pub(crate) fn read_metadata_keys(
    r: &mut Reader<'_>,
    map: &mut MapView<'_>,
    keys: Option<&[&str]>,
) -> Metadata {
    let mut get = |key: &'static str| {
        if keys.is_none_or(|keys| keys.contains(&key)) {
            map.get(key)
        } else {
            None
        }
    };
    let mut list = |r: &mut Reader<'_>, key: &'static str| {
        get(key).map(|n| Located::new(r.strings(n, &format!("`{key}`")), n.span))
    };
    let bugs = list(r, "bugs");
    let notification_emails = list(r, "notification_emails");
    let products = list(r, "products");
    let record_in_processes = list(r, "record_in_processes");
    let operating_systems = list(r, "operating_systems");
    let data_reviews = list(r, "data_reviews");
    let data_sensitivity = list(r, "data_sensitivity");
    let bug_numbers = get("bug_numbers").map(|n| {
        let numbers = match &n.value {
            Value::Int(_) => std::slice::from_ref(n),
            _ => r.seq(n, "`bug_numbers`"),
        };
        let numbers = numbers
            .iter()
            .filter_map(|b| r.integer(b, "a bug number", 1, i128::from(u32::MAX)))
            .collect();
        Located::new(numbers, n.span)
    });
    let mut expiry = |r: &mut Reader<'_>, key: &'static str| {
        let n = get(key)?;
        match &n.value {
            // `expires: 95`, as Glean writes a major version.
            Value::Int(i) => Some(Located::new(i.to_string(), n.span)),
            _ => r.text(n, &format!("`{key}`")),
        }
    };
    let expires = match (expiry(r, "expires"), expiry(r, "expiry_version")) {
        (Some(a), Some(b)) => {
            r.report(
                Diagnostic::error(
                    Code::DuplicateKey,
                    "`expires` and `expiry_version` are one key (Glean's name and Firefox's)",
                )
                .at(b.span, "given again here")
                .also(a.span, "first given here")
                .with_help("keep one"),
            );
            Some(a)
        }
        (a, b) => a.or(b),
    };
    let release_channel_collection =
        get("release_channel_collection").and_then(|n| r.text(n, "`release_channel_collection`"));
    Metadata {
        bug_numbers,
        bugs,
        notification_emails,
        expires,
        products,
        record_in_processes,
        operating_systems,
        release_channel_collection,
        data_reviews,
        data_sensitivity,
    }
}

/// A `value`: prose, or `false` for events without a value.
fn read_value(r: &mut Reader<'_>, node: &Node) -> Option<EventValue> {
    match node.value {
        Value::Bool(false) => Some(EventValue::None),
        Value::Bool(true) => {
            r.report(
                Diagnostic::error(
                    Code::WrongType,
                    "`value` is what the event value means, or `false` for events without one",
                )
                .at(node.span, "`true` says nothing of the value")
                .with_help("describe the value: `value: The name of the study.`"),
            );
            Some(EventValue::Invalid)
        }
        _ => Some(
            r.text(node, "`value` (what the event value means, or `false`)")
                .map_or(EventValue::Invalid, EventValue::Meaning),
        ),
    }
}

fn read_extras(r: &mut Reader<'_>, node: &Node) -> Vec<Extra> {
    if matches!(node.value, Value::Null) {
        return Vec::new();
    }
    let Some(mut map) = r.map(node, "`extras`") else {
        return Vec::new();
    };
    let entries = map.entries();
    r.finish(map);
    // Room for each extra, not the doubling of a vector that grows: an extra is a large
    // struct, and a spec may hold 100,000 (their slack was 40 MB of the 10-extra spec's peak).
    let mut extras = Vec::with_capacity(entries.len());
    extras.extend(
        entries
            .into_iter()
            .filter_map(|(key, value)| read_extra(r, key, value)),
    );
    extras
}

fn read_extra(r: &mut Reader<'_>, key: Text, node: &Node) -> Option<Extra> {
    let what = format!("extra `{}`", key.value);
    let mut map = r.mapping(node, &format::EXTRA, &what)?;
    let kind = opt_text(r, &mut map, "type", &what);
    let description = req_text(r, &mut map, "description", &what);
    let min = map
        .get("min")
        .and_then(|n| r.integer(n, "`min`", i128::from(i64::MIN), i128::from(i64::MAX)));
    let max = map
        .get("max")
        .and_then(|n| r.integer(n, "`max`", i128::from(i64::MIN), i128::from(i64::MAX)));
    let (values, values_span, values_invalid) = match map.get("values") {
        Some(n) => (
            read_enum_values(r, n, &what),
            Some(n.span),
            !matches!(n.value, Value::Map(_)),
        ),
        None => (Vec::new(), None, false),
    };
    let optional = map
        .get("optional")
        .and_then(|n| r.boolean(n, "`optional`"))
        .is_some_and(|b| b.value);
    let when = map.get("when").and_then(|n| read_condition(r, n));
    let channels = map
        .get("channels")
        .map(|n| r.strings(n, "`channels`"))
        .unwrap_or_default();
    let max_length = map
        .get("max_length")
        .and_then(|n| r.integer(n, "`max_length`", 1, i128::from(u32::MAX)));
    let truncate = map
        .get("truncate")
        .and_then(|n| r.boolean(n, "`truncate`"))
        .is_some_and(|b| b.value);
    let renamed_from = opt_text(r, &mut map, "renamed_from", &what);
    let waivers = read_waivers(r, &mut map);
    r.finish(map);
    Some(Extra {
        renamed_from,
        key,
        kind,
        min,
        max,
        description,
        values,
        values_span,
        values_invalid,
        optional,
        when,
        channels,
        max_length,
        truncate,
        waivers,
    })
}

fn read_enum_values(r: &mut Reader<'_>, node: &Node, what: &str) -> Vec<EnumValue> {
    let Value::Map(entries) = &node.value else {
        r.report(
            Diagnostic::error(
                Code::WrongType,
                format!("`values` of {what} must be a mapping of value to description"),
            )
            .at(
                node.span,
                format!("expected a mapping, found {}", node.value.kind()),
            ),
        );
        return Vec::new();
    };
    let mut values: Vec<EnumValue> = Vec::new();
    // Each value's place, by its text: an enum may have hundreds of thousands (a scan for
    // each took 28 s for 400,000).
    let mut index: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (key, description) in entries {
        let Some(value) = r.string(key, "an enum value") else {
            continue;
        };
        if let Some(first) = index.get(&value.value).map(|&i| &values[i]) {
            r.report(
                Diagnostic::error(
                    Code::DuplicateEnumValue,
                    format!("enum value `{}` is listed twice in {what}", value.value),
                )
                .at(value.span, "listed again here")
                .also(first.value.span, "first listed here"),
            );
            continue;
        }
        let description = r.text(
            description,
            &format!("the description of `{}`", value.value),
        );
        index.insert(value.value.clone(), values.len());
        values.push(EnumValue { value, description });
    }
    values
}

fn read_condition(r: &mut Reader<'_>, node: &Node) -> Option<Condition> {
    let mut map = r.map(node, "`when`")?;
    let mut entries = map.entries();
    r.finish(map);
    if entries.len() != 1 {
        r.report(
            Diagnostic::error(Code::InvalidCondition, "`when` must name exactly one extra")
                .at(node.span, format!("{} extras named", entries.len()))
                .with_help("write `when: {reason: [value, …]}`"),
        );
        return None;
    }
    let (extra, values) = entries.remove(0);
    let values = r.strings(values, "the values of `when`");
    Some(Condition { extra, values })
}

fn read_waivers(r: &mut Reader<'_>, map: &mut MapView<'_>) -> Vec<Waiver> {
    let Some(node) = map.get("waive") else {
        return Vec::new();
    };
    let Some(mut waive) = r.map(node, "`waive`") else {
        return Vec::new();
    };
    let entries = waive.entries();
    r.finish(waive);
    entries
        .into_iter()
        .map(|(lint, reason)| {
            let reason = r.text(reason, &format!("the reason for waiving `{}`", lint.value));
            Waiver { lint, reason }
        })
        .collect()
}
