//! What changed between two versions of a spec, each change classified by whom it breaks:
//! the code that records events (a removed or renamed Rust item, a changed type), the people
//! and jobs that read the data (a changed wire name or value, a narrower limit, another
//! condition), nobody (an addition), or only the documents.

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use crate::front::source::Span;
use crate::model::{Event, EventValue, Extra, ExtraKind, Model, Presence, Scalar, UptakeSource};

/// Whom a change breaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Class {
    /// Code that records events no longer compiles, or means something else.
    BreakingCode,
    /// Queries and dashboards over the data: a wire name, value or rule changed.
    BreakingData,
    /// Something new; nothing that exists changes.
    Additive,
    /// Only the documents (titles, prose, metadata).
    Docs,
}

impl Class {
    /// As printed: `breaking-code`, `breaking-data`, `additive`, `docs`.
    pub fn as_str(self) -> &'static str {
        match self {
            Class::BreakingCode => "breaking-code",
            Class::BreakingData => "breaking-data",
            Class::Additive => "additive",
            Class::Docs => "docs",
        }
    }

    /// Whether it breaks anyone.
    pub fn is_breaking(self) -> bool {
        matches!(self, Class::BreakingCode | Class::BreakingData)
    }
}

/// One change.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Change {
    /// Whom it breaks.
    pub class: Class,
    /// What kind of change (`removed-event`, `enum-value-added`, …).
    pub kind: &'static str,
    /// What changed, in words.
    pub message: String,
    /// Where the item is in the old spec.
    #[serde(skip)]
    pub old: Option<Span>,
    /// Where it is in the new spec.
    #[serde(skip)]
    pub new: Option<Span>,
}

/// Each item of `new` with the item of `old` of the same key, if any, in `new`'s order; and
/// the items of `old` that no item of `new` has, in `old`'s order. By hash: an enum may have
/// 100,000 values, and a scan for each made that 10^10 comparisons.
fn pair<'a, T>(
    old: &'a [T],
    new: &'a [T],
    key: impl Fn(&T) -> &str,
) -> (Vec<(&'a T, Option<&'a T>)>, Vec<&'a T>) {
    let olds: HashMap<&str, &T> = old.iter().rev().map(|o| (key(o), o)).collect();
    let news: HashSet<&str> = new.iter().map(&key).collect();
    let pairs = new.iter().map(|n| (n, olds.get(key(n)).copied())).collect();
    let removed = old.iter().filter(|o| !news.contains(key(o))).collect();
    (pairs, removed)
}

/// Every change from `old` to `new`, in the new spec's order (removals where they were).
pub fn diff(old: &Model, new: &Model) -> Vec<Change> {
    let mut d = Differ::default();
    d.events(old, new);
    d.uptake(old, new);
    d.scalars(&old.scalars, &new.scalars);
    d.changes
}

#[derive(Default)]
struct Differ {
    changes: Vec<Change>,
}

impl Differ {
    fn push(
        &mut self,
        class: Class,
        kind: &'static str,
        message: String,
        old: Option<Span>,
        new: Option<Span>,
    ) {
        self.changes.push(Change {
            class,
            kind,
            // Spec text quoted as `check` quotes it: a long name shortened, the message bounded.
            message: crate::diagnostic::bounded(message),
            old,
            new,
        });
    }

    /// An item that only the new spec has: `what` (named as messages name it) added.
    fn added(&mut self, kind: &'static str, what: String, at: Span) {
        self.push(
            Class::Additive,
            kind,
            format!("{what} added"),
            None,
            Some(at),
        );
    }

    /// An item that only the old spec had, at `was`: `what` removed, which breaks code that
    /// names it; `near` is where the new spec holds its place, if anywhere.
    fn removed(&mut self, kind: &'static str, what: String, was: Span, near: Option<Span>) {
        self.push(
            Class::BreakingCode,
            kind,
            format!("{what} removed"),
            Some(was),
            near,
        );
    }

