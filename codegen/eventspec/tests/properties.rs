//! Properties over random valid specs: they pass `check`; their Rust parses with `syn` and is
//! laid out as rustfmt lays it out (long uptake keys and constants included); their
//! Markdown parses to headings with unique anchors and no raw HTML, whatever the prose holds;
//! and generation is deterministic (two runs, the same bytes).

mod common;

use eventspec::Source;
use eventspec::backend::docs::Templates;
use proptest::prelude::*;
use serde_json::{Value, json};

/// Prose: words with characters that mean something in Rust, RST, Markdown, HTML or templates,
/// and non-ASCII, occasionally with inline code. Always starts with a letter.
fn prose() -> impl Strategy<Value = String> {
    let word = prop_oneof![
        "[a-zA-Z]{1,8}",
        r#"[<>#|_{}"':.,;!?()/=+~%&@^$-]{1,3}"#,
        // An asterisk is emphasis, or escaped to be itself.
        r"(\*[a-z]{1,5}\*|\\\*[a-z]{0,3})",
        "(\\.\\. raw:: html|<script>|\\{\\{ x \\}\\}|\\{% if %\\}|\\\\\\*/|::|1\\.|- )",
        "[éü日本🎉]{1,2}",
        "`[a-z<>|*_ ]{1,6}`",
    ];
    (
        "[A-Z][a-z]{0,6}",
        prop::collection::vec(word, 0..12),
        prop::bool::ANY,
    )
        .prop_map(|(first, words, two_paragraphs)| {
            let mut text = first;
            for (i, w) in words.iter().enumerate() {
                text.push_str(if two_paragraphs && i == 3 {
                    "\n\n"
                } else {
                    " "
                });
                text.push_str(w);
            }
            text
        })
}

/// An extra: its spec, by kind.
fn extra() -> impl Strategy<Value = Value> {
    prop_oneof![
        (prose(), prop::bool::ANY).prop_map(|(d, optional)| json!({
            "description": d, "optional": optional
        })),
        prose().prop_map(|d| json!({ "type": "boolean", "description": d })),
        prose().prop_map(|d| json!({ "type": "enrollment_id", "description": d })),
        (
            prose(),
            prop::collection::vec(("[a-z0-9 .<>|-]{0,12}", prose()), 1..5)
        )
            .prop_map(|(d, values)| {
                // Wire values are free text; the position keeps their Rust variants apart.
                let values: serde_json::Map<String, Value> = values
                    .into_iter()
                    .enumerate()
                    .map(|(i, (value, d))| (format!("v{i}{value}"), Value::from(d)))
                    .collect();
                json!({ "type": "enum", "description": d, "values": values })
            }),
    ]
}

/// An uptake source: a key of literal pieces and parameters (of distinct names) of any length,
/// and statuses with constants of any length.
fn uptake_source() -> impl Strategy<Value = (String, Vec<String>)> {
    let piece = prop_oneof!["[a-z/.-]{1,70}", "<[a-z][a-z ]{0,30}>"];
    (
        prop::collection::vec(piece, 1..5),
        prop::collection::vec("[A-Z][A-Z_]{0,60}[A-Z]", 1..3),
    )
        .prop_map(|(pieces, constants)| {
            // Parameters carry their position, so that no two share a name.
            let key = pieces
                .iter()
                .enumerate()
                .map(|(i, p)| match p.strip_prefix('<') {
                    Some(rest) => format!("<p{i} {rest}"),
                    None => p.clone(),
                })
                .collect();
            (key, constants)
        })
}

