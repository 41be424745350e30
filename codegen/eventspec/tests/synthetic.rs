//! The benchmarks' synthetic specs (`eventspec-synth`) are valid specs of the size asked for,
//! and the realistic one has the features it claims (so the benchmarks measure them).

use eventspec::Source;
use eventspec_synth::{Style, glean_metrics, spec};

#[test]
fn both_styles_are_valid_with_n_events() {
    for style in [Style::Uniform, Style::Realistic] {
        for n in [1, 10, 25] {
            let source = Source::new("synth.yaml", spec(n, style));
            let checked = eventspec::check(&source);
            let model = checked
                .model
                .unwrap_or_else(|| panic!("{}", checked.diagnostics.render(&source)));
            assert_eq!(model.event_count(), n, "{style:?}");
        }
        let glean = glean_metrics(25, style);
        assert_eq!(glean.matches("    type: event\n").count(), 25, "{style:?}");
    }
}

#[test]
fn the_realistic_style_is_written_as_people_write_specs() {
    let text = spec(100, Style::Realistic);
    for feature in [
        "\n# ",            // comments
        ": |-\n",          // literal block scalars
        ": >-\n",          // folded block scalars
        ": {description:", // flow mappings
        "\n    title: ",   // 4-space indentation
        "when: {",         // conditional extras
        "optional: true",
        "channels: [",
        "truncate: true",
        "type: enrollment_id",
        "](https://",         // links
        "`StepRunner.run()`", // code
    ] {
        assert!(text.contains(feature), "no {feature:?}");
    }
    // About 1.5 KB per event, and 10,000 events stay under the 16 MiB spec limit.
    let per_event = text.len() / 100;
    assert!(
        (1_300..1_700).contains(&per_event),
        "{per_event} bytes per event"
    );
    assert!(spec(10_000, Style::Realistic).len() < 16 * 1024 * 1024);
}

/// On a spec large enough for the outputs to be written side by side, they are the bytes the
/// one-thread path writes, in the same order.
#[test]
fn outputs_written_side_by_side_are_the_sequential_ones() {
    let source = Source::new("synth.yaml", spec(400, Style::Realistic));
    let model = std::sync::Arc::new(eventspec::check(&source).model.unwrap());
    let templates = eventspec::backend::docs::Templates::builtin();
    let parallel: Vec<eventspec::outputs::Output> =
        eventspec::outputs::render_to(&source, &model, &templates, &|_| Ok(Vec::new()))
            .unwrap()
            .into_iter()
            .map(|(path, bytes)| eventspec::outputs::Output {
                path,
                text: String::from_utf8(bytes).unwrap(),
            })
            .collect();
    let mut sequential = vec![eventspec::outputs::rust(&source, &model)];
    sequential.extend(eventspec::outputs::docs(&source, &model, &templates).unwrap());
    assert_eq!(parallel.len(), 3);
    // The Rust, streamed a few hundred kilobytes at a time, is that of the one-piece path.
    assert!(parallel[0].text.len() > 1_000_000);
    assert!(parallel == sequential);
}

/// A sink that fails partway (a full disk) is an error naming the output, not a panic, and
/// each output's error is its own.
#[test]
fn a_failing_sink_is_an_error_naming_the_output() {
    struct Full(usize);
    impl std::io::Write for Full {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            if self.0 < buf.len() {
                return Err(std::io::Error::other("no space left"));
            }
            self.0 -= buf.len();
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let source = Source::new("synth.yaml", spec(400, Style::Realistic));
    let model = std::sync::Arc::new(eventspec::check(&source).model.unwrap());
    let templates = eventspec::backend::docs::Templates::builtin();
    for (full, failing) in [
        ("rust/synth.rs", "rust/synth.rs"),
        ("docs/data-collection.md", "docs/data-collection.md"),
    ] {
        let open = |path: &str| Ok(Full(if path == full { 300_000 } else { usize::MAX }));
        let error = eventspec::outputs::render_to(&source, &model, &templates, &open)
            .err()
            .expect("a full sink fails");
        let message = error.to_string();
        assert!(
            message.contains(failing) && message.contains("no space left"),
            "{message}"
        );
    }
}
