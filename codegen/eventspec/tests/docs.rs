//! The docs backend: snapshots of the Normandy page in both formats, Markdown structure checked
//! with a CommonMark parser, hostile spec text kept as text, and user templates.

mod common;

use std::path::Path;

use common::assert_well_formed;
use eventspec::Source;
use eventspec::backend::docs::{Error, Templates};
use pulldown_cmark::HeadingLevel;

/// Renders the docs of the spec at `path` (relative to this crate) with `templates`.
fn render(path: &str, templates: &Templates) -> Result<(String, String), Error> {
    let full = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    let text = std::fs::read_to_string(&full).unwrap();
    let source = Source::new(full.file_name().unwrap().to_str().unwrap(), text);
    let checked = eventspec::check(&source);
    let model = checked
        .model
        .unwrap_or_else(|| panic!("{}", checked.diagnostics.render(&source)));
    let docs = templates.render(&std::sync::Arc::new(model), "spec.yaml")?;
    let get = |name: &str| {
        docs.iter()
            .find(|(n, _)| n == name)
            .map(|(_, text)| text.clone())
            .unwrap()
    };
    Ok((get("data-collection.rst"), get("data-collection.md")))
}

const NORMANDY: &str = "../../spec/normandy.yaml";
const HOSTILE: &str = "tests/specs/hostile.yaml";

#[test]
fn normandy_rst() {
    let (rst, _) = render(NORMANDY, &Templates::builtin()).unwrap();
    assert_eq!(rst, render(NORMANDY, &Templates::builtin()).unwrap().0);
    insta::assert_snapshot!(rst);
}

/// Reader View's pages, every feature of the format, reviewed like Normandy's.
#[test]
fn reader_rst() {
    insta::assert_snapshot!(render(FEATURES, &Templates::builtin()).unwrap().0);
}

#[test]
fn reader_markdown() {
    let (_, md) = render(FEATURES, &Templates::builtin()).unwrap();
    assert_well_formed(&md);
    insta::assert_snapshot!(md);
}

#[test]
fn normandy_markdown() {
    let (_, md) = render(NORMANDY, &Templates::builtin()).unwrap();
    insta::assert_snapshot!(md);
}

#[test]
fn normandy_markdown_structure() {
    let (_, md) = render(NORMANDY, &Templates::builtin()).unwrap();
    let s = assert_well_formed(&md);
    let titles: Vec<&str> = s.headings.iter().map(|(_, t)| t.as_str()).collect();
    // The seed page's sections, in its order (its scalar headed by its name), then one
    // heading per event.
    assert_eq!(
        titles[..12],
        [
            "Data Collection",
            "Uptake",
            "Runner Status",
            "Action Status",
            "Recipe Status",
            "normandy.recipe_freshness",
            "Enrollment",
            "Enrollment IDs",
            "Preference Studies",
            "Enrollment (normandy.preference_study.enroll)",
            "Enrollment Failed (normandy.preference_study.enrollFailed)",
            "Unenrollment (normandy.preference_study.unenroll)",
        ]
    );
    assert_eq!(
        s.headings
            .iter()
            .filter(|(l, _)| *l == HeadingLevel::H4)
            .count(),
        14
    );
    assert_eq!(s.tables, 3, "one compact table per object");
    // Every link from the tables resolves (checked above); there is one per event.
    assert_eq!(
        s.fragments
            .iter()
            .filter(|f| !f.starts_with("enrollment-ids"))
            .count(),
        14
    );
}

