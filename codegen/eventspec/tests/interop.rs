//! Firefox's definition files, both ways (`eventspec::interop`).
//!
//! The files eventspec writes are held to the rules of Firefox's parsers (`parse_events.py`,
//! `parse_scalars.py`: required fields and their types, name patterns and lengths, known
//! processes and products, expiry format), which these tests state again rather than run: they
//! are not published as a package. The round trips are properties over random files and
//! random specs: every fact Firefox's registry holds of an event (its category, method and
//! object; description; extra keys and their descriptions; metadata) or of a scalar survives
//! `export(import(file))`, and every such fact of a spec survives `import(export(spec))`.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use eventspec::Source;
use eventspec::interop::{firefox_export, firefox_import};
use eventspec::markup::Markup;
use eventspec::model::Model;
use proptest::prelude::*;
use serde_json::{Value, json};

/// What Firefox holds of one event or scalar, keyed by its name (`category`, `method`,
/// `object`; a scalar's `category.probe` and two empty strings).
#[derive(Clone, Debug, PartialEq, Eq)]
struct Fact {
    description: String,
    /// Extra keys and their descriptions (Firefox sorts them: their order is no fact).
    extras: BTreeMap<String, String>,
    /// A scalar's kind and whether it is keyed.
    kind: Option<(String, bool)>,
    metadata: BTreeMap<&'static str, Value>,
}

type Facts = BTreeMap<(String, String, String), Fact>;

/// Text as a spec holds a description without markup: what it reads as.
fn norm(text: &str) -> String {
    Markup::parse(&Markup::escape(text)).unwrap().plain()
}

const METADATA: [(&str, &str); 6] = [
    ("bug_numbers", "bug_numbers"),
    ("notification_emails", "notification_emails"),
    ("products", "products"),
    ("record_in_processes", "record_in_processes"),
    ("release_channel_collection", "release_channel_collection"),
    ("expires", "expiry_version"),
];

/// The facts of Firefox's files (as JSON).
fn file_facts(events: &Value, scalars: &Value) -> Facts {
    let mut facts = Facts::new();
    let meta = |def: &Value, expiry: &str| {
        METADATA
            .iter()
            .filter_map(|(key, file_key)| {
                let file_key = if *key == "expires" { expiry } else { file_key };
                def.get(file_key).map(|v| (*key, v.clone()))
            })
            .collect::<BTreeMap<_, _>>()
    };
    for (category, entries) in events.as_object().into_iter().flatten() {
        for (name, def) in entries.as_object().unwrap() {
            let methods = def.get("methods").cloned().unwrap_or(json!([name]));
            let extras: BTreeMap<String, String> = def
                .get("extra_keys")
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
                .map(|(k, d)| (k.clone(), norm(d.as_str().unwrap())))
                .collect();
            for method in methods.as_array().unwrap() {
                for object in def["objects"].as_array().unwrap() {
                    let key = (
                        category.clone(),
                        method.as_str().unwrap().to_string(),
                        object.as_str().unwrap().to_string(),
                    );
                    let fact = Fact {
                        description: norm(def["description"].as_str().unwrap()),
                        extras: extras.clone(),
                        kind: None,
                        metadata: meta(def, "expiry_version"),
                    };
                    assert!(facts.insert(key, fact).is_none(), "an event twice");
                }
            }
        }
    }
    for (category, probes) in scalars.as_object().into_iter().flatten() {
        for (probe, def) in probes.as_object().unwrap() {
            let fact = Fact {
                description: norm(def["description"].as_str().unwrap()),
                extras: BTreeMap::new(),
                kind: Some((
                    def["kind"].as_str().unwrap().to_string(),
                    def.get("keyed") == Some(&json!(true)),
                )),
                metadata: meta(def, "expires"),
            };
            facts.insert(
                (format!("{category}.{probe}"), String::new(), String::new()),
                fact,
            );
        }
    }
    facts
}