    fn events(&mut self, old: &Model, new: &Model) {
        let olds: HashMap<&str, &Event> = old.all_events().map(|e| (e.name.as_str(), e)).collect();
        let news: HashSet<&str> = new.all_events().map(|e| e.name.as_str()).collect();
        // The old events of each object and method, for events whose category changed.
        let mut by_place: HashMap<(&str, &str), Vec<&Event>> = HashMap::new();
        for o in old.all_events() {
            by_place
                .entry((o.object.as_str(), o.method.as_str()))
                .or_default()
                .push(o);
        }
        let mut matched: HashSet<&str> = HashSet::new();
        for n in new.all_events() {
            // A rename names the old method; the category and object stay.
            let renamed = n
                .renamed_from
                .as_ref()
                .map(|m| format!("{}.{}.{m}", n.category, n.object));
            // An event gone from its category, with the same object and method in another:
            // its category changed.
            let moved = || {
                by_place
                    .get(&(n.object.as_str(), n.method.as_str()))?
                    .iter()
                    .copied()
                    .find(|o| !news.contains(o.name.as_str()) && !matched.contains(o.name.as_str()))
            };
            let (o, was) = match olds.get(n.name.as_str()) {
                Some(o) => (Some(*o), None),
                None => match renamed
                    .as_deref()
                    .and_then(|r| olds.get(r))
                    .copied()
                    .or_else(moved)
                {
                    Some(o) => (Some(o), Some(o.name.clone())),
                    None => (None, None),
                },
            };
            let Some(o) = o else {
                self.added("event-added", format!("event `{}`", n.name), n.span);
                continue;
            };
            matched.insert(o.name.as_str());
            if let Some(was) = was.as_ref().filter(|_| o.category != n.category) {
                self.push(
                    Class::BreakingData,
                    "category-changed",
                    format!(
                        "event `{was}` is now in category `{}`: its records change category",
                        n.category
                    ),
                    Some(o.span),
                    Some(n.span),
                );
            } else if let Some(was) = was {
                self.push(
                    Class::BreakingData,
                    "event-renamed",
                    format!(
                        "event `{was}` renamed `{}`: its records change name",
                        n.name
                    ),
                    Some(o.span),
                    Some(n.span),
                );
            }
            self.event(o, n);
        }
        for o in old.all_events() {
            if !matched.contains(o.name.as_str()) {
                self.removed("event-removed", format!("event `{}`", o.name), o.span, None);
            }
        }
    }

    fn event(&mut self, o: &Event, n: &Event) {
        let at = (Some(o.span), Some(n.span));
        if o.rust_name != n.rust_name {
            self.push(
                Class::BreakingCode,
                "rust-name-changed",
                format!(
                    "event `{}` is now the Rust type `{}` (was `{}`)",
                    n.name, n.rust_name, o.rust_name
                ),
                at.0,
                at.1,
            );
        }
        let change = match (&o.value, &n.value) {
            (EventValue::Described { meaning: a }, EventValue::Described { meaning: b }) => {
                if a != b {
                    self.docs(&n.name, "its value's meaning", at);
                }
                None
            }
            (a, b) if a == b => None,
            (_, EventValue::Absent) => Some(("value-removed", "no longer has a value")),
            (EventValue::Absent, EventValue::Described { .. }) => Some((
                "value-added",
                "now has a value, which recording code must give",
            )),
            (EventValue::Absent, _) => Some(("value-added", "now has an optional value")),
            (_, EventValue::Described { .. }) => Some((
                "value-required",
                "now has a value on every record, which recording code must give",
            )),
            (_, _) => Some((
                "value-optional",
                "now has an optional, undescribed value (an `Option` in Rust)",
            )),
        };
        if let Some((kind, what)) = change {
            self.push(
                Class::BreakingCode,
                kind,
                format!("event `{}` {what}", n.name),
                at.0,
                at.1,
            );
        }
        if o.title != n.title || o.description != n.description {
            self.docs(&n.name, "its title or description", at);
        }
        if o.metadata != n.metadata {
            self.push(
                Class::Docs,
                "metadata-changed",
                format!("event `{}`: metadata changed", n.name),
                at.0,
                at.1,
            );
        }
        let olds: HashMap<&str, &Extra> = o.extras.iter().map(|x| (x.key.as_str(), x)).collect();
        let mut matched: HashSet<&str> = HashSet::new();
        for nx in &n.extras {
            let found = olds.get(nx.key.as_str()).copied().or_else(|| {
                let was = nx.renamed_from.as_deref()?;
                let ox = olds.get(was).copied()?;
                self.push(
                    Class::BreakingData,
                    "extra-renamed",
                    format!(
                        "extra `{was}` of `{}` renamed `{}`: its data changes key",
                        n.name, nx.key
                    ),
                    Some(ox.span),
                    Some(nx.span),
                );
                Some(ox)
            });
            match found {
                Some(ox) => {
                    matched.insert(ox.key.as_str());
                    self.extra(&n.name, ox, nx);
                }
                None => {
                    let (class, what) = match nx.presence {
                        Presence::Always => (Class::BreakingCode, "a required extra"),
                        _ => (Class::Additive, "an optional extra"),
                    };
                    self.push(
                        class,
                        "extra-added",
                        format!("event `{}`: {what} `{}` added", n.name, nx.key),
                        None,
                        Some(nx.span),
                    );
                }
            }
        }
        for ox in &o.extras {
            if !matched.contains(ox.key.as_str()) {
                self.removed(
                    "extra-removed",
                    format!("event `{}`: extra `{}`", n.name, ox.key),
                    ox.span,
                    None,
                );
            }
        }
    }