#[test]
fn hostile_text_stays_text_in_markdown() {
    let (_, md) = render(HOSTILE, &Templates::builtin()).unwrap();
    let s = assert_well_formed(&md);
    for needle in [
        "<script>alert(1)</script>",
        ".. raw:: html",
        "{{ title }}",
        "{% if x %}",
        "*/ \"quoted\" \\ back`tick`",
        "# not a heading",
        "- not a list",
        "1. not a list",
        "| not | a | table |",
        "Grüße, 日本語",
        "Click javascript:alert(1) or <javascript:alert(2)>",
        "[click](javascript:alert(3)) ![x](https://track.example/x.png)",
        "<script>alert(5)</script> [x](javascript:alert(6)) `t` *e*",
        "<key> `k` | x javascript:alert(7)",
        "<b>units</b> | * javascript:alert(8)",
        "<img src=x onerror=alert(9)> javascript:alert(10)",
        "Enrollment <script>alert(11)</script> | IDs",
        "Replaced with the filler; <img src=x onerror=alert(13)>.",
        "first_last+*x*@example.org",
    ] {
        assert!(s.text.contains(needle), "lost {needle:?} in:\n{}", s.text);
    }
    // No link or image but the page's anchors and the URLs the spec declares (its
    // reference, bug and data review).
    let declared = [
        "https://example.org/a_(b)*c?d=e&f=g#h",
        "https://bugzilla.example.org/show_bug.cgi?id=1&x=_y_*z*",
        "https://example.org/review_(1)*",
    ];
    for target in &s.targets {
        assert!(
            target.starts_with('#') || declared.contains(&target.as_str()),
            "{target:?}"
        );
    }
    for url in declared {
        assert!(s.targets.iter().any(|t| t == url), "{url} is not linked");
    }
}

#[test]
fn hostile_text_stays_text_in_rst() {
    let (rst, _) = render(HOSTILE, &Templates::builtin()).unwrap();
    // No line the spec wrote starts a directive, a list or a heading underline; Sphinx -W
    // in CI (scripts/docs-check.sh) builds this document too.
    for line in rst.lines() {
        let line = line.trim_start();
        assert!(
            !line.starts_with(".. raw") && !line.starts_with("- not") && !line.starts_with("1. "),
            "{line}"
        );
    }
    insta::assert_snapshot!(rst);
}

fn template_dir(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    dir
}

#[test]
fn a_user_template_overrides_one_builtin() {
    let dir = template_dir(&[
        (
            "data-collection.md",
            "{% include \"footer.md\" %}# {{ title }}: {% for o in events[0].objects %}{{ o.name | code }} {% endfor %}\n",
        ),
        ("footer.md", "Custom <{{ spec_file }}>\n"),
        ("notes.txt", "ignored: neither .rst nor .md"),
    ]);
    let templates = Templates::with_dir(dir.path()).unwrap();
    let (rst, md) = render(NORMANDY, &templates).unwrap();
    assert_eq!(
        md,
        "Custom <spec.yaml>\n# Data Collection: `preference_study` `preference_rollout` `addon_study` \n"
    );
    assert_eq!(rst, render(NORMANDY, &Templates::builtin()).unwrap().0);
}

#[test]
fn undefined_variables_are_errors_with_template_and_line() {
    let dir = template_dir(&[("data-collection.rst", "{{ title }}\n\n{{ event.nope }}\n")]);
    let templates = Templates::with_dir(dir.path()).unwrap();
    let error = render(NORMANDY, &templates).unwrap_err();
    let message = error.to_string();
    assert!(matches!(error, Error::Template { .. }));
    assert!(message.contains("data-collection.rst"), "{message}");
    assert!(message.contains(":3:"), "no line 3 in: {message}");
}