/// The facts of a spec that Firefox's files can hold.
fn model_facts(model: &Model) -> Facts {
    let meta = |m: &eventspec::model::Metadata| {
        let mut out = BTreeMap::new();
        let mut list = |key: &'static str, items: &[String]| {
            if !items.is_empty() {
                out.insert(key, json!(items));
            }
        };
        list("notification_emails", &m.notification_emails);
        list("products", &m.products);
        list("record_in_processes", &m.record_in_processes);
        if !m.bug_numbers.is_empty() {
            out.insert("bug_numbers", json!(m.bug_numbers));
        }
        if let Some(c) = &m.release_channel_collection {
            out.insert("release_channel_collection", json!(c));
        }
        if let Some(e) = &m.expires {
            out.insert("expires", json!(e.to_string()));
        }
        out
    };
    let mut facts = Facts::new();
    for e in model.all_events() {
        let fact = Fact {
            description: e
                .description
                .as_ref()
                .map_or_else(|| norm(&e.title), Markup::plain),
            extras: e
                .extras
                .iter()
                .map(|x| (x.key.clone(), x.description.plain()))
                .collect(),
            kind: None,
            metadata: meta(&e.metadata),
        };
        let key = (e.category.clone(), e.method.clone(), e.object.clone());
        facts.insert(key, fact);
    }
    for s in &model.scalars {
        let fact = Fact {
            description: s.description.plain(),
            extras: BTreeMap::new(),
            kind: Some((s.kind.name().to_string(), s.keyed)),
            metadata: meta(&s.metadata),
        };
        facts.insert((s.name.clone(), String::new(), String::new()), fact);
    }
    facts
}

fn model(path: &str) -> Model {
    let full = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(path);
    let source = eventspec::load(&full).unwrap();
    eventspec::check(&source).model.unwrap()
}

fn yaml(text: &str) -> Value {
    eventspec::to_json(&Source::new("export.yaml", text)).expect("the export is YAML")
}

/// The spec of Firefox's files: imported, and checked.
fn imported(events: &str, scalars: &str) -> Model {
    let events = Source::new("Events.yaml", events);
    let scalars = Source::new("Scalars.yaml", scalars);
    let spec = match firefox_import::import(&events, Some(&scalars), &[]) {
        Ok(spec) => spec,
        Err(problems) => {
            let text: Vec<String> = problems
                .iter()
                .map(|p| p.diagnostics.render(&p.source))
                .collect();
            panic!("import failed:\n{}", text.join("\n"));
        }
    };
    let source = Source::new("imported.yaml", spec.as_str());
    let checked = eventspec::check(&source);
    checked
        .model
        .unwrap_or_else(|| panic!("{}\n{spec}", checked.diagnostics.render(&source)))
}

/// Firefox's identifier pattern, `^[a-zA-Z][a-zA-Z0-9_.]*[a-zA-Z0-9]$`.
fn pattern(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 2
        && b[0].is_ascii_alphabetic()
        && b[b.len() - 1].is_ascii_alphanumeric()
        && b.iter()
            .all(|c| c.is_ascii_alphanumeric() || *c == b'_' || *c == b'.')
}

fn strings(v: &Value, field: &str, id: &str) -> Vec<String> {
    let list = v[field]
        .as_array()
        .unwrap_or_else(|| panic!("{id}: `{field}` is a list"));
    assert!(!list.is_empty(), "{id}: `{field}` is not empty");
    list.iter()
        .map(|s| {
            s.as_str()
                .unwrap_or_else(|| panic!("{id}: `{field}` holds strings"))
                .to_string()
        })
        .collect()
}

/// The fields every probe has in both files.
fn common(def: &Value, id: &str, expiry: &str) {
    let bugs = def["bug_numbers"].as_array().expect("bug_numbers");
    assert!(
        !bugs.is_empty() && bugs.iter().all(Value::is_u64),
        "{id}: bug_numbers"
    );
    for email in strings(def, "notification_emails", id) {
        assert!(email.contains('@'), "{id}: {email}");
    }
    for p in strings(def, "record_in_processes", id) {
        assert!(
            [
                "all",
                "all_children",
                "main",
                "content",
                "gpu",
                "rdd",
                "socket",
                "utility"
            ]
            .contains(&p.as_str()),
            "{id}: process {p}"
        );
    }
    for p in strings(def, "products", id) {
        assert!(
            ["firefox", "fennec", "thunderbird"].contains(&p.as_str()),
            "{id}: product {p}"
        );
    }
    let e = def[expiry]
        .as_str()
        .unwrap_or_else(|| panic!("{id}: `{expiry}` is a string"));
    assert!(
        e == "never" || (e.len() <= 3 && e.bytes().all(|b| b.is_ascii_digit())),
        "{id}: expiry {e}"
    );
    if let Some(rcc) = def.get("release_channel_collection") {
        assert!(rcc == "opt-in" || rcc == "opt-out", "{id}: {rcc}");
    }
    assert!(
        def["description"].as_str().is_some_and(|d| !d.is_empty()),
        "{id}: description"
    );
}

