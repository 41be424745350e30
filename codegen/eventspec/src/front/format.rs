//! The spec format as data: every mapping of the language, its keys, what each holds and what
//! it means. The reader ([`crate::front::spec`]) reads each mapping against its table here
//! (asking for a key that is not in it, or leaving one of its keys unread, fails every debug
//! build's tests), and `eventspec schema` writes the JSON Schema from the same tables, so the
//! two cannot drift.

use serde_json::{Map, Value, json};

use crate::check::{metadata, validate};
use crate::model::ScalarKind;

/// A mapping with fixed keys.
#[derive(Debug)]
pub struct Mapping {
    /// Its name in the schema's `$defs`.
    pub name: &'static str,
    /// What it is.
    pub doc: &'static str,
    /// Its keys, in groups (the metadata keys are one group, shared by several mappings).
    pub groups: &'static [&'static [Key]],
}

impl Mapping {
    /// Every key.
    pub fn keys(&self) -> impl Iterator<Item = &'static Key> {
        self.groups.iter().flat_map(|g| g.iter())
    }

    /// Whether `key` is one of its keys.
    pub fn has(&self, key: &str) -> bool {
        self.keys().any(|k| k.name == key)
    }
}

/// One key of a mapping.
#[derive(Debug)]
pub struct Key {
    /// The key.
    pub name: &'static str,
    /// Whether it must be written.
    pub required: bool,
    /// What it holds.
    pub kind: Kind,
    /// What it means (the schema's description, shown by editors).
    pub doc: &'static str,
}

