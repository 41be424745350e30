//! `eventspec generate`: every output written, `--check` catching drift, `--templates`.

mod common;

use std::process::Output;

use common::workspace;

fn eventspec(args: &[&str]) -> Output {
    common::eventspec(&workspace(), args)
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn writes_rust_and_both_documents_matching_the_checked_in_ones() {
    let out = tempfile::tempdir().unwrap();
    let out_arg = out.path().to_str().unwrap();
    let output = eventspec(&["generate", "spec/normandy.yaml", "--out", out_arg]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    for file in [
        "rust/normandy.rs",
        "docs/data-collection.rst",
        "docs/data-collection.md",
    ] {
        let written = std::fs::read(out.path().join(file)).unwrap();
        let checked_in = std::fs::read(workspace().join("generated").join(file)).unwrap();
        assert!(written == checked_in, "generated/{file} is stale");
    }
    // Then --check agrees, and notices an edited document.
    let check = eventspec(&["generate", "--check", "--out", out_arg]);
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
    std::fs::write(
        out.path().join("docs/data-collection.md"),
        "edited by hand\n",
    )
    .unwrap();
    let check = eventspec(&["generate", "--check", "--out", out_arg]);
    assert_eq!(check.status.code(), Some(1));
    assert!(stderr(&check).contains("stale: ") && stderr(&check).contains("data-collection.md"));
}

/// Runs `generate` into a fresh directory with one user template; returns the output directory.
fn generate_with_template(name: &str, text: &str) -> (Output, tempfile::TempDir) {
    let templates = tempfile::tempdir().unwrap();
    std::fs::write(templates.path().join(name), text).unwrap();
    let out = tempfile::tempdir().unwrap();
    let output = eventspec(&[
        "generate",
        "--out",
        out.path().to_str().unwrap(),
        "--templates",
        templates.path().to_str().unwrap(),
    ]);
    (output, out)
}

#[test]
fn templates_override_the_builtin_ones() {
    let (output, out) = generate_with_template(
        "data-collection.rst",
        "{{ title }}\n{{ title | underline(char=\"#\") }}\n",
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let rst = std::fs::read_to_string(out.path().join("docs/data-collection.rst")).unwrap();
    assert_eq!(rst, "Data Collection\n###############\n");
    let md = std::fs::read(out.path().join("docs/data-collection.md")).unwrap();
    assert_eq!(
        md,
        std::fs::read(workspace().join("generated/docs/data-collection.md")).unwrap()
    );
}

#[test]
fn a_broken_template_is_invalid_input_and_writes_nothing() {
    let (output, out) = generate_with_template(
        "data-collection.md",
        "# {{ title }}\n{{ no_such_variable }}\n",
    );
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert!(
        message.contains("data-collection.md") && message.contains(":2:"),
        "{message}"
    );
    assert_eq!(std::fs::read_dir(out.path()).unwrap().count(), 0);
}

#[test]
fn a_missing_template_dir_is_a_usage_error() {
    let output = eventspec(&[
        "generate",
        "--check",
        "--templates",
        "/nonexistent/templates",
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("/nonexistent/templates"));
}

#[test]
fn a_spec_error_leaves_every_previous_output_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("normandy.yaml");
    let good = std::fs::read_to_string(workspace().join("spec/normandy.yaml")).unwrap();
    std::fs::write(&spec, &good).unwrap();
    let out = dir.path().join("out");
    let (spec_arg, out_arg) = (spec.to_str().unwrap(), out.to_str().unwrap());
    let first = eventspec(&["generate", spec_arg, "--out", out_arg]);
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    let files = [
        "rust/normandy.rs",
        "docs/data-collection.rst",
        "docs/data-collection.md",
    ];
    let snapshot = || {
        files.map(|f| {
            let path = out.join(f);
            (
                std::fs::read(&path).unwrap(),
                path.metadata().unwrap().modified().unwrap(),
            )
        })
    };
    let before = snapshot();

    // An unchanged spec rewrites nothing; a broken one writes nothing.
    let again = eventspec(&["generate", spec_arg, "--out", out_arg]);
    assert_eq!(again.status.code(), Some(0));
    assert!(
        stderr(&again).matches("Unchanged: ").count() == 3,
        "{}",
        stderr(&again)
    );
    std::fs::write(&spec, good.replace("category: normandy", "category: n")).unwrap();
    let broken = eventspec(&["generate", spec_arg, "--out", out_arg]);
    assert_eq!(broken.status.code(), Some(1));
    assert!(snapshot() == before, "an output changed");
    let entries: Vec<_> = std::fs::read_dir(out.join("docs")).unwrap().collect();
    assert_eq!(entries.len(), 2, "a temporary file was left behind");
}

/// Outputs are streamed to temporary files as they are rendered: when one cannot be put in
/// place, the others stay as they were and no temporary file is left; with `--check`, a
/// stale, missing or unreadable output is named and nothing is written.
#[test]
fn a_failed_write_leaves_every_previous_output_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let out_arg = out.to_str().unwrap();
    let first = eventspec(&["generate", "spec/normandy.yaml", "--out", out_arg]);
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    // Old bytes in two outputs, and a directory where the third goes.
    std::fs::write(out.join("rust/normandy.rs"), "old rust\n").unwrap();
    std::fs::write(out.join("docs/data-collection.rst"), "old rst\n").unwrap();
    std::fs::remove_file(out.join("docs/data-collection.md")).unwrap();
    std::fs::create_dir(out.join("docs/data-collection.md")).unwrap();

    let check = eventspec(&[
        "generate",
        "spec/normandy.yaml",
        "--check",
        "--out",
        out_arg,
    ]);
    assert_eq!(check.status.code(), Some(1));
    let said = stderr(&check);
    assert_eq!(said.matches("stale: ").count(), 2, "{said}");
    assert!(
        said.contains("missing: ") && said.contains("data-collection.md"),
        "{said}"
    );

    let failed = eventspec(&["generate", "spec/normandy.yaml", "--out", out_arg]);
    assert_eq!(failed.status.code(), Some(2), "{}", stderr(&failed));
    assert!(
        stderr(&failed).contains("is a directory"),
        "{}",
        stderr(&failed)
    );
    assert_eq!(
        std::fs::read(out.join("rust/normandy.rs")).unwrap(),
        b"old rust\n"
    );
    assert_eq!(
        std::fs::read(out.join("docs/data-collection.rst")).unwrap(),
        b"old rst\n"
    );
    for sub in ["rust", "docs"] {
        let left: Vec<String> = std::fs::read_dir(out.join(sub))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".tmp"))
            .collect();
        assert!(left.is_empty(), "{left:?}");
    }
}