fn check_events(events: &Value) -> usize {
    let mut entries = 0;
    for (category, entries_of) in events.as_object().unwrap() {
        assert!(
            pattern(category) && category.len() <= 30,
            "category {category}"
        );
        for (name, def) in entries_of.as_object().unwrap() {
            let id = format!("{category}#{name}");
            let known = [
                "objects",
                "bug_numbers",
                "notification_emails",
                "record_in_processes",
                "description",
                "products",
                "methods",
                "release_channel_collection",
                "expiry_version",
                "extra_keys",
                "operating_systems",
            ];
            for key in def.as_object().unwrap().keys() {
                assert!(known.contains(&key.as_str()), "{id}: unknown field {key}");
            }
            assert!(pattern(name) && name.len() <= 20, "{id}: name");
            for m in strings(def, "methods", &id) {
                assert!(pattern(&m) && m.len() <= 20, "{id}: method {m}");
            }
            for o in strings(def, "objects", &id) {
                assert!(pattern(&o) && o.len() <= 20, "{id}: object {o}");
            }
            if let Some(keys) = def.get("extra_keys") {
                let keys = keys.as_object().expect("extra_keys is a mapping");
                assert!(
                    !keys.is_empty() && keys.len() <= 10,
                    "{id}: extra key count"
                );
                for (k, d) in keys {
                    assert!(pattern(k) && k.len() <= 15, "{id}: extra key {k}");
                    assert!(d.is_string(), "{id}: extra key {k}'s description");
                }
            }
            common(def, &id, "expiry_version");
            entries += 1;
        }
    }
    entries
}

fn check_scalars(scalars: &Value) -> usize {
    let mut count = 0;
    for (category, of) in scalars.as_object().unwrap() {
        for (name, def) in of.as_object().unwrap() {
            let id = format!("{category}.{name}");
            assert!(!name.contains('.'), "{id}");
            assert!(
                ["uint", "string", "boolean"].contains(&def["kind"].as_str().unwrap()),
                "{id}: kind"
            );
            common(def, &id, "expires");
            count += 1;
        }
    }
    count
}

#[test]
fn normandy_exports_as_firefox_defines_it() {
    let model = model("spec/normandy.yaml");
    let export = firefox_export::export(&model).unwrap();
    // An entry a method and the objects on which it has the same extras and metadata: each
    // of Normandy's objects sends its own extras, so no two objects share an entry.
    let events = yaml(&export.events);
    assert_eq!(check_events(&events), model.event_count());
    assert_eq!(
        events["normandy"]["enroll"]["objects"],
        json!(["preference_study"])
    );
    assert_eq!(
        events["normandy"]["enroll_2"]["objects"],
        json!(["preference_rollout"])
    );
    assert_eq!(
        events["normandy"]["enroll"]["bug_numbers"],
        json!([1443560])
    );
    assert_eq!(check_scalars(&yaml(&export.scalars)), 1);
    assert_eq!(
        file_facts(&events, &yaml(&export.scalars)),
        model_facts(&model)
    );
    // What Events.yaml cannot say is said.
    assert!(export.not_carried.iter().any(|f| f.contains("extra types")));
    assert!(export.not_carried.iter().any(|f| f.contains("unit")));
}

