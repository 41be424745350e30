//! `eventspec export firefox [SPEC] --out DIR`: Firefox's `Events.yaml` and `Scalars.yaml` for
//! a spec (`eventspec::interop::firefox_export`), written together or not at all; what the files cannot
//! carry is listed.

use std::path::Path;
use std::process::ExitCode;

use eventspec::ExpiryCheck;

use crate::{INVALID, MessageFormat, load_and_check, write_files};

/// Writes `DIR/Events.yaml` and `DIR/Scalars.yaml` for the spec at `spec`.
pub(crate) fn firefox(spec: &Path, out: &Path) -> ExitCode {
    let (_, model, _) = match load_and_check(spec, MessageFormat::Human, &ExpiryCheck::default()) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    let export = match eventspec::interop::firefox_export::export(&model) {
        Ok(export) => export,
        Err(errors) => {
            for error in &errors {
                eprintln!("error: {error}");
            }
            eprintln!(
                "error: {} cannot be exported for Firefox: {} problem{}",
                spec.display(),
                errors.len(),
                if errors.len() == 1 { "" } else { "s" }
            );
            return ExitCode::from(INVALID);
        }
    };
    for fact in &export.not_carried {
        eprintln!("not carried: {fact}");
    }
    let files = [
        (out.join("Events.yaml"), export.events.as_bytes()),
        (out.join("Scalars.yaml"), export.scalars.as_bytes()),
    ];
    write_files(&files, out)
}
