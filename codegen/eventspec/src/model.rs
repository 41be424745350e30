//! The validated, resolved spec that every backend reads. Built only by checking ([`crate::check`]),
//! so everything here is known to be consistent, and every Rust name is decided.

use serde::Serialize;

pub use eventspec_runtime::Expiry;

use crate::front::source::Span;
use crate::markup::{Markup, Resolve};

/// A whole validated spec.
#[derive(Clone, Debug, Serialize)]
pub struct Model {
    /// Document title.
    pub title: String,
    /// Document introduction.
    pub introduction: Option<Markup>,
    /// Cross-reference targets.
    pub references: Vec<Reference>,
    /// Uptake statuses.
    pub uptake: Option<Uptake>,
    /// Scalars.
    pub scalars: Vec<Scalar>,
    /// Event categories, in spec order.
    pub events: Vec<Category>,
    /// The spec's own metadata (what its categories and scalars inherit).
    pub metadata: Metadata,
}

/// The metadata Firefox and Glean track, as it applies to one item: its own keys, and for the
/// others those of the level above (a category's, then the spec's). Empty lists and `None`
/// are keys no level gives.
#[derive(Clone, Debug, Default, Serialize, PartialEq, Eq)]
pub struct Metadata {
    /// Bugzilla bug numbers.
    pub bug_numbers: Vec<u64>,
    /// Bug URLs.
    pub bugs: Vec<String>,
    /// Who is told about changes and expiry.
    pub notification_emails: Vec<String>,
    /// When it stops being recorded.
    pub expires: Option<Expiry>,
    /// Products that record it.
    pub products: Vec<String>,
    /// Processes that record it.
    pub record_in_processes: Vec<String>,
    /// Operating systems that record it.
    pub operating_systems: Vec<String>,
    /// `opt-in` or `opt-out`.
    pub release_channel_collection: Option<String>,
    /// Data review URLs.
    pub data_reviews: Vec<String>,
    /// Data sensitivity levels.
    pub data_sensitivity: Vec<String>,
}

impl Metadata {
    /// What the documents show of it, key by key in a fixed order: every key given, or with
    /// `parent`, those that differ from it (an event shows what its category does not say).
    pub fn fields(&self, parent: Option<&Metadata>) -> Vec<MetadataField> {
        let mut out = Vec::new();
        let mut field = |label: &'static str, values: Vec<FieldValue>, same: bool| {
            let shown = !values.is_empty() && (parent.is_none() || !same);
            if shown {
                out.push(MetadataField { label, values });
            }
        };
        let none = Metadata::default();
        let p = parent.unwrap_or(&none);
        let texts = |v: &[String]| v.iter().map(|t| FieldValue::text(t)).collect::<Vec<_>>();
        let links = |v: &[String]| v.iter().map(|u| FieldValue::link(u, u)).collect::<Vec<_>>();
        let bugs: Vec<FieldValue> = self
            .bug_numbers
            .iter()
            .map(|n| {
                FieldValue::link(
                    &format!("bug {n}"),
                    &format!("https://bugzilla.mozilla.org/show_bug.cgi?id={n}"),
                )
            })
            .chain(links(&self.bugs))
            .collect();
        field(
            "Bugs",
            bugs,
            self.bug_numbers == p.bug_numbers && self.bugs == p.bugs,
        );
        field(
            "Notification e-mails",
            texts(&self.notification_emails),
            self.notification_emails == p.notification_emails,
        );
        field(
            "Expires",
            self.expires
                .iter()
                .map(|e| FieldValue::text(&e.to_string()))
                .collect(),
            self.expires == p.expires,
        );
        field(
            "Products",
            texts(&self.products),
            self.products == p.products,
        );
        field(
            "Processes",
            texts(&self.record_in_processes),
            self.record_in_processes == p.record_in_processes,
        );
        field(
            "Operating systems",
            texts(&self.operating_systems),
            self.operating_systems == p.operating_systems,
        );
        field(
            "Release channel collection",
            self.release_channel_collection
                .iter()
                .map(|c| FieldValue::text(c))
                .collect(),
            self.release_channel_collection == p.release_channel_collection,
        );
        field(
            "Data reviews",
            links(&self.data_reviews),
            self.data_reviews == p.data_reviews,
        );
        field(
            "Data sensitivity",
            texts(&self.data_sensitivity),
            self.data_sensitivity == p.data_sensitivity,
        );
        out
    }
}

