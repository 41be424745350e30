//! A fuzz target over the parser and checker, on stable Rust: proptest generates inputs
//! (YAML built from the spec language's own keys and from hostile scalars, and raw bytes) for
//! a fixed time, `EVENTSPEC_FUZZ_SECONDS` (default 5; CI runs 30). Whatever the input, `check`
//! returns, never panics, keeps a model only without errors, and every diagnostic renders.
//! A failing input is shrunk before it is reported.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::{Duration, Instant};

use eventspec::Source;
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};

const KEYS: &[&str] = &[
    "eventspec",
    "title",
    "introduction",
    "references",
    "url",
    "uptake",
    "telemetry_values",
    "sources",
    "name",
    "key",
    "reported",
    "statuses",
    "constant",
    "value",
    "description",
    "scalars",
    "kind",
    "keyed",
    "unit",
    "events",
    "category",
    "enrollment_id",
    "filler",
    "objects",
    "method",
    "extras",
    "type",
    "values",
    "optional",
    "when",
    "channels",
    "max_length",
    "truncate",
    "waive",
    "reason",
    "enrollmentId",
];

/// A scalar as YAML text: words the language knows, numbers, and trouble.
fn scalar() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(KEYS).prop_map(String::from),
        prop::sample::select(
            &[
                "enum",
                "string",
                "boolean",
                "enrollment_id",
                "uint",
                "1",
                "true",
                "null",
                "~",
                "-1",
                "1e400",
                "0x10",
                "[]",
                "{}",
                "''",
                "\"\\u0000\"",
                "*a",
                "&a x",
                "!!binary aGk=",
                "|\n  block",
                ">-\n  folded",
                "\"`unclosed\"",
                "\"[x](ref:nope)\"",
                "<<: *a",
                "? complex",
                "nightly",
                "extra-key-length"
            ][..]
        )
        .prop_map(String::from),
        "[a-zA-Z][a-zA-Z0-9_.-]{0,20}",
        "\"[^\"\\\\]{0,30}\"",
    ]
}

/// YAML text of bounded depth built from the language's keys.
fn yaml() -> impl Strategy<Value = String> {
    let leaf = scalar();
    leaf.prop_recursive(5, 64, 6, |inner| {
        prop_oneof![
            prop::collection::vec((prop::sample::select(KEYS), inner.clone()), 0..6).prop_map(
                |entries| {
                    let body: Vec<String> = entries
                        .into_iter()
                        .map(|(k, v)| format!("{k}:\n{}", indent(&v)))
                        .collect();
                    if body.is_empty() {
                        "{}".into()
                    } else {
                        body.join("\n")
                    }
                }
            ),
            prop::collection::vec(inner, 0..4).prop_map(|items| {
                let body: Vec<String> = items.iter().map(|v| format!("-\n{}", indent(v))).collect();
                if body.is_empty() {
                    "[]".into()
                } else {
                    body.join("\n")
                }
            }),
        ]
    })
}

fn indent(text: &str) -> String {
    text.lines()
        .map(|l| format!("  {l}\n"))
        .collect::<String>()
        .trim_end()
        .to_string()
}

/// A YAML tree, written below in the compact block style specs use (`key: value`, `- key: v`).
#[derive(Clone, Debug)]
enum Tree {
    Scalar(String),
    Map(Vec<(String, Tree)>),
    Seq(Vec<Tree>),
}

fn tree() -> impl Strategy<Value = Tree> {
    let scalar = prop_oneof![
        4 => "[a-zA-Z0-9][a-zA-Z0-9 ._-]{0,20}",
        3 => scalar(),
        1 => "[a-zA-Z0-9 :#,'\"\\.-]{1,16}",
        1 => "'[a-z ':#]{0,8}'",
        1 => "[a-z]{1,5} #[a-z ]{0,5}",
    ];
    let key = prop_oneof![
        4 => prop::sample::select(KEYS).prop_map(String::from),
        1 => "\"[a-z :#]{0,6}\"",
        1 => "[a-z#:-]{1,6}",
    ];
    scalar
        .prop_map(Tree::Scalar)
        .prop_recursive(5, 48, 5, move |inner| {
            prop_oneof![
                prop::collection::vec((key.clone(), inner.clone()), 1..5).prop_map(Tree::Map),
                prop::collection::vec(inner, 1..4).prop_map(Tree::Seq),
            ]
        })
}

/// How a tree is laid out: indentation step, indentless sequences, comments, blank lines.
#[derive(Clone, Copy, Debug)]
struct Layout {
    step: usize,
    indentless: bool,
    comments: bool,
    item_spaces: usize,
}

fn block(tree: &Tree, layout: Layout) -> String {
    let mut out = String::new();
    match tree {
        Tree::Map(_) | Tree::Seq(_) => write_block(&mut out, tree, 0, layout, None),
        Tree::Scalar(s) => out.push_str(s),
    }
    out
}