/// Reader View uses what Firefox cannot express: a date expiry. The export refuses it, and
/// says why, rather than write a file Firefox would reject or a fact it did not mean.
#[test]
fn what_firefox_cannot_express_is_refused() {
    let errors =
        eventspec::interop::firefox_export::export(&model("spec/reader.yaml")).unwrap_err();
    assert!(
        errors
            .iter()
            .any(|e| e.contains("reader.last_font") && e.contains("2027-06-30")),
        "{errors:?}"
    );
}

/// Text as Firefox's files hold it: words with what markup, YAML and the documents give
/// meaning to, and non-ASCII; it starts with a letter.
fn text() -> impl Strategy<Value = String> {
    let word = prop_oneof![
        "[a-zA-Z]{1,8}",
        r#"[`*\[\]\\()<>#:"'{}|&!%@_=-]{1,3}"#,
        "[éü日本🎉]{1,2}",
        // What YAML quotes or escapes: tabs, C1 controls, line separators, a BOM.
        "[\t\u{85}\u{2028}\u{feff}\u{7f}]{1,2}",
    ];
    prop::collection::vec(word, 0..10).prop_map(|words| {
        let mut t = String::from("A");
        for w in words {
            t.push(' ');
            t.push_str(&w);
        }
        t
    })
}

/// The metadata Firefox requires of an entry or probe, with `expiry` its expiry key.
fn metadata(expiry: &'static str) -> impl Strategy<Value = serde_json::Map<String, Value>> {
    (
        prop::collection::vec(1u64..10_000_000, 1..3),
        prop::collection::vec("[a-z]{1,6}", 1..3),
        prop_oneof![Just("never".to_string()), "[1-9][0-9]{0,2}"],
        prop::sample::subsequence(vec!["firefox", "fennec", "thunderbird"], 1..=3),
        prop::sample::subsequence(vec!["main", "content", "gpu", "all_children"], 1..=4),
        prop::option::of(prop_oneof![Just("opt-in"), Just("opt-out")]),
    )
        .prop_map(move |(bugs, emails, expires, products, processes, rcc)| {
            let emails: Vec<String> = emails.iter().map(|e| format!("{e}@example.com")).collect();
            let mut m = serde_json::Map::new();
            m.insert("bug_numbers".into(), json!(bugs));
            m.insert("notification_emails".into(), json!(emails));
            m.insert(expiry.into(), json!(expires));
            m.insert("products".into(), json!(products));
            m.insert("record_in_processes".into(), json!(processes));
            if let Some(rcc) = rcc {
                m.insert("release_channel_collection".into(), json!(rcc));
            }
            m
        })
}