/// A whole spec. Names carry their position (`o1x…`, `m2x…`, `k0x…`) so that no two map to
/// the same Rust name, and section titles theirs so that no two share an anchor; everything
/// else is random.
fn spec() -> impl Strategy<Value = String> {
    let event = (
        "[a-z]{0,5}",
        prose(),
        prop::option::of(prose()),
        prop::collection::vec(("[a-z]{0,5}", extra()), 0..5),
    );
    // An object's value: described, none (`false`), or not said (optional, undescribed).
    let value = prop_oneof![
        prose().prop_map(Value::from),
        Just(Value::Bool(false)),
        Just(Value::Null),
    ];
    let object = (
        "[a-z]{0,5}",
        prose(),
        value,
        prop::collection::vec(event, 1..4),
    );
    (
        prose(),
        prop::option::of(prose()),
        "[a-z][a-z0-9]{1,7}",
        prop::collection::vec(object, 1..4),
        prop::collection::vec(uptake_source(), 0..3),
    )
        .prop_map(|(title, intro, category, objects, sources)| {
            let objects: Vec<Value> = objects
                .into_iter()
                .enumerate()
                .map(|(o, (name, title, value, events))| {
                    let events: Vec<Value> = events
                        .into_iter()
                        .enumerate()
                        .map(|(m, (method, title, description, extras))| {
                            let mut extras_map = serde_json::Map::new();
                            for (k, (key, spec)) in extras.into_iter().enumerate() {
                                extras_map.insert(format!("k{k}x{key}"), spec);
                            }
                            json!({
                                "method": format!("m{m}x{method}"),
                                "title": title,
                                "description": description,
                                "extras": extras_map,
                            })
                        })
                        .collect();
                    let mut object = json!({
                        "name": format!("o{o}x{name}"),
                        // Section titles must differ (their docs anchors would clash).
                        "title": format!("O{o} {title}"),
                        "value": value,
                        "events": events,
                    });
                    if object["value"].is_null() {
                        object.as_object_mut().unwrap().remove("value");
                    }
                    object
                })
                .collect();
            let sources: Vec<Value> = sources
                .into_iter()
                .enumerate()
                .map(|(i, (key, constants))| {
                    let statuses: Vec<Value> = constants
                        .into_iter()
                        .enumerate()
                        .map(|(c, constant)| {
                            json!({
                                // The prefix keeps constants unique across the spec.
                                "constant": format!("S{i}_{c}_{constant}"),
                                "value": "success",
                                "description": "It happened.",
                            })
                        })
                        .collect();
                    json!({
                        "name": format!("source{i}"),
                        "title": format!("Source {i}"),
                        "key": key,
                        "reported": "Once",
                        "statuses": statuses,
                    })
                })
                .collect();
            let uptake = (!sources.is_empty()).then(|| {
                json!({
                    "title": "Uptake",
                    "component": "random",
                    "telemetry_values": ["success"],
                    "sources": sources,
                })
            });
            // JSON is YAML: the spec is written in flow style, every string quoted.
            let mut spec = json!({
                "uptake": uptake,
                "eventspec": 1,
                "title": format!("Doc {title}"),
                "introduction": intro,
                "events": {
                    "title": "Events",
                    "category": category,
                    "enrollment_id": {
                        "title": "Enrollment IDs",
                        "filler": "__NO_ENROLLMENT_ID__",
                        "description": "An id per enrollment.",
                    },
                    "objects": objects,
                },
            });
            drop_nulls(&mut spec);
            spec.to_string()
        })
}

/// Absent optional keys are left out, not written as `null`.
fn drop_nulls(value: &mut Value) {
    match value {
        Value::Object(map) => {
            map.retain(|_, v| !v.is_null());
            map.values_mut().for_each(drop_nulls);
        }
        Value::Array(items) => items.iter_mut().for_each(drop_nulls),
        _ => {}
    }
}

/// Keeps up to 24 specs in `dir` (`0.yaml`, `1.yaml`, …).
fn save_for_sphinx(dir: &std::path::Path, text: &str) {
    std::fs::create_dir_all(dir).unwrap();
    let count = std::fs::read_dir(dir).unwrap().count();
    if count < 24 {
        std::fs::write(dir.join(format!("{count}.yaml")), text).unwrap();
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn random_valid_specs_generate_parseable_deterministic_output(text in spec()) {
        // scripts/docs-check.sh builds the RST of some of these specs with Sphinx.
        if let Ok(dir) = std::env::var("EVENTSPEC_RANDOM_SPECS_DIR") {
            save_for_sphinx(std::path::Path::new(&dir), &text);
        }
        let source = Source::new("random.yaml", text.as_str());
        let checked = eventspec::check(&source);
        let rendered = checked.diagnostics.render(&source);
        prop_assert!(checked.model.is_some(), "{}\n{}", rendered, text);
        let model = std::sync::Arc::new(checked.model.unwrap());

        let rust = eventspec::backend::rust::generate(&model, "random.yaml");
        prop_assert!(syn::parse_file(&rust).is_ok(), "{}", rust);
        if let Some(diff) = common::rustfmt_diff(&rust) {
            prop_assert!(false, "rustfmt would change:\n{}", diff);
        }
        prop_assert_eq!(&rust, &eventspec::backend::rust::generate(&model, "random.yaml"));

        let docs = Templates::builtin().render(&model, "random.yaml").unwrap();
        prop_assert_eq!(&docs, &Templates::builtin().render(&model, "random.yaml").unwrap());
        let (_, md) = docs.iter().find(|(n, _)| n.ends_with(".md")).unwrap();
        common::assert_well_formed(md);
        // The same spec checked again gives the same model, so the same outputs.
        let again = eventspec::check(&Source::new("random.yaml", text.as_str())).model.unwrap();
        prop_assert_eq!(rust, eventspec::backend::rust::generate(&again, "random.yaml"));
    }
}
