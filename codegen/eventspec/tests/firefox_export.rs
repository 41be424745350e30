//! `Events.yaml` and `Scalars.yaml` as eventspec exports them, held to the rules of Firefox's
//! parsers (`parse_events.py`, `parse_scalars.py`: required fields and their types, name
//! patterns and lengths, known processes and products, expiry format), which this test states
//! again rather than runs: they are not published as a package.

use std::path::Path;

use eventspec::Source;
use serde_json::Value;

/// Firefox's identifier pattern, `^[a-zA-Z][a-zA-Z0-9_.]*[a-zA-Z0-9]$`.
fn pattern(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 2
        && b[0].is_ascii_alphabetic()
        && b[b.len() - 1].is_ascii_alphanumeric()
        && b.iter()
            .all(|c| c.is_ascii_alphanumeric() || *c == b'_' || *c == b'.')
}

fn model(path: &str) -> eventspec::model::Model {
    let full = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(path);
    let source = eventspec::load(&full).unwrap();
    eventspec::check(&source).model.unwrap()
}

fn yaml(text: &str) -> Value {
    eventspec::to_json(&Source::new("export.yaml", text)).expect("the export is YAML")
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
    let export = eventspec::backend::firefox::export(&model("spec/normandy.yaml")).unwrap();
    // One entry a method, its objects listed, as Firefox's own Normandy entries are.
    let events = yaml(&export.events);
    assert_eq!(check_events(&events), 8);
    assert_eq!(
        events["normandy"]["enroll"]["objects"],
        serde_json::json!(["preference_study", "preference_rollout", "addon_study"])
    );
    assert_eq!(
        events["normandy"]["enroll"]["bug_numbers"],
        serde_json::json!([1443560])
    );
    assert_eq!(check_scalars(&yaml(&export.scalars)), 1);
    // What Events.yaml cannot say is said.
    assert!(export.not_carried.iter().any(|f| f.contains("extra types")));
    assert!(export.not_carried.iter().any(|f| f.contains("unit")));
}

/// Reader View uses what Firefox cannot express: a date expiry. The export refuses it, and
/// says why, rather than write a file Firefox would reject or a fact it did not mean.
#[test]
fn what_firefox_cannot_express_is_refused() {
    let errors = eventspec::backend::firefox::export(&model("spec/reader.yaml")).unwrap_err();
    assert!(
        errors
            .iter()
            .any(|e| e.contains("reader.last_font") && e.contains("2027-06-30")),
        "{errors:?}"
    );
}