/// An `Events.yaml` and a `Scalars.yaml` as Firefox takes them (JSON is YAML): categories of
/// entries with one or several methods (or none: the entry's name), objects shared between
/// entries, extra keys, each entry's metadata. Names carry their position, so that none
/// repeats.
fn firefox_files() -> impl Strategy<Value = (String, String)> {
    let entry = (
        "[a-z]{0,5}",
        text(),
        prop::option::of(prop::collection::vec("[a-z]{0,5}", 1..3)),
        prop::collection::vec(0..4usize, 1..4),
        prop::option::of(prop::collection::vec(("[a-zA-Z]{0,5}", text()), 1..5)),
        metadata("expiry_version"),
    );
    let category = (
        "[a-z]{0,6}",
        prop::collection::vec("[a-z]{0,4}", 1..5),
        prop::collection::vec(entry, 1..4),
    );
    let probe = (
        "[a-z]{1,5}",
        prop_oneof![Just("uint"), Just("string"), Just("boolean")],
        prop::bool::ANY,
        text(),
        metadata("expires"),
    );
    (
        prop::collection::vec(category, 1..4),
        prop::collection::vec(("[a-z]{1,5}", prop::collection::vec(probe, 1..3)), 0..3),
    )
        .prop_map(|(categories, scalar_categories)| {
            let mut events = serde_json::Map::new();
            for (c, (name, objects, entries)) in categories.into_iter().enumerate() {
                let objects: Vec<String> = objects
                    .iter()
                    .enumerate()
                    .map(|(o, s)| format!("o{o}{s}"))
                    .collect();
                let mut of = serde_json::Map::new();
                for (e, (name, description, methods, on, keys, mut def)) in
                    entries.into_iter().enumerate()
                {
                    def.insert("description".into(), json!(description));
                    if let Some(methods) = methods {
                        let methods: Vec<String> = methods
                            .iter()
                            .enumerate()
                            .map(|(m, s)| format!("m{e}x{m}{s}"))
                            .collect();
                        def.insert("methods".into(), json!(methods));
                    }
                    let mut on: Vec<&String> =
                        on.iter().map(|i| &objects[i % objects.len()]).collect();
                    on.dedup();
                    on.sort();
                    on.dedup();
                    def.insert("objects".into(), json!(on));
                    if let Some(keys) = keys {
                        let keys: serde_json::Map<String, Value> = keys
                            .into_iter()
                            .enumerate()
                            .map(|(k, (s, d))| (format!("k{k}{s}"), json!(d)))
                            .collect();
                        def.insert("extra_keys".into(), Value::Object(keys));
                    }
                    of.insert(format!("e{e}x{name}"), Value::Object(def));
                }
                events.insert(format!("c{c}{name}"), Value::Object(of));
            }
            let mut scalars = serde_json::Map::new();
            for (c, (name, probes)) in scalar_categories.into_iter().enumerate() {
                let mut of = serde_json::Map::new();
                for (p, (name, kind, keyed, description, mut def)) in probes.into_iter().enumerate()
                {
                    def.insert("kind".into(), json!(kind));
                    def.insert("description".into(), json!(description));
                    if keyed {
                        def.insert("keyed".into(), json!(true));
                    }
                    of.insert(format!("p{c}x{p}{name}"), Value::Object(def));
                }
                scalars.insert(format!("s{c}x{name}"), Value::Object(of));
            }
            (
                escaped(Value::Object(events).to_string()),
                escaped(Value::Object(scalars).to_string()),
            )
        })
}

/// Spec prose: [`text`] escaped, with inline code, emphasis and links.
fn prose() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        text().prop_map(|t| Markup::escape(&t)),
        "`[a-z][a-z *<]{0,5}`",
        "\\*[a-z]{1,5}\\*",
        "\\[[a-z]{1,5}\\]\\(https://example\\.org/[a-z]{0,4}\\)",
    ];
    prop::collection::vec(piece, 1..4).prop_map(|p| p.join(" "))
}

/// JSON text as YAML takes it: the characters JSON may hold raw and YAML may not (DEL, C1
/// controls) or reads as breaks (line separators), and a BOM, escaped (serde_json writes them
/// raw).
fn escaped(json: String) -> String {
    json.replace('\u{7f}', "\\u007f")
        .replace('\u{85}', "\\u0085")
        .replace('\u{2028}', "\\u2028")
        .replace('\u{feff}', "\\ufeff")
}

/// An extra of any type and presence but conditional (a type the export cannot carry).
fn extra() -> impl Strategy<Value = Value> {
    prop_oneof![
        (prose(), prop::bool::ANY)
            .prop_map(|(d, optional)| json!({"description": d, "optional": optional})),
        prose().prop_map(|d| json!({"type": "boolean", "description": d})),
        prose().prop_map(|d| json!({"type": "uuid", "description": d, "optional": true})),
        prose().prop_map(|d| json!({"type": "quantity", "description": d, "min": -3, "max": 9})),
        (prose(), prop::collection::vec("[a-z-]{1,6}", 1..3)).prop_map(|(d, values)| {
            let values: serde_json::Map<String, Value> = values
                .into_iter()
                .enumerate()
                .map(|(i, v)| (format!("{v}{i}"), json!("A value.")))
                .collect();
            json!({"type": "enum", "description": d, "values": values})
        }),
    ]
}