/// Each filter takes its keyword argument, and a misspelt or foreign one is an error naming it
/// and the template's line.
#[test]
fn filter_keyword_arguments_are_checked() {
    let ok = "{{ introduction | markup(indent=2) }}|{{ \"a|b\" | code(cell=true) }}|{{ \"a\" | code }}|{{ \"https://x.org\" | link(text=\"x\") }}\n";
    let dir = template_dir(&[("data-collection.md", ok)]);
    let (_, md) = render(NORMANDY, &Templates::with_dir(dir.path()).unwrap()).unwrap();
    assert!(md.ends_with("|`a\\|b`|`a`|[x](<https://x.org>)\n"), "{md}");
    let dir = template_dir(&[(
        "data-collection.rst",
        "{{ title | underline(char=\"=\") }}\n",
    )]);
    let (rst, _) = render(NORMANDY, &Templates::with_dir(dir.path()).unwrap()).unwrap();
    assert_eq!(rst, "===============\n");
    for (name, call) in [
        ("data-collection.md", "markup(indnet=2)"),
        ("data-collection.md", "code(cell=true, indent=2)"),
        ("data-collection.md", "link(txt=\"x\")"),
        ("data-collection.rst", "underline(chr=\"=\")"),
    ] {
        let value = if call.starts_with("markup") {
            "introduction"
        } else {
            "\"https://x.org\""
        };
        let dir = template_dir(&[(name, &format!("ok\n{{{{ {value} | {call} }}}}\n"))]);
        let error = render(NORMANDY, &Templates::with_dir(dir.path()).unwrap()).unwrap_err();
        let message = error.to_string();
        let wrong = if call.contains("indent=2)") && call.starts_with("code") {
            "indent"
        } else {
            call.split(['(', '=']).nth(1).unwrap()
        };
        assert!(matches!(error, Error::Template { .. }), "{message}");
        assert!(
            message.contains(&format!("unknown keyword argument '{wrong}'")),
            "{call}: {message}"
        );
        assert!(message.contains(&format!("{name}:2")), "{call}: {message}");
    }
}

#[test]
fn template_syntax_errors_name_the_template() {
    let dir = template_dir(&[("data-collection.md", "ok\n{% for x in %}\n")]);
    let templates = Templates::with_dir(dir.path()).unwrap();
    let message = render(NORMANDY, &templates).unwrap_err().to_string();
    assert!(message.contains("data-collection.md"), "{message}");
    assert!(message.contains(":2:"), "no line 2 in: {message}");
}

#[test]
fn a_missing_template_dir_is_an_io_error() {
    let error = Templates::with_dir(Path::new("/nonexistent/templates")).unwrap_err();
    assert!(matches!(error, Error::Io(_)), "{error}");
}

/// Every difference between the generated page and the hand-written seed page, word by word
/// (so wrapping and blank lines do not count). Each is listed, with its reason, in
/// docs/spec-format.md; this snapshot makes a new one impossible to miss.
#[test]
fn differences_from_the_seed_page() {
    let seed_path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../docs/seed/data-collection.rst"
    );
    let seed = std::fs::read_to_string(seed_path).unwrap();
    let (generated, _) = render(NORMANDY, &Templates::builtin()).unwrap();
    let a: Vec<&str> = seed.split_whitespace().collect();
    let b: Vec<&str> = generated.split_whitespace().collect();
    let report: Vec<String> = word_diff(&a, &b)
        .into_iter()
        .map(|(old, new)| format!("- {old}\n+ {new}"))
        .collect();
    insta::assert_snapshot!(report.join("\n\n"));
}