/// Outside this repository, each command says what to do from where the user stands: no
/// default spec to fall back on, missing outputs called missing with the command that writes
/// them, and new files called created.
#[test]
fn outside_the_repository_messages_say_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    for command in ["check", "generate", "decode"] {
        let output = common::eventspec(dir.path(), &[command]);
        assert_eq!(output.status.code(), Some(2), "{command}");
        assert_eq!(
            stderr(&output),
            format!(
                "error: no spec given, and there is no spec/normandy.yaml here\n  \
                 give the spec's path: `eventspec {command} path/to/spec.yaml`\n"
            )
        );
    }
    let spec = dir.path().join("my spec.yaml");
    std::fs::copy(workspace().join("spec/reader.yaml"), &spec).unwrap();
    let check = common::eventspec(
        dir.path(),
        &["generate", "my spec.yaml", "--out", "docs-out", "--check"],
    );
    assert_eq!(check.status.code(), Some(1));
    assert_eq!(
        stderr(&check),
        "missing: docs-out/rust/my spec.rs\n\
         missing: docs-out/docs/data-collection.rst\n\
         missing: docs-out/docs/data-collection.md\n\
         to write them: eventspec generate 'my spec.yaml' --out docs-out\n"
    );
    let first = common::eventspec(
        dir.path(),
        &["generate", "my spec.yaml", "--out", "docs-out"],
    );
    assert_eq!(first.status.code(), Some(0));
    assert!(
        stderr(&first).starts_with("Created: docs-out/rust/my spec.rs\n"),
        "{}",
        stderr(&first)
    );
    let again = common::eventspec(
        dir.path(),
        &["generate", "my spec.yaml", "--out", "docs-out"],
    );
    assert!(
        stderr(&again).starts_with("Unchanged: "),
        "{}",
        stderr(&again)
    );
}

/// Reader View's outputs are checked in too (`generated/reader/`), and kept current.
#[test]
fn reader_outputs_match_the_checked_in_ones() {
    let check = eventspec(&[
        "generate",
        "spec/reader.yaml",
        "--check",
        "--out",
        "generated/reader",
    ]);
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
    for file in [
        "rust/reader.rs",
        "docs/data-collection.rst",
        "docs/data-collection.md",
    ] {
        assert!(
            workspace().join("generated/reader").join(file).is_file(),
            "{file}"
        );
    }
}

/// `export firefox` writes both files; a spec Firefox cannot hold writes nothing and exits 1.
#[test]
fn export_firefox_writes_both_files_or_none() {
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().to_str().unwrap();
    let output = eventspec(&["export", "firefox", "spec/normandy.yaml", "--out", dir]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stderr(&output).contains("not carried: "));
    let events = std::fs::read_to_string(out.path().join("Events.yaml")).unwrap();
    assert!(events.contains("\"enrollFailed\":"));
    assert!(out.path().join("Scalars.yaml").is_file());
    let empty = tempfile::tempdir().unwrap();
    let dir = empty.path().to_str().unwrap();
    let output = eventspec(&["export", "firefox", "spec/reader.yaml", "--out", dir]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("expires by version or never"),
        "{}",
        stderr(&output)
    );
    assert_eq!(std::fs::read_dir(empty.path()).unwrap().count(), 0);
}