/// What a key holds.
#[derive(Debug)]
pub enum Kind {
    /// Text, not empty.
    Text,
    /// Prose in the spec's markup.
    Prose,
    /// `true` or `false`.
    Bool,
    /// An integer in a range.
    Integer(i64, i64),
    /// A string, or a list of strings.
    Strings,
    /// One of these strings, or a list of them.
    Choices(fn() -> Vec<&'static str>),
    /// One of these strings.
    Choice(fn() -> Vec<&'static str>),
    /// Prose, or `false`.
    ProseOrFalse,
    /// A string or an integer.
    TextOrInteger,
    /// An integer or a list of integers.
    Integers(i64, i64),
    /// A mapping.
    Map(&'static Mapping),
    /// A list of mappings.
    List(&'static Mapping),
    /// A mapping, or a list of them.
    OneOrList(&'static Mapping),
    /// A mapping from names to values of a kind (`null` allowed when `nullable`).
    Names(&'static Kind, bool),
}

const fn key(name: &'static str, required: bool, kind: Kind, doc: &'static str) -> Key {
    Key {
        name,
        required,
        kind,
        doc,
    }
}

/// The metadata keys, on the spec, a category, an event and a scalar.
pub const METADATA: &[Key] = &[
    key(
        "bug_numbers",
        false,
        Kind::Integers(1, u32::MAX as i64),
        "Bugzilla bug numbers.",
    ),
    key("bugs", false, Kind::Strings, "Bug URLs."),
    key(
        "notification_emails",
        false,
        Kind::Strings,
        "E-mail addresses told about changes and expiry.",
    ),
    key(
        "expires",
        false,
        Kind::TextOrInteger,
        "`never`, `expired`, a major version (`95`) or a date (`2027-01-31`).",
    ),
    key(
        "expiry_version",
        false,
        Kind::TextOrInteger,
        "Firefox's name for `expires`.",
    ),
    key(
        "products",
        false,
        Kind::Choices(|| metadata::PRODUCTS.to_vec()),
        "Products that record it.",
    ),
    key(
        "record_in_processes",
        false,
        Kind::Choices(|| metadata::PROCESSES.to_vec()),
        "Processes that record it.",
    ),
    key(
        "operating_systems",
        false,
        Kind::Choices(|| metadata::OPERATING_SYSTEMS.to_vec()),
        "Operating systems that record it.",
    ),
    key(
        "release_channel_collection",
        false,
        Kind::Choice(|| metadata::COLLECTIONS.to_vec()),
        "`opt-in` or `opt-out`.",
    ),
    key("data_reviews", false, Kind::Strings, "Data review URLs."),
    key(
        "data_sensitivity",
        false,
        Kind::Choices(|| metadata::SENSITIVITY.to_vec()),
        "Data sensitivity levels.",
    ),
];

const WAIVE: Key = key(
    "waive",
    false,
    Kind::Names(&Kind::Prose, false),
    "Waivers of platform limits: lint name to the reason.",
);

/// The whole spec.
pub const SPEC: Mapping = Mapping {
    name: "spec",
    doc: "An eventspec spec: telemetry definitions from which typed Rust and documentation are generated.",
    groups: &[
        &[
            key(
                "eventspec",
                true,
                Kind::Integer(1, 1),
                "The format version: 1.",
            ),
            key(
                "title",
                false,
                Kind::Text,
                "The document title (default: `Data collection`).",
            ),
            key("introduction", false, Kind::Prose, "Prose under the title."),
            key(
                "references",
                false,
                Kind::Names(&Kind::Map(&REFERENCE), false),
                "Cross-reference targets, by label.",
            ),
            key("uptake", false, Kind::Map(&UPTAKE), "Uptake statuses."),
            key("scalars", false, Kind::List(&SCALAR), "Scalars."),
            key(
                "events",
                false,
                Kind::OneOrList(&CATEGORY),
                "Event categories: one, or a list of them.",
            ),
            key(
                "require_metadata",
                false,
                Kind::Choices(required_keys),
                "Metadata keys every event and scalar must have.",
            ),
        ],
        METADATA,
    ],
};

fn required_keys() -> Vec<&'static str> {
    let mut keys = metadata::KEYS.to_vec();
    keys.push("expiry_version");
    keys
}

/// A cross-reference target.
pub const REFERENCE: Mapping = Mapping {
    name: "reference",
    doc: "A cross-reference target: an RST label, and the link Markdown uses.",
    groups: &[&[
        key(
            "title",
            false,
            Kind::Text,
            "Link text when the reference gives none.",
        ),
        key(
            "url",
            false,
            Kind::Text,
            "Where Markdown links to (http or https).",
        ),
    ]],
};

/// The uptake section.
pub const UPTAKE: Mapping = Mapping {
    name: "uptake",
    doc: "Uptake statuses, recorded as Firefox's Uptake Telemetry records them.",
    groups: &[&[
        key("title", true, Kind::Text, "Section heading."),
        key("description", false, Kind::Prose, "Section introduction."),
        key(
            "component",
            false,
            Kind::Text,
            "The component that reports (the uptake events' object); default: the first segment of the keys.",
        ),
        key(
            "telemetry_values",
            true,
            Kind::Choices(|| eventspec_runtime::uptake::STATUSES.to_vec()),
            "The telemetry values the statuses use.",
        ),
        key("sources", true, Kind::List(&SOURCE), "Uptake sources."),
    ]],
};

/// An uptake source.
pub const SOURCE: Mapping = Mapping {
    name: "uptake_source",
    doc: "An uptake source: a key (or key template) and its statuses.",
    groups: &[&[
        key(
            "name",
            true,
            Kind::Text,
            "Short name; the Rust enum is `<Name>Status`.",
        ),
        key("title", true, Kind::Text, "Heading."),
        key(
            "key",
            true,
            Kind::Text,
            "The uptake key; `<parameter name>` marks a parameter.",
        ),
        key("reported", true, Kind::Prose, "When a status is reported."),
        key("statuses", true, Kind::List(&STATUS), "The statuses."),
    ]],
};

/// An uptake status.
pub const STATUS: Mapping = Mapping {
    name: "status",
    doc: "One uptake status.",
    groups: &[&[
        key(
            "constant",
            true,
            Kind::Text,
            "SCREAMING_SNAKE_CASE constant, unique in the spec.",
        ),
        key(
            "value",
            true,
            Kind::Text,
            "The telemetry value, one of `telemetry_values`.",
        ),
        key("description", true, Kind::Prose, "What it means."),
    ]],
};

/// A scalar.
pub const SCALAR: Mapping = Mapping {
    name: "scalar",
    doc: "A scalar.",
    groups: &[
        &[
            key(
                "name",
                true,
                Kind::Text,
                "Dotted name (`normandy.recipe_freshness`).",
            ),
            key(
                "kind",
                true,
                Kind::Choice(|| ScalarKind::ALL.iter().map(|(n, _)| *n).collect()),
                "Value type.",
            ),
            key("keyed", false, Kind::Bool, "Whether it is keyed."),
            key(
                "key",
                false,
                Kind::Text,
                "What the key is (for keyed scalars).",
            ),
            key("unit", false, Kind::Text, "Unit of the value."),
            key("description", true, Kind::Prose, "What it measures."),
        ],
        METADATA,
    ],
};

/// An event category.
pub const CATEGORY: Mapping = Mapping {
    name: "category",
    doc: "An event category and its objects.",
    groups: &[
        &[
            key(
                "title",
                false,
                Kind::Text,
                "Section heading (default: the category name).",
            ),
            key("description", false, Kind::Prose, "Section introduction."),
            key("category", true, Kind::Text, "Event category on the wire."),
            key(
                "rust_prefix",
                false,
                Kind::Text,
                "What the Rust names of the category's types start with.",
            ),
            key(
                "enrollment_id",
                false,
                Kind::Map(&ENROLLMENT_ID),
                "The enrollment-id section and filler.",
            ),
            key(
                "objects",
                true,
                Kind::List(&OBJECT),
                "Objects and their events.",
            ),
            key(
                "events",
                false,
                Kind::List(&SHARED_EVENT),
                "Events declared once for several objects.",
            ),
            WAIVE,
        ],
        METADATA,
    ],
};

/// The enrollment-id section.
pub const ENROLLMENT_ID: Mapping = Mapping {
    name: "enrollment_id",
    doc: "Enrollment ids: documentation and the filler sent once upload is disabled.",
    groups: &[&[
        key("title", true, Kind::Text, "Heading."),
        key(
            "filler",
            true,
            Kind::Text,
            "The value sent in place of an id once upload is disabled.",
        ),
        key("description", true, Kind::Prose, "Prose."),
    ]],
};

/// An object.
pub const OBJECT: Mapping = Mapping {
    name: "object",
    doc: "An event object and its events.",
    groups: &[&[
        key("name", true, Kind::Text, "Object name on the wire."),
        key(
            "title",
            false,
            Kind::Text,
            "Heading (default: `category.object`).",
        ),
        key(
            "value",
            false,
            Kind::ProseOrFalse,
            "What the event value means, or `false` for events without one (default: an optional value, not described).",
        ),
        key("events", false, Kind::List(&EVENT), "Its events."),
        WAIVE,
    ]],
};

const EVENT_KEYS: &[Key] = &[
    key("method", true, Kind::Text, "Method name on the wire."),
    key("title", false, Kind::Text, "Heading (default: the method)."),
    key("description", false, Kind::Prose, "When it is sent."),
    key(
        "value",
        false,
        Kind::ProseOrFalse,
        "What the value means (overriding the object's), or `false`: no value.",
    ),
    key(
        "extras",
        false,
        Kind::Names(&Kind::Map(&EXTRA), true),
        "Extras, by key, in the order the documents list them.",
    ),
    key(
        "renamed_from",
        false,
        Kind::Text,
        "The method it had before: `eventspec diff` reports a rename, not a removal and an addition.",
    ),
    WAIVE,
];

/// An event of an object.
pub const EVENT: Mapping = Mapping {
    name: "event",
    doc: "An event: a method on an object.",
    groups: &[EVENT_KEYS, METADATA],
};

/// An event declared once for several objects.
pub const SHARED_EVENT: Mapping = Mapping {
    name: "shared_event",
    doc: "An event declared once for several objects of its category.",
    groups: &[
        &[key("objects", true, Kind::Strings, "The objects it is on.")],
        EVENT_KEYS,
        METADATA,
    ],
};

/// An extra.
pub const EXTRA: Mapping = Mapping {
    name: "extra",
    doc: "An extra of an event.",
    groups: &[&[
        key(
            "type",
            false,
            Kind::Choice(validate::extra_type_names),
            "Its type (default `string`).",
        ),
        key("description", true, Kind::Prose, "What it means."),
        key(
            "min",
            false,
            Kind::Integer(i64::MIN, i64::MAX),
            "The least a quantity may be.",
        ),
        key(
            "max",
            false,
            Kind::Integer(i64::MIN, i64::MAX),
            "The most a quantity may be.",
        ),
        key(
            "values",
            false,
            Kind::Names(&Kind::Prose, false),
            "An enum's values and their meaning.",
        ),
        key("optional", false, Kind::Bool, "Whether it may be left out."),
        key(
            "when",
            false,
            Kind::Names(&Kind::Strings, false),
            "`{extra: [value, …]}`: sent only when that enum extra has one of the values.",
        ),
        key(
            "channels",
            false,
            Kind::Choices(|| validate::CHANNELS.to_vec()),
            "Release channels that send it.",
        ),
        key(
            "max_length",
            false,
            Kind::Integer(1, u32::MAX as i64),
            "Maximum length in bytes.",
        ),
        key(
            "truncate",
            false,
            Kind::Bool,
            "Whether a longer string is cut when recorded.",
        ),
        key(
            "renamed_from",
            false,
            Kind::Text,
            "The key it had before: `eventspec diff` reports a rename, not a removal and an addition.",
        ),
        WAIVE,
    ]],
};

/// Every mapping, for the schema's `$defs`.
const ALL: &[&Mapping] = &[
    &SPEC,
    &REFERENCE,
    &UPTAKE,
    &SOURCE,
    &STATUS,
    &SCALAR,
    &CATEGORY,
    &ENROLLMENT_ID,
    &OBJECT,
    &EVENT,
    &SHARED_EVENT,
    &EXTRA,
];

/// The JSON Schema (draft 2020-12) of the spec format.
pub fn json_schema() -> Value {
    let defs: Map<String, Value> = ALL
        .iter()
        .map(|m| (m.name.to_string(), mapping_schema(m)))
        .collect();
    let mut root = json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://example.invalid/eventspec/spec-1.schema.json",
        "title": "eventspec spec, format version 1",
        "$ref": "#/$defs/spec",
    });
    root["$defs"] = Value::Object(defs);
    root
}

fn mapping_schema(m: &Mapping) -> Value {
    let properties: Map<String, Value> = m
        .keys()
        .map(|k| {
            let mut schema = kind_schema(&k.kind);
            schema["description"] = Value::from(k.doc);
            (k.name.to_string(), schema)
        })
        .collect();
    let required: Vec<&str> = m.keys().filter(|k| k.required).map(|k| k.name).collect();
    json!({
        "type": "object",
        "description": m.doc,
        "properties": properties,
        "required": required,
        "additionalProperties": false,
    })
}

fn kind_schema(kind: &Kind) -> Value {
    let strings = |values: Vec<&'static str>| json!({"type": "string", "enum": values});
    match kind {
        Kind::Text => json!({"type": "string", "minLength": 1}),
        Kind::Prose => json!({"type": "string", "minLength": 1}),
        Kind::Bool => json!({"type": "boolean"}),
        Kind::Integer(min, max) => json!({"type": "integer", "minimum": min, "maximum": max}),
        Kind::Strings => {
            json!({"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]})
        }
        Kind::Choices(values) => {
            let one = strings(values());
            json!({"oneOf": [one.clone(), {"type": "array", "items": one}]})
        }
        Kind::Choice(values) => strings(values()),
        Kind::ProseOrFalse => {
            json!({"oneOf": [{"type": "string", "minLength": 1}, {"const": false}]})
        }
        Kind::TextOrInteger => json!({"type": ["string", "integer"]}),
        Kind::Integers(min, max) => {
            let one = json!({"type": "integer", "minimum": min, "maximum": max});
            json!({"oneOf": [one.clone(), {"type": "array", "items": one}]})
        }
        Kind::Map(m) => json!({"$ref": format!("#/$defs/{}", m.name)}),
        Kind::List(m) => json!({"type": "array", "items": {"$ref": format!("#/$defs/{}", m.name)}}),
        Kind::OneOrList(m) => {
            let one = json!({"$ref": format!("#/$defs/{}", m.name)});
            json!({"oneOf": [one.clone(), {"type": "array", "items": one}]})
        }
        Kind::Names(value, nullable) => {
            let map = json!({"type": "object", "additionalProperties": kind_schema(value)});
            if *nullable {
                json!({"oneOf": [map, {"type": "null"}]})
            } else {
                map
            }
        }
    }
}