    fn docs(&mut self, name: &str, what: &str, at: (Option<Span>, Option<Span>)) {
        self.push(
            Class::Docs,
            "docs-changed",
            format!("`{name}`: {what} changed"),
            at.0,
            at.1,
        );
    }

    fn extra(&mut self, event: &str, o: &Extra, n: &Extra) {
        let at = (Some(o.span), Some(n.span));
        let name = format!("extra `{}` of `{event}`", n.key);
        if kind_name(&o.kind) != kind_name(&n.kind) {
            self.push(
                Class::BreakingCode,
                "type-changed",
                format!(
                    "{name}: type changed from {} to {}",
                    kind_name(&o.kind),
                    kind_name(&n.kind)
                ),
                at.0,
                at.1,
            );
        }
        if o.rust_field != n.rust_field {
            self.push(
                Class::BreakingCode,
                "rust-name-changed",
                format!(
                    "{name} is now the field `{}` (was `{}`)",
                    n.rust_field, o.rust_field
                ),
                at.0,
                at.1,
            );
        }
        self.presence(&name, o, n, at);
        match (&o.kind, &n.kind) {
            (ExtraKind::Enum { values: ov, .. }, ExtraKind::Enum { values: nv, .. }) => {
                let (pairs, removed) = pair(ov, nv, |v| &v.value);
                for (v, w) in pairs {
                    match w {
                        None => self.added(
                            "enum-value-added",
                            format!("{name}: value `{}`", v.value),
                            v.span,
                        ),
                        Some(w) if w.rust_variant != v.rust_variant => self.push(
                            Class::BreakingCode,
                            "rust-name-changed",
                            format!(
                                "{name}: value `{}` is now the variant `{}` (was `{}`)",
                                v.value, v.rust_variant, w.rust_variant
                            ),
                            Some(w.span),
                            Some(v.span),
                        ),
                        Some(w) if w.description != v.description => self.push(
                            Class::Docs,
                            "docs-changed",
                            format!("{name}: the description of value `{}` changed", v.value),
                            Some(w.span),
                            Some(v.span),
                        ),
                        Some(_) => {}
                    }
                }
                for w in removed {
                    self.removed(
                        "enum-value-removed",
                        format!("{name}: value `{}`", w.value),
                        w.span,
                        at.1,
                    );
                }
            }
            (ExtraKind::Quantity { min: a, max: b }, ExtraKind::Quantity { min: c, max: d })
                if (a, b) != (c, d) =>
            {
                let class = if c > a || d < b {
                    Class::BreakingData
                } else {
                    Class::Additive
                };
                self.push(
                    class,
                    "bounds-changed",
                    format!("{name}: bounds {a}..={b} became {c}..={d}"),
                    at.0,
                    at.1,
                );
            }
            _ => {}
        }
        if n.max_length < o.max_length {
            self.push(
                Class::BreakingData,
                "max-length-narrowed",
                format!(
                    "{name}: at most {} bytes (was {})",
                    n.max_length, o.max_length
                ),
                at.0,
                at.1,
            );
        } else if n.max_length > o.max_length {
            self.push(
                Class::Additive,
                "max-length-widened",
                format!(
                    "{name}: at most {} bytes (was {})",
                    n.max_length, o.max_length
                ),
                at.0,
                at.1,
            );
        }
        if o.truncate != n.truncate {
            self.push(
                Class::BreakingData,
                "truncation-changed",
                format!(
                    "{name}: longer strings are now {}",
                    if n.truncate { "truncated" } else { "refused" }
                ),
                at.0,
                at.1,
            );
        }
        if o.channels != n.channels {
            self.push(
                Class::BreakingData,
                "channels-changed",
                format!("{name}: the channels that send it changed"),
                at.0,
                at.1,
            );
        }
        if o.description != n.description {
            self.push(
                Class::Docs,
                "docs-changed",
                format!("{name}: its description changed"),
                at.0,
                at.1,
            );
        }
    }

    /// When an extra is sent: a field that must now be given breaks code; another condition
    /// changes what the data holds.
    fn presence(&mut self, name: &str, o: &Extra, n: &Extra, at: (Option<Span>, Option<Span>)) {
        match (&o.presence, &n.presence) {
            (a, b) if a == b => {}
            (Presence::Always, Presence::Optional) => self.push(
                Class::BreakingCode,
                "became-optional",
                format!("{name} became optional: its field is now an `Option`"),
                at.0,
                at.1,
            ),
            (_, Presence::Always) => self.push(
                Class::BreakingCode,
                "became-required",
                format!("{name} became required"),
                at.0,
                at.1,
            ),
            (Presence::When { .. }, Presence::When { .. }) => self.push(
                Class::BreakingData,
                "condition-changed",
                format!("{name}: the condition under which it is sent changed"),
                at.0,
                at.1,
            ),
            _ => self.push(
                Class::BreakingCode,
                "presence-changed",
                format!("{name}: when it is sent changed (its place in the Rust types too)"),
                at.0,
                at.1,
            ),
        }
    }