/// One line of metadata in the documents: a label and its values.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct MetadataField {
    /// What it is (`Bugs`).
    pub label: &'static str,
    /// Its values, in spec order.
    pub values: Vec<FieldValue>,
}

/// A metadata value as the documents show it: text, linked when it has a URL.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct FieldValue {
    /// The text shown.
    pub text: String,
    /// Where it links to (a checked http(s) URL).
    pub url: Option<String>,
}

impl FieldValue {
    fn text(text: &str) -> Self {
        FieldValue {
            text: text.to_string(),
            url: None,
        }
    }

    fn link(text: &str, url: &str) -> Self {
        FieldValue {
            text: text.to_string(),
            url: Some(url.to_string()),
        }
    }
}

impl Model {
    /// How many events the spec declares.
    pub fn event_count(&self) -> usize {
        self.all_events().count()
    }

    /// Every event, category by category, object by object.
    pub fn all_events(&self) -> impl Iterator<Item = &Event> {
        self.events.iter().flat_map(Category::all)
    }

    /// The enrollment-id section (at most one category declares it).
    pub fn enrollment_id(&self) -> Option<&EnrollmentId> {
        self.events.iter().find_map(|c| c.enrollment_id.as_ref())
    }
}

/// A cross-reference target.
#[derive(Clone, Debug, Serialize)]
pub struct Reference {
    /// RST label.
    pub label: String,
    /// Default link text.
    pub title: String,
    /// Markdown link target (absent: Markdown prints the text unlinked).
    pub url: Option<String>,
}

/// The uptake section.
#[derive(Clone, Debug, Serialize)]
pub struct Uptake {
    /// Heading.
    pub title: String,
    /// Introduction.
    pub description: Option<Markup>,
    /// The component that reports: the uptake events' object (`normandy`).
    pub component: String,
    /// The uptake events' category (`uptake.remotecontent.result`).
    pub category: &'static str,
    /// The uptake events' method (`uptake`).
    pub method: &'static str,
    /// The keyed histogram each status is also counted in.
    pub histogram: &'static str,
    /// The values of the events' `trigger` extra.
    pub triggers: &'static [&'static str],
    /// Declared telemetry values.
    pub telemetry_values: Vec<String>,
    /// Sources in spec order.
    pub sources: Vec<UptakeSource>,
}

/// One uptake source.
#[derive(Clone, Debug, Serialize)]
pub struct UptakeSource {
    /// Spec name.
    pub name: String,
    /// Heading.
    pub title: String,
    /// The key as written (`normandy/action/<action name>`).
    pub key: String,
    /// The key split into literal text and parameters.
    pub key_parts: Vec<KeyPart>,
    /// When a status is reported.
    pub reported: Markup,
    /// Statuses in spec order.
    pub statuses: Vec<Status>,
    /// Rust enum name (`ActionStatus`).
    pub rust_name: String,
    /// Rust name of the struct of its uptake events (`ActionUptake`).
    pub rust_event: String,
    /// Where its name is written.
    #[serde(skip)]
    pub span: Span,
}

impl UptakeSource {
    /// The status a recorded telemetry value stands for: the first with that value.
    pub fn status_of(&self, value: &str) -> Option<&Status> {
        self.statuses.iter().find(|s| s.value == value)
    }
}

/// A piece of a key template.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum KeyPart {
    /// Literal text.
    Literal {
        /// The text.
        text: String,
    },
    /// A parameter (`<action name>`).
    Param {
        /// As written between the angle brackets.
        name: String,
        /// Rust argument name (`action_name`).
        rust_name: String,
    },
}

/// One uptake status.
#[derive(Clone, Debug, Serialize)]
pub struct Status {
    /// Constant name (`RUNNER_SUCCESS`).
    pub constant: String,
    /// Telemetry value.
    pub value: String,
    /// Meaning.
    pub description: Markup,
    /// Rust variant name (`Success`).
    pub rust_variant: String,
    /// Where its constant is written.
    #[serde(skip)]
    pub span: Span,
}