/// Writes `tree` at column `col`; `first` is the text already on the line (a sequence dash),
/// which the first entry continues.
fn write_block(out: &mut String, tree: &Tree, col: usize, layout: Layout, first: Option<String>) {
    let pad = |n: usize| " ".repeat(n);
    let mut lead = first;
    let line_start = |lead: &mut Option<String>| lead.take().unwrap_or_else(|| pad(col));
    match tree {
        Tree::Scalar(s) => out.push_str(&format!("{}{s}\n", line_start(&mut lead))),
        Tree::Map(entries) => {
            for (k, v) in entries {
                let start = line_start(&mut lead);
                match v {
                    Tree::Scalar(s) => {
                        let comment = if layout.comments { " # note" } else { "" };
                        out.push_str(&format!("{start}{k}: {s}{comment}\n"));
                    }
                    Tree::Map(_) => {
                        out.push_str(&format!("{start}{k}:\n"));
                        if layout.comments {
                            out.push_str(&format!("{}# between\n\n", pad(col)));
                        }
                        write_block(out, v, col + layout.step, layout, None);
                    }
                    Tree::Seq(_) => {
                        out.push_str(&format!("{start}{k}:\n"));
                        let at = if layout.indentless {
                            col
                        } else {
                            col + layout.step
                        };
                        write_block(out, v, at, layout, None);
                    }
                }
            }
        }
        Tree::Seq(items) => {
            for item in items {
                let dash = format!("{}-{}", line_start(&mut lead), pad(layout.item_spaces));
                let inner = col + 1 + layout.item_spaces;
                write_block(out, item, inner, layout, Some(dash));
            }
        }
    }
}

/// Either structured YAML, or bytes (shown as text, as `load` would refuse non-UTF-8).
fn input() -> impl Strategy<Value = String> {
    let layout = (1..=4usize, any::<bool>(), any::<bool>(), 1..=3usize).prop_map(
        |(step, indentless, comments, item_spaces)| Layout {
            step,
            indentless,
            comments,
            item_spaces,
        },
    );
    prop_oneof![
        4 => (tree(), layout).prop_map(|(t, l)| block(&t, l)),
        4 => yaml().prop_map(|y| format!("eventspec: 1\n{y}\n")),
        1 => prop::collection::vec(any::<u8>(), 0..400)
            .prop_map(|b| String::from_utf8_lossy(&b).into_owned()),
    ]
}

/// What must hold for every input; `Err` says what did not.
fn property(text: &str) -> Result<(), String> {
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        let source = Source::new("fuzz.yaml", text);
        let checked = eventspec::check(&source);
        let rendered = checked.diagnostics.render(&source);
        (
            checked.model.is_some(),
            checked.diagnostics.has_errors(),
            rendered,
        )
    }));
    match outcome {
        Err(_) => Err("check panicked".into()),
        Ok((true, true, r)) => Err(format!("a model despite errors:\n{r}")),
        Ok((false, false, r)) => Err(format!("no model and no error:\n{r}")),
        Ok(_) => Ok(()),
    }
}

#[test]
fn fuzz_parser_and_checker() {
    let seconds = std::env::var("EVENTSPEC_FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(5);
    let deadline = Instant::now() + Duration::from_secs(seconds);
    // A fixed seed per run would repeat itself; the seed is printed so a failure can be replayed.
    let seed: u64 = std::env::var("EVENTSPEC_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos() as u64)
        });
    let mut seed_bytes = [0u8; 32];
    seed_bytes[..8].copy_from_slice(&seed.to_le_bytes());
    let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &seed_bytes);
    let mut runner = TestRunner::new_with_rng(Config::default(), rng);
    let strategy = input();
    let mut cases = 0u64;
    // The panic hook would print every caught panic; silence it while fuzzing.
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let mut failure = None;
    while Instant::now() < deadline {
        let mut tree = strategy.new_tree(&mut runner).unwrap();
        cases += 1;
        if let Err(mut why) = property(&tree.current()) {
            let mut input = tree.current();
            while tree.simplify() {
                match property(&tree.current()) {
                    Err(w) => {
                        why = w;
                        input = tree.current();
                    }
                    Ok(_) => {
                        if !tree.complicate() {
                            break;
                        }
                    }
                }
            }
            failure = Some((input, why));
            break;
        }
    }
    std::panic::set_hook(hook);
    eprintln!("fuzz: {cases} inputs in {seconds} s (EVENTSPEC_FUZZ_SEED={seed})");
    if let Some((input, why)) = failure {
        panic!("EVENTSPEC_FUZZ_SEED={seed}: {why}\ninput:\n{input}");
    }
    assert!(cases > 100, "only {cases} inputs in {seconds} s");
}
