//! Spec text stays text in the generated Rust's doc comments: whatever a title, key, value,
//! unit or filler holds, rustdoc sees no code block (which `cargo test --doc` would run), no
//! HTML, no heading, list, quote or rule, and no link the spec did not write.

use eventspec::Source;
use pulldown_cmark::{Event, Parser, Tag};
use serde_json::json;

/// Text that means something to Markdown, rustdoc or HTML, in every shape one line or several
/// can take.
const HOSTILE: &[&str] = &[
    "x\n```\npanic!(\"ran\");\n```\n",
    "```rust\nstd::process::exit(1);\n```",
    "~~~\nfn main() {}\n~~~",
    "    indented(code);",
    "x\n\n    indented(code);",
    "Runner <img src=x onerror=alert(1)>",
    "<script>alert(1)</script>",
    "[link](javascript:alert(1))",
    "[Event]",
    "![img](https://tracker.example/x.png)",
    "# heading",
    "x\n# heading",
    "x\n===",
    "- item",
    "1. item",
    "x\n2) item",
    "> quote",
    "***",
    "----",
    "| a | b |",
    "`tick` and ``two``",
    "back\\slash\\",
    "&amp; &#x3C;",
];

/// A valid spec with `s` in every field that is text but not prose, nor a name, nor one of a
/// fixed set.
fn spec(s: &str) -> String {
    // Uptake keys mark parameters with `<…>`; the rest of the text goes in as it is.
    let key = format!("kk/{}/<id>", s.replace(['<', '>'], "_"));
    let value = |i: usize| format!("v{i} {s}").chars().take(80).collect::<String>();
    json!({
        "eventspec": 1,
        "title": s,
        "uptake": {
            "title": format!("Uptake {s}"),
            // Telemetry values are Uptake Telemetry's fixed set: not spec text.
            "telemetry_values": ["success"],
            "sources": [{
                "name": "runner",
                "title": format!("Runner {s}"),
                "key": key,
                "reported": "Once",
                "statuses": [{"constant": "RUNNER_DONE", "value": "success", "description": "Done."}],
            }],
        },
        "scalars": [{
            "name": "a.count",
            "kind": "uint",
            "keyed": true,
            "key": s,
            "unit": s,
            "description": "A count.",
        }],
        "events": {
            "title": format!("Events {s}"),
            "category": "hostile",
            "enrollment_id": {
                "title": format!("Ids {s}"),
                "filler": format!("F {s}").chars().take(80).collect::<String>(),
                "description": "An id.",
            },
            "objects": [{
                "name": "study",
                "title": format!("Studies {s}"),
                "value": "The study.",
                "events": [{
                    "method": "enroll",
                    "title": s,
                    "extras": {
                        "reason": {
                            "type": "enum",
                            "description": "Why.",
                            "values": {value(0): "First.", value(1): "Second."},
                        },
                        "detail": {
                            "description": "When it failed.",
                            "when": {"reason": [value(1)]},
                            "channels": ["nightly"],
                        },
                        "id": {"type": "enrollment_id", "description": "The id."},
                    },
                }],
            }],
        },
    })
    .to_string()
}

/// The doc text of each item: runs of `///` lines (and `#[doc = "…"]` lines, as text).
fn doc_blocks(code: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut block = String::new();
    for line in code.lines().map(str::trim_start) {
        let text = if let Some(rest) = line.strip_prefix("///") {
            Some(rest.strip_prefix(' ').unwrap_or(rest).to_string())
        } else {
            line.strip_prefix("#[doc = \"")
                .and_then(|rest| rest.strip_suffix("\"]"))
                .map(|rest| rest.trim_start().to_string())
        };
        match text {
            Some(text) => {
                block.push_str(&text);
                block.push('\n');
            }
            None if !block.is_empty() => blocks.push(std::mem::take(&mut block)),
            None => {}
        }
    }
    blocks
}

#[test]
fn spec_text_in_doc_comments_is_inert() {
    for s in HOSTILE {
        let source = Source::new("hostile.yaml", spec(s));
        let checked = eventspec::check(&source);
        let model = checked.model.unwrap_or_else(|| {
            panic!("{s:?}: {}", checked.diagnostics.render(&source));
        });
        let code = eventspec::backend::rust::generate(&model, "hostile.yaml");
        assert!(syn::parse_file(&code).is_ok(), "{s:?}: not Rust");
        for block in doc_blocks(&code) {
            for event in Parser::new(&block) {
                let bad = match &event {
                    Event::Start(Tag::CodeBlock(_)) => "a code block",
                    Event::Html(_) | Event::InlineHtml(_) => "HTML",
                    Event::Start(Tag::Heading { .. }) => "a heading",
                    Event::Start(Tag::List(_)) => "a list",
                    Event::Start(Tag::BlockQuote(_)) => "a block quote",
                    Event::Rule => "a rule",
                    Event::Start(Tag::Link { .. } | Tag::Image { .. }) => "a link",
                    _ => continue,
                };
                panic!("{s:?} made {bad} in a doc comment:\n{block}");
            }
        }
    }
}