/// A scalar.
#[derive(Clone, Debug, Serialize)]
pub struct Scalar {
    /// Full name.
    pub name: String,
    /// Value type.
    pub kind: ScalarKind,
    /// Whether it is keyed.
    pub keyed: bool,
    /// What its key is, when the spec says (`recipe id`).
    pub key: Option<String>,
    /// Unit of the value.
    pub unit: Option<String>,
    /// Meaning.
    pub description: Markup,
    /// Rust type name (`RecipeFreshness`).
    pub rust_name: String,
    /// Its metadata.
    pub metadata: Metadata,
    /// What the documents show of its metadata: all of it.
    pub metadata_fields: Vec<MetadataField>,
    /// Where its name is written.
    #[serde(skip)]
    pub span: Span,
}

/// The value type of a scalar.
#[derive(Clone, Copy, Debug, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum ScalarKind {
    /// Unsigned integer.
    Uint,
    /// String.
    String,
    /// Boolean.
    Boolean,
}

impl ScalarKind {
    /// Its name in a spec (`uint`).
    pub fn name(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(_, k)| *k == self)
            .map_or("", |(name, _)| name)
    }

    /// Every kind with its spec name.
    pub const ALL: [(&'static str, ScalarKind); 3] = [
        ("uint", ScalarKind::Uint),
        ("string", ScalarKind::String),
        ("boolean", ScalarKind::Boolean),
    ];
}

/// One event category and its objects.
#[derive(Clone, Debug, Serialize)]
pub struct Category {
    /// Heading.
    pub title: String,
    /// Introduction.
    pub description: Option<Markup>,
    /// Category name on the wire (`normandy`).
    pub name: String,
    /// Enrollment-id documentation.
    pub enrollment_id: Option<EnrollmentId>,
    /// Objects in spec order.
    pub objects: Vec<Object>,
    /// The category's metadata (what its events inherit).
    pub metadata: Metadata,
    /// What the documents show of its metadata: all of it.
    pub metadata_fields: Vec<MetadataField>,
}

impl Category {
    /// Every event, object by object.
    pub fn all(&self) -> impl Iterator<Item = &Event> {
        self.objects.iter().flat_map(|o| o.events.iter())
    }
}

/// Enrollment-id documentation and filler.
#[derive(Clone, Debug, Serialize)]
pub struct EnrollmentId {
    /// Heading.
    pub title: String,
    /// The value sent in place of an id when upload is disabled.
    pub filler: String,
    /// Prose.
    pub description: Markup,
}

/// An object and its events.
#[derive(Clone, Debug, Serialize)]
pub struct Object {
    /// Wire name.
    pub name: String,
    /// Heading.
    pub title: String,
    /// Events in spec order.
    pub events: Vec<Event>,
    /// Rust name (`PreferenceStudy`).
    pub rust_name: String,
}

/// One event.
#[derive(Clone, Debug, Serialize)]
pub struct Event {
    /// Category wire name.
    pub category: String,
    /// Object wire name.
    pub object: String,
    /// Method wire name.
    pub method: String,
    /// Heading.
    pub title: String,
    /// When it is sent.
    pub description: Option<Markup>,
    /// Its value: described, undescribed or absent.
    pub value: EventValue,
    /// Extras in spec order.
    pub extras: Vec<Extra>,
    /// Rust struct name, also its variant in the event enum (`PreferenceStudyEnrollFailed`).
    pub rust_name: String,
    /// Stable name in decode output (`normandy.preference_study.enrollFailed`).
    pub name: String,
    /// Its metadata.
    pub metadata: Metadata,
    /// What the documents show of its metadata: what its category's does not say.
    pub metadata_fields: Vec<MetadataField>,
    /// The method it was renamed from (`renamed_from`), for `diff`.
    pub renamed_from: Option<String>,
    /// Where its method is written.
    #[serde(skip)]
    pub span: Span,
}

/// The value of an event's records.
#[derive(Clone, Debug, Serialize, PartialEq)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum EventValue {
    /// On every record, with this meaning (`String` in Rust).
    Described {
        /// What it means.
        meaning: Markup,
    },
    /// Perhaps on a record, its meaning not given (`Option<String>` in Rust): what Firefox
    /// allows of any event, and what an imported `Events.yaml`, which does not describe
    /// values, declares.
    Undescribed,
    /// On no record (`value: false`).
    Absent,
}