    fn uptake(&mut self, old: &Model, new: &Model) {
        let empty = Vec::new();
        let olds = old.uptake.as_ref().map_or(&empty, |u| &u.sources);
        let news = new.uptake.as_ref().map_or(&empty, |u| &u.sources);
        if let (Some(a), Some(b)) = (&old.uptake, &new.uptake)
            && a.component != b.component
        {
            self.push(
                Class::BreakingData,
                "component-changed",
                format!(
                    "the uptake component is now `{}` (was `{}`)",
                    b.component, a.component
                ),
                olds.first().map(|s| s.span),
                news.first().map(|s| s.span),
            );
        }
        let (pairs, removed) = pair(olds, news, |s| &s.name);
        for (n, o) in pairs {
            match o {
                None => self.added(
                    "source-added",
                    format!("uptake source `{}`", n.name),
                    n.span,
                ),
                Some(o) => self.source(o, n),
            }
        }
        for o in removed {
            self.removed(
                "source-removed",
                format!("uptake source `{}`", o.name),
                o.span,
                None,
            );
        }
    }

    fn source(&mut self, o: &UptakeSource, n: &UptakeSource) {
        if o.key != n.key {
            self.push(
                Class::BreakingData,
                "key-changed",
                format!(
                    "uptake source `{}`: key `{}` became `{}`",
                    n.name, o.key, n.key
                ),
                Some(o.span),
                Some(n.span),
            );
        }
        let (pairs, removed) = pair(&o.statuses, &n.statuses, |s| &s.constant);
        for (s, t) in pairs {
            match t {
                None => self.added("status-added", format!("status `{}`", s.constant), s.span),
                Some(t) if t.value != s.value => self.push(
                    Class::BreakingData,
                    "status-value-changed",
                    format!(
                        "status `{}` now records `{}` (was `{}`)",
                        s.constant, s.value, t.value
                    ),
                    Some(t.span),
                    Some(s.span),
                ),
                Some(t) if t.rust_variant != s.rust_variant => self.push(
                    Class::BreakingCode,
                    "rust-name-changed",
                    format!(
                        "status `{}` is now the variant `{}` (was `{}`)",
                        s.constant, s.rust_variant, t.rust_variant
                    ),
                    Some(t.span),
                    Some(s.span),
                ),
                Some(t) if t.description != s.description => self.push(
                    Class::Docs,
                    "docs-changed",
                    format!("status `{}`: its description changed", s.constant),
                    Some(t.span),
                    Some(s.span),
                ),
                Some(_) => {}
            }
        }
        for t in removed {
            self.removed(
                "status-removed",
                format!("status `{}`", t.constant),
                t.span,
                Some(n.span),
            );
        }
    }

    fn scalars(&mut self, olds: &[Scalar], news: &[Scalar]) {
        let (pairs, removed) = pair(olds, news, |s| &s.name);
        for (n, o) in pairs {
            let Some(o) = o else {
                self.added("scalar-added", format!("scalar `{}`", n.name), n.span);
                continue;
            };
            let at = (Some(o.span), Some(n.span));
            if o.kind != n.kind || o.keyed != n.keyed {
                self.push(
                    Class::BreakingCode,
                    "type-changed",
                    format!("scalar `{}`: its kind or keying changed", n.name),
                    at.0,
                    at.1,
                );
            }
            if o.rust_name != n.rust_name {
                self.push(
                    Class::BreakingCode,
                    "rust-name-changed",
                    format!(
                        "scalar `{}` is now the Rust type `{}` (was `{}`)",
                        n.name, n.rust_name, o.rust_name
                    ),
                    at.0,
                    at.1,
                );
            }
            if o.description != n.description || o.unit != n.unit || o.key != n.key {
                self.docs(&n.name, "its description, key or unit", at);
            }
            if o.metadata != n.metadata {
                self.push(
                    Class::Docs,
                    "metadata-changed",
                    format!("scalar `{}`: metadata changed", n.name),
                    at.0,
                    at.1,
                );
            }
        }
        for o in removed {
            self.removed(
                "scalar-removed",
                format!("scalar `{}`", o.name),
                o.span,
                None,
            );
        }
    }
}

/// An extra type's name, as a spec writes it.
fn kind_name(kind: &ExtraKind) -> &'static str {
    match kind {
        ExtraKind::String => "string",
        ExtraKind::Boolean => "boolean",
        ExtraKind::EnrollmentId => "enrollment_id",
        ExtraKind::Uuid => "uuid",
        ExtraKind::Quantity { .. } => "quantity",
        ExtraKind::Enum { .. } => "enum",
    }
}
