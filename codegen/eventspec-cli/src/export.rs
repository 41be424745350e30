//! `eventspec export firefox [SPEC] --out DIR`: Firefox's `Events.yaml` and `Scalars.yaml` for
//! a spec (`eventspec::interop::firefox_export`), written together or not at all; and
//! `eventspec export glean [SPEC] [--out FILE]`: Glean's `metrics.yaml`
//! (`eventspec::interop::glean`). What the files cannot carry is listed.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use eventspec::ExpiryCheck;
use eventspec::model::Model;

use crate::{INVALID, MessageFormat, load_and_check, output_error, write_files};

/// The checked model of `spec`, or the exit code to stop with.
fn model(spec: &Path) -> Result<Model, ExitCode> {
    load_and_check(spec, MessageFormat::Human, &ExpiryCheck::default()).map(|(_, model, _)| model)
}

/// The most problems of a refused export, or facts it could not carry, printed: as many as
/// `check` keeps (a spec of 10,000 events without metadata has 50,000 problems).
const MAX_PRINTED: usize = 200;

/// Says why the export failed; exit 1.
fn refused(spec: &Path, format: &str, errors: &[String]) -> ExitCode {
    for error in errors.iter().take(MAX_PRINTED) {
        eprintln!("error: {error}");
    }
    if errors.len() > MAX_PRINTED {
        eprintln!("… {} more problems not shown", errors.len() - MAX_PRINTED);
    }
    eprintln!(
        "error: {} cannot be exported for {format}: {} problem{}",
        spec.display(),
        errors.len(),
        if errors.len() == 1 { "" } else { "s" }
    );
    ExitCode::from(INVALID)
}

fn not_carried(facts: &[String]) {
    for fact in facts.iter().take(MAX_PRINTED) {
        eprintln!("not carried: {fact}");
    }
    if facts.len() > MAX_PRINTED {
        eprintln!(
            "… and {} more facts not carried, not shown",
            facts.len() - MAX_PRINTED
        );
    }
}

/// Writes `DIR/Events.yaml` and `DIR/Scalars.yaml` for the spec at `spec`.
pub(crate) fn firefox(spec: &Path, out: &Path) -> ExitCode {
    let model = match model(spec) {
        Ok(model) => model,
        Err(code) => return code,
    };
    let export = match eventspec::interop::firefox_export::export(&model) {
        Ok(export) => export,
        Err(errors) => return refused(spec, "Firefox", &errors),
    };
    not_carried(&export.not_carried);
    let files = [
        (out.join("Events.yaml"), export.events.as_bytes()),
        (out.join("Scalars.yaml"), export.scalars.as_bytes()),
    ];
    write_files(&files, out)
}

/// Writes the `metrics.yaml` of the spec at `spec` to `out`, or standard output.
pub(crate) fn glean(spec: &Path, out: Option<&Path>) -> ExitCode {
    let model = match model(spec) {
        Ok(model) => model,
        Err(code) => return code,
    };
    let export = match eventspec::interop::glean::export(&model) {
        Ok(export) => export,
        Err(errors) => return refused(spec, "Glean", &errors),
    };
    not_carried(&export.not_carried);
    match out {
        Some(path) => {
            let dir = path.parent().unwrap_or(Path::new("."));
            write_files(&[(PathBuf::from(path), export.metrics.as_bytes())], dir)
        }
        None => {
            let mut stdout = std::io::stdout().lock();
            match stdout
                .write_all(export.metrics.as_bytes())
                .and_then(|()| stdout.flush())
            {
                Ok(()) => ExitCode::SUCCESS,
                Err(error) => output_error(&error),
            }
        }
    }
}