/// The runs of words that differ between `a` and `b` (longest common subsequence), each with
/// one word of context on either side.
fn word_diff(a: &[&str], b: &[&str]) -> Vec<(String, String)> {
    let (n, m) = (a.len(), b.len());
    let mut lcs = vec![vec![0u32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut runs = Vec::new();
    while i < n || j < m {
        if i < n && j < m && a[i] == b[j] {
            i += 1;
            j += 1;
            continue;
        }
        let (i0, j0) = (i, j);
        while (i < n || j < m) && !(i < n && j < m && a[i] == b[j]) {
            if j < m && (i == n || lcs[i][j + 1] >= lcs[i + 1][j]) {
                j += 1;
            } else {
                i += 1;
            }
        }
        let context = |words: &[&str], from: usize, to: usize| {
            words[from.saturating_sub(1)..(to + 1).min(words.len())].join(" ")
        };
        runs.push((context(a, i0, i), context(b, j0, j)));
    }
    runs
}

#[test]
fn the_builder_writes_docs_with_user_templates() {
    let templates = template_dir(&[("data-collection.md", "# {{ title }}\n")]);
    let out = tempfile::tempdir().unwrap();
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join(NORMANDY);
    let written = eventspec::Builder::new()
        .spec(&spec)
        .out_dir(out.path())
        .docs_dir(out.path().join("docs"))
        .templates(templates.path())
        .cargo_directives(false)
        .generate()
        .unwrap();
    assert_eq!(written.len(), 3);
    let md = std::fs::read_to_string(out.path().join("docs/data-collection.md")).unwrap();
    assert_eq!(md, "# Data Collection\n");
    let rst = std::fs::read_to_string(out.path().join("docs/data-collection.rst")).unwrap();
    assert!(rst.contains(".. data:: RUNNER_SUCCESS"));
}

/// Prose is one opaque value: `markup` writes its links and code; printed as it is, it is its
/// plain text, escaped for the document's format; a prose value is true when it has text.
#[test]
fn prose_printed_without_markup_is_plain_escaped_text() {
    let dir = template_dir(&[(
        "data-collection.md",
        "{{ events[0].description }}\n{{ events[0].description | markup }}\n{% if introduction %}yes{% endif %}\n",
    )]);
    let (_, md) = render(NORMANDY, &Templates::with_dir(dir.path()).unwrap()).unwrap();
    let lines: Vec<&str> = md.lines().collect();
    // Plain: the link's text without its target, code without backticks.
    assert!(lines[0].starts_with("Normandy records enrollment"), "{md}");
    assert!(
        lines[0].contains("using Telemetry Events. All data"),
        "{md}"
    );
    assert!(!lines[0].contains("](") && !lines[0].contains('`'), "{md}");
    // Through the filter: the link and the code span.
    assert!(lines[1].contains("[Telemetry Events](<https://"), "{md}");
    assert!(lines[1].contains("`normandy`"), "{md}");
    assert_eq!(lines[2], "yes");
}

/// Plain prose is escaped like any other value: hostile prose printed without `markup`.
#[test]
fn plain_prose_is_escaped() {
    let dir = template_dir(&[("data-collection.md", "{{ introduction }}\n")]);
    let (_, md) = render(HOSTILE, &Templates::with_dir(dir.path()).unwrap()).unwrap();
    let s = assert_markdown_without_html(&md);
    assert!(s.contains("<script>"), "the text is kept: {md}");
}

/// The text a CommonMark parser sees in `md`, which must hold no raw HTML.
fn assert_markdown_without_html(md: &str) -> String {
    let s = common::parse(md);
    assert!(s.html.is_empty(), "raw HTML: {:?}", s.html);
    s.text
}

/// A template that would loop or write without end stops with a located error, quickly and
/// in bounded memory (without a bound: 42 s and 8 GB, then the whole output).
#[test]
fn a_runaway_template_is_stopped() {
    let dir = template_dir(&[(
        "data-collection.md",
        "ok\n{% for i in range(10000) %}{% for j in range(10000) %}{{ title }}{% endfor %}{% endfor %}\n",
    )]);
    let error = render(NORMANDY, &Templates::with_dir(dir.path()).unwrap()).unwrap_err();
    assert!(
        matches!(error, Error::Template { line: Some(2), .. }),
        "{error}"
    );
    assert!(error.to_string().contains("far more work"), "{error}");
}

const FEATURES: &str = "../../spec/reader.yaml";
/// A spec as `eventspec import firefox` writes it: default titles, undescribed values.
const IMPORTED: &str = "../eventspec-macros/tests/ui/specs/imported.yaml";

/// A document reduced to its words: markup characters, escapes and link targets removed.
fn plain(doc: &str) -> String {
    let mut out = String::with_capacity(doc.len());
    let mut rest = doc;
    // `[text](target)` keeps its text.
    while let Some(open) = rest.find("](") {
        let close = rest[open..].find(')').map_or(rest.len(), |i| open + i + 1);
        out.push_str(&rest[..open]);
        rest = &rest[close..];
    }
    out.push_str(rest);
    // RST's `` `text <target>`__ `` keeps its text.
    let mut rest = std::mem::take(&mut out);
    while let Some(open) = rest.find(" <http") {
        let close = rest[open..]
            .find(">`__")
            .map_or(rest.len(), |i| open + i + 4);
        out.push_str(&rest[..open]);
        rest = rest.split_off(close);
    }
    out.push_str(&rest);
    out.chars()
        .filter(|c| !matches!(c, '`' | '\\' | '*' | '[' | ']'))
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Each fact of the spec that the documents state, as plain words: the category of each object,
/// each extra's wire form, presence, channels and length, each enum value, each scalar's name,
/// kind, key and unit, each status constant and telemetry value.
fn facts(model: &eventspec::model::Model) -> Vec<String> {
    use eventspec::model::{EventValue, ExtraKind, Presence, ScalarKind};
    let mut facts = Vec::new();
    for source in model.uptake.iter().flat_map(|u| &u.sources) {
        facts.push(format!("under the key {}", source.key));
        for status in &source.statuses {
            facts.push(status.constant.clone());
            facts.push(status.value.clone());
        }
    }
    for scalar in &model.scalars {
        facts.push(scalar.name.clone());
        let kind = match scalar.kind {
            ScalarKind::Uint => "unsigned integer",
            ScalarKind::String => "string",
            ScalarKind::Boolean => "boolean",
        };
        facts.push(format!("Kind: {kind}"));
        match &scalar.key {
            Some(key) => facts.push(format!("Keyed: by the {key}")),
            None if scalar.keyed => facts.push("Keyed: yes".to_string()),
            None => {}
        }
        if let Some(unit) = &scalar.unit {
            facts.push(format!("Unit: {unit}"));
        }
        metadata_facts(&mut facts, &scalar.metadata_fields);
    }
    for category in &model.events {
        metadata_facts(&mut facts, &category.metadata_fields);
        for event in category.all() {
            metadata_facts(&mut facts, &event.metadata_fields);
        }
    }
    for (events, object) in model
        .events
        .iter()
        .flat_map(|c| c.objects.iter().map(move |o| (c, o)))
    {
        facts.push(format!(
            "Events with the object {}, in the category {}:",
            object.name, events.name
        ));
        for event in &object.events {
            facts.push(event.method.clone());
            match event.value {
                EventValue::Absent => facts.push("the event has no value.".to_string()),
                // "Optional; …" in RST, "optional; …" in Markdown.
                EventValue::Undescribed => facts.push("ptional; not described.".to_string()),
                EventValue::Described { .. } => {}
            }
            for x in &event.extras {
                let mut parts = Vec::new();
                match &x.kind {
                    ExtraKind::Boolean => parts.push("\"true\" or \"false\"".to_string()),
                    ExtraKind::EnrollmentId => parts.push("an enrollment ID".to_string()),
                    ExtraKind::Uuid => parts.push("a UUID".to_string()),
                    ExtraKind::Quantity { min, max } => {
                        parts.push(format!("an integer from {min} to {max}"))
                    }
                    ExtraKind::Enum { values, .. } => {
                        facts.extend(values.iter().map(|v| v.value.clone()))
                    }
                    ExtraKind::String => {}
                }
                match &x.presence {
                    Presence::Always => {}
                    Presence::Optional => parts.push("optional".into()),
                    Presence::When {
                        extra,
                        values,
                        optional,
                    } => parts.push(format!(
                        "{}only when {extra} is {}",
                        if *optional { "optional, and " } else { "" },
                        values.join(" or ")
                    )),
                }
                if !x.channels.is_empty() {
                    parts.push(format!("only on {}", x.channels.join(", ")));
                }
                if matches!(x.kind, ExtraKind::String) {
                    let how = if x.truncate {
                        "truncated to"
                    } else {
                        "at most"
                    };
                    parts.push(format!("{how} {} bytes", x.max_length));
                }
                facts.push(if parts.is_empty() {
                    x.key.clone()
                } else {
                    format!("{} ({})", x.key, parts.join("; "))
                });
            }
        }
    }
    facts
}

/// Each metadata line as both documents print it: `Label: value, value`.
fn metadata_facts(facts: &mut Vec<String>, fields: &[eventspec::model::MetadataField]) {
    for field in fields {
        let values: Vec<&str> = field.values.iter().map(|v| v.text.as_str()).collect();
        facts.push(format!("{}: {}", field.label, values.join(", ")));
    }
}

/// Both documents carry every fact of the spec, in the same words.
#[test]
fn both_documents_state_every_fact() {
    for path in [NORMANDY, FEATURES, HOSTILE, IMPORTED] {
        let full = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
        let source = Source::new("spec.yaml", std::fs::read_to_string(&full).unwrap());
        let model = eventspec::check(&source).model.unwrap();
        let (rst, md) = render(path, &Templates::builtin()).unwrap();
        let (rst, md) = (plain(&rst), plain(&md));
        let facts = facts(&model);
        assert!(facts.len() > 10, "{path}: {} facts", facts.len());
        for fact in facts {
            let fact = plain(&fact);
            assert!(rst.contains(&fact), "{path}: the RST lacks `{fact}`");
            assert!(md.contains(&fact), "{path}: the Markdown lacks `{fact}`");
        }
    }
}

/// Each category is a section of both documents, in spec order, naming its category.
#[test]
fn categories_are_sections_in_spec_order() {
    let (rst, md) = render(
        "../../tests/check/valid-categories.yaml",
        &Templates::builtin(),
    )
    .unwrap();
    for doc in [&rst, &md] {
        let studies = doc.find("Studies").unwrap();
        let rollouts = doc.find("Rollouts").unwrap();
        assert!(studies < rollouts, "{doc}");
        assert!(
            doc[studies..rollouts].contains("in the category ``studies``")
                || doc[studies..rollouts].contains("in the category `studies`"),
            "{doc}"
        );
        assert!(doc[rollouts..].contains("rollouts"), "{doc}");
    }
    let s = assert_well_formed(&md);
    let titles: Vec<&str> = s.headings.iter().map(|(_, t)| t.as_str()).collect();
    assert_eq!(
        titles,
        [
            "Example",
            "Studies",
            "Study Things",
            "Opening (studies.thing.open)",
            "Rollouts",
            "Rollout Things",
            "Opening (rollouts.thing.open)"
        ]
    );
}

/// Without titles (as an import writes a spec), the documents are headed by the format's
/// defaults: `Data collection`, the category name, `category.object`, the method.
#[test]
fn defaults_head_a_spec_without_titles() {
    let (rst, md) = render(
        "../eventspec-macros/tests/ui/specs/imported.yaml",
        &Templates::builtin(),
    )
    .unwrap();
    for heading in [
        "Data collection",
        "downloads",
        "downloads.file",
        "pictureinpicture.pip_toggle",
    ] {
        assert!(rst.contains(&format!("\n{heading}\n")), "RST: {heading}");
        let md_heading = heading.replace('_', "\\_");
        assert!(
            md.contains(&format!(" {md_heading}\n")),
            "Markdown: {heading}"
        );
    }
    // An event's heading is its method.
    assert!(rst.contains("\nclosed_method\n"), "{rst}");
    assert!(md.contains("#### closed\\_method ("), "{md}");
}

/// The templates' budget grows with the extras and enum values, not only the events: a valid
/// spec of two events with 20,000 values each renders (it ran out of fuel before).
#[test]
fn a_spec_of_long_enums_renders() {
    let values: String = (0..20_000)
        .map(|v| format!("                v{v}: V\n"))
        .collect();
    let event = |m: &str| {
        format!(
            "        - method: {m}\n          extras:\n            kind:\n              type: enum\n              description: D\n              values:\n{values}"
        )
    };
    let text = format!(
        "eventspec: 1\nevents:\n  category: cat\n  objects:\n    - name: obj\n      events:\n{}{}",
        event("one"),
        event("two")
    );
    let source = Source::new("enums.yaml", text);
    let model = eventspec::check(&source).model.unwrap();
    let docs = Templates::builtin()
        .render(&std::sync::Arc::new(model), "enums.yaml")
        .unwrap();
    assert!(docs.iter().all(|(_, text)| text.contains("v19999")));
}