impl EventValue {
    /// The runtime's shape of it.
    pub fn shape(&self) -> eventspec_runtime::shape::ValueShape {
        use eventspec_runtime::shape::ValueShape;
        match self {
            EventValue::Described { .. } => ValueShape::Required,
            EventValue::Undescribed => ValueShape::Optional,
            EventValue::Absent => ValueShape::Absent,
        }
    }

    /// Its meaning, when the spec gives one.
    pub fn meaning(&self) -> Option<&Markup> {
        match self {
            EventValue::Described { meaning } => Some(meaning),
            EventValue::Undescribed | EventValue::Absent => None,
        }
    }
}

/// One extra.
#[derive(Clone, Debug, Serialize)]
pub struct Extra {
    /// Wire key.
    pub key: String,
    /// Meaning.
    pub description: Markup,
    /// Type.
    pub kind: ExtraKind,
    /// When it is present.
    pub presence: Presence,
    /// Channels that send it (all when empty).
    pub channels: Vec<String>,
    /// Maximum length in bytes.
    pub max_length: usize,
    /// Whether longer values are truncated (otherwise rejected).
    pub truncate: bool,
    /// Rust field name (`experiment_type`).
    pub rust_field: String,
    /// The key it was renamed from (`renamed_from`), for `diff`.
    pub renamed_from: Option<String>,
    /// Where its key is written.
    #[serde(skip)]
    pub span: Span,
}

/// The type of an extra.
#[derive(Clone, Debug, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ExtraKind {
    /// Free text.
    String,
    /// `"true"` or `"false"`.
    Boolean,
    /// A UUID, or the filler once upload is disabled.
    EnrollmentId,
    /// A UUID.
    Uuid,
    /// An integer, sent in decimal.
    Quantity {
        /// The least allowed.
        min: i64,
        /// The most allowed.
        max: i64,
    },
    /// One of a fixed set of values.
    Enum {
        /// Allowed values in spec order.
        values: Vec<EnumValue>,
        /// Rust enum name (`PreferenceStudyEnrollExperimentType`).
        rust_name: String,
    },
}

/// One allowed value of an enum extra.
#[derive(Clone, Debug, Serialize)]
pub struct EnumValue {
    /// Wire string.
    pub value: String,
    /// Meaning.
    pub description: Markup,
    /// Rust variant (`ExpHighpop`).
    pub rust_variant: String,
    /// Where it is written.
    #[serde(skip)]
    pub span: Span,
}

/// When an extra is present.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Presence {
    /// On every event.
    Always,
    /// May be left out (channel-limited extras are always optional).
    Optional,
    /// When the enum extra `extra` has one of `values` (exactly then, or perhaps then if
    /// `optional`), and never otherwise.
    When {
        /// The enum extra's key.
        extra: String,
        /// Values under which this extra is sent.
        values: Vec<String>,
        /// Whether it may be left out even then.
        optional: bool,
    },
}

impl Event {
    /// The extras present only when enum extra `key` has certain values.
    pub fn dependents(&self, key: &str) -> Vec<&Extra> {
        self.extras
            .iter()
            .filter(|d| matches!(&d.presence, Presence::When { extra, .. } if extra == key))
            .collect()
    }

    /// The extras present when enum extra `key` is `value`.
    pub fn dependents_of(&self, key: &str, value: &str) -> Vec<&Extra> {
        self.dependents(key)
            .into_iter()
            .filter(|d| matches!(&d.presence, Presence::When { values, .. } if values.iter().any(|v| v == value)))
            .collect()
    }
}

/// Cross-references resolve to the spec's `references`; an unknown label (impossible in a
/// validated model) shows as itself, unlinked.
impl Resolve for Vec<Reference> {
    fn resolve(&self, label: &str) -> (String, Option<String>) {
        match self.iter().find(|r| r.label == label) {
            Some(r) => (r.title.clone(), r.url.clone()),
            None => (label.to_string(), None),
        }
    }
}