/// A spec Firefox's files can be written for (names within Firefox's rules, metadata
/// complete and expiring by version or never), otherwise anything: several categories,
/// extras of every type, values described, undescribed or absent, metadata given at the
/// spec, a category or an event.
fn spec() -> impl Strategy<Value = String> {
    let event = (
        "[a-z]{0,5}",
        prop::option::of(prose()),
        prop::option::of(prose()),
        prop::collection::vec(("[a-z]{0,4}", extra()), 0..5),
        prop::option::of(prop_oneof![Just("never".to_string()), "[1-9][0-9]{0,2}"]),
        prop::option::of(prop_oneof![
            Just(json!(false)),
            prose().prop_map(Value::from)
        ]),
    );
    let object = (
        "[a-z]{0,4}",
        prop::option::of(prop_oneof![
            Just(json!(false)),
            prose().prop_map(Value::from)
        ]),
        prop::collection::vec(event, 1..4),
    );
    let category = (
        "[a-z]{0,6}",
        prop::option::of(prose()),
        prop::option::of(prop::collection::vec(1u64..1000, 1..3)),
        prop::collection::vec(object, 1..4),
    );
    let scalar = (
        "[a-z]{1,5}",
        prop_oneof![Just("uint"), Just("string"), Just("boolean")],
        prop::option::of(prop::option::of("[a-z][a-z ]{0,9}")),
        prose(),
    );
    (
        metadata("expires"),
        prop::collection::vec(category, 1..3),
        prop::collection::vec(scalar, 0..3),
    )
        .prop_map(|(top, categories, scalars)| {
            let mut spec = top;
            spec.insert("eventspec".into(), json!(1));
            let categories: Vec<Value> = categories
                .into_iter()
                .enumerate()
                .map(|(c, (name, description, bugs, objects))| {
                    let objects: Vec<Value> = objects
                        .into_iter()
                        .enumerate()
                        .map(|(o, (name, value, events))| {
                            let events: Vec<Value> = events
                                .into_iter()
                                .enumerate()
                                .map(|(m, (name, title, description, extras, expires, value))| {
                                    let extras: serde_json::Map<String, Value> = extras
                                        .into_iter()
                                        .enumerate()
                                        .map(|(k, (s, x))| (format!("k{k}{s}"), x))
                                        .collect();
                                    let mut e = json!({
                                        "method": format!("m{m}x{name}"),
                                        "title": title,
                                        "description": description,
                                        "extras": extras,
                                        "expires": expires,
                                        "value": value,
                                    });
                                    drop_nulls(&mut e);
                                    e
                                })
                                .collect();
                            // Values left out entirely are undescribed.
                            let mut o = json!({"name": format!("o{c}y{o}x{name}"), "value": value, "events": events});
                            drop_nulls(&mut o);
                            o
                        })
                        .collect();
                    let mut c = json!({
                        "category": format!("c{c}x{name}"),
                        "description": description,
                        "bug_numbers": bugs,
                        "objects": objects,
                    });
                    drop_nulls(&mut c);
                    c
                })
                .collect();
            spec.insert("events".into(), json!(categories));
            let scalars: Vec<Value> = scalars
                .into_iter()
                .enumerate()
                .map(|(i, (name, kind, keyed, description))| {
                    let mut s = json!({
                        "name": format!("s{i}x.p{i}x{name}"),
                        "kind": kind,
                        "description": description,
                    });
                    if let Some(key) = keyed {
                        s["keyed"] = json!(true);
                        if let Some(key) = key {
                            s["key"] = json!(key);
                        }
                    }
                    s
                })
                .collect();
            spec.insert("scalars".into(), json!(scalars));
            escaped(Value::Object(spec).to_string())
        })
}

/// Absent optional keys are left out, not written as `null`.
fn drop_nulls(value: &mut Value) {
    if let Value::Object(map) = value {
        map.retain(|_, v| !v.is_null());
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// `import` keeps every fact of Firefox's files, and `export` gives them all back.
    #[test]
    fn firefox_files_survive_import_and_export((events, scalars) in firefox_files()) {
        let original = file_facts(&yaml(&events), &yaml(&scalars));
        let model = imported(&events, &scalars);
        prop_assert_eq!(&model_facts(&model), &original);
        let export = firefox_export::export(&model).unwrap();
        let (ev, sc) = (yaml(&export.events), yaml(&export.scalars));
        check_events(&ev);
        check_scalars(&sc);
        prop_assert_eq!(&file_facts(&ev, &sc), &original);
    }

    /// `export` writes what Firefox takes, and `import` reads back every fact of the spec
    /// that the files hold; what they cannot hold is said.
    #[test]
    fn specs_survive_export_and_import(text in spec()) {
        let source = Source::new("random.yaml", text.as_str());
        let checked = eventspec::check(&source);
        let model = checked
            .model
            .unwrap_or_else(|| panic!("{}\n{text}", checked.diagnostics.render(&source)));
        let export = firefox_export::export(&model).unwrap();
        check_events(&yaml(&export.events));
        check_scalars(&yaml(&export.scalars));
        let back = imported(&export.events, &export.scalars);
        prop_assert_eq!(model_facts(&back), model_facts(&model));
        let typed = model.all_events().flat_map(|e| &e.extras).any(|x| {
            !matches!(x.kind, eventspec::model::ExtraKind::String)
                || x.presence != eventspec::model::Presence::Optional
        });
        prop_assert_eq!(
            typed,
            export.not_carried.iter().any(|f| f.contains("extra types")),
            "{:?}",
            export.not_carried
        );
    }
}

/// Several categories, entries of several methods, objects in several entries, metadata that
/// differs between entries: a file written for the test in Firefox's form imports into a spec
/// that holds every fact of it.
#[test]
fn a_firefox_file_imports_with_every_fact() {
    let dir =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../eventspec-macros/tests/ui/specs/firefox");
    let events = std::fs::read_to_string(dir.join("Events.yaml")).unwrap();
    let scalars = std::fs::read_to_string(dir.join("Scalars.yaml")).unwrap();
    let model = imported(&events, &scalars);
    let facts = model_facts(&model);
    assert_eq!(facts, file_facts(&yaml(&events), &yaml(&scalars)));
    // 2 methods × 2 objects, 1 × 2, 1 × 1, 1 × 2; three scalars.
    assert_eq!(facts.len(), 4 + 2 + 1 + 2 + 3);
    assert_eq!(model.events.len(), 2);
    // The metadata all of a category's entries share is said once, on the category.
    let downloads = &model.events[0];
    assert_eq!(
        downloads.metadata.notification_emails,
        ["downloads@example.com"]
    );
    assert!(downloads.metadata.bug_numbers.is_empty());
}

/// Normandy's Glean metrics have the names and mirrors Firefox gives them
/// (`toolkit/components/normandy/metrics.yaml`), and carry the legacy value as an extra.
#[test]
fn normandy_exports_to_glean_as_firefox_names_it() {
    let model = model("spec/normandy.yaml");
    let export = eventspec::interop::glean::export(&model).unwrap();
    let metrics = yaml(&export.metrics);
    assert_eq!(
        metrics["$schema"],
        "moz://mozilla.org/schemas/glean/metrics/2-0-0"
    );
    let normandy = metrics["normandy"].as_object().unwrap();
    assert_eq!(normandy.len(), model.event_count());
    let failed = &normandy["enroll_failed_addon_study"];
    assert_eq!(failed["type"], "event");
    assert_eq!(
        failed["telemetry_mirror"],
        "Normandy_Enrollfailed_AddonStudy"
    );
    assert_eq!(failed["expires"], "never");
    assert_eq!(failed["data_reviews"], json!(["https://bugzil.la/1443560"]));
    assert_eq!(
        failed["bugs"],
        json!(["https://bugzilla.mozilla.org/show_bug.cgi?id=1443560"])
    );
    assert_eq!(failed["extra_keys"]["value"]["type"], "string");
    // An enum is a string whose description lists its values; a boolean is a boolean.
    let reason = &normandy["enroll_failed_preference_study"]["extra_keys"]["reason"];
    assert_eq!(reason["type"], "string");
    assert!(reason["description"].as_str().unwrap().contains("One of:"));
    assert_eq!(
        normandy["unenroll_preference_study"]["extra_keys"]["didResetValue"]["type"],
        "boolean"
    );
    for name in [
        "enroll_preference_study",
        "enroll_addon_study",
        "enroll_preference_rollout",
        "update_addon_study",
        "update_failed_addon_study",
        "unenroll_addon_study",
        "exp_pref_changed_preference_study",
        "graduate_preference_rollout",
    ] {
        assert!(normandy.contains_key(name), "{name}");
    }
    assert_eq!(
        normandy["exp_pref_changed_preference_study"]["telemetry_mirror"],
        "Normandy_Expprefchanged_PreferenceStudy"
    );
    // The scalar and uptake are not Glean events: said.
    assert!(export.not_carried.iter().any(|f| f.contains("scalars")));
}

/// A spec that lacks what Glean requires is refused, naming each event and key.
#[test]
fn glean_requires_data_reviews() {
    let text = r#"{"eventspec": 1, "bug_numbers": [1], "notification_emails": ["a@example.com"],
        "expires": "never", "events": {"category": "cc", "objects": [{"name": "oo",
        "events": [{"method": "mm"}]}]}}"#;
    let model = eventspec::check(&Source::new("s.yaml", text))
        .model
        .unwrap();
    let errors = eventspec::interop::glean::export(&model).unwrap_err();
    assert_eq!(
        errors,
        ["event `cc.oo.mm`: Glean requires `data_reviews`, which the spec does not give"]
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Every event of any spec is one Glean event metric of its own name, with its extras (and
    /// `value`, when it has one) typed as Glean types them.
    #[test]
    fn every_event_is_one_glean_metric(text in spec()) {
        let mut spec: Value = serde_json::from_str(&text).unwrap();
        spec["data_reviews"] = json!(["https://example.org/review"]);
        let text = escaped(spec.to_string());
        let model = eventspec::check(&Source::new("random.yaml", text.as_str())).model.unwrap();
        let export = eventspec::interop::glean::export(&model).unwrap();
        let metrics = yaml(&export.metrics);
        let mut count = 0;
        for e in model.all_events() {
            let (category, name) = eventspec::interop::glean::names(e);
            let metric = &metrics[&category][&name];
            prop_assert_eq!(&metric["type"], "event");
            prop_assert!(name.len() <= 70 && name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'));
            let keys = metric["extra_keys"].as_object().cloned().unwrap_or_default();
            let has_value = e.value != eventspec::model::EventValue::Absent;
            prop_assert_eq!(keys.len(), e.extras.len() + usize::from(has_value));
            for x in &e.extras {
                let ty = match x.kind {
                    eventspec::model::ExtraKind::Boolean => "boolean",
                    eventspec::model::ExtraKind::Quantity { .. } => "quantity",
                    _ => "string",
                };
                prop_assert_eq!(&keys[&x.key]["type"], ty);
            }
            count += 1;
        }
        let total: usize = metrics
            .as_object()
            .unwrap()
            .iter()
            .filter(|(k, _)| !k.starts_with('$'))
            .map(|(_, v)| v.as_object().unwrap().len())
            .sum();
        prop_assert_eq!(total, count);
    }
}

/// Glean renders descriptions as Markdown: a title standing in for a description, and enum
/// values, are text there, whatever they hold.
#[test]
fn spec_text_in_glean_descriptions_is_markdown_text() {
    let text = r#"{"eventspec": 1, "bug_numbers": [1], "notification_emails": ["a@example.com"],
        "expires": "never", "data_reviews": ["https://example.org/r"],
        "events": {"category": "cc", "objects": [{"name": "oo", "events": [{"method": "mm",
        "title": "<img src=x> *bold* [link](javascript:x)",
        "extras": {"kk": {"type": "enum", "description": "D.", "values": {"a`b": "V."}}}}]}]}}"#;
    let model = eventspec::check(&Source::new("s.yaml", text))
        .model
        .unwrap();
    let metrics = yaml(&eventspec::interop::glean::export(&model).unwrap().metrics);
    let metric = &metrics["cc"]["mm_oo"];
    let description = metric["description"].as_str().unwrap();
    let parsed = common::parse(description);
    assert!(parsed.html.is_empty(), "{description}");
    assert!(
        !description.contains("*bold*") && !description.contains("[link]("),
        "{description}"
    );
    assert!(
        description.ends_with("The Legacy Telemetry event `cc.mm#oo`."),
        "{description}"
    );
    let values = metric["extra_keys"]["kk"]["description"].as_str().unwrap();
    assert!(values.ends_with("One of: ``a`b``."), "{values}");
}
