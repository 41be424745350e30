//! `eventspec import firefox EVENTS_YAML [SCALARS_YAML] [--category NAME]... [--out FILE]`:
//! a spec from Firefox's definition files (`eventspec::interop::firefox_import`), on standard
//! output or written to FILE; nothing at all when a file has a problem.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::{INVALID, MessageFormat, load_source, output_error, print_diagnostics, write_files};

/// Imports `events` (and `scalars`), of the categories in `only` (all when empty).
pub(crate) fn firefox(
    events: &Path,
    scalars: Option<&Path>,
    only: &[String],
    out: Option<&Path>,
) -> ExitCode {
    let events = match load_source(events, MessageFormat::Human) {
        Ok(source) => source,
        Err(code) => return code,
    };
    let scalars = match scalars.map(|p| load_source(p, MessageFormat::Human)) {
        Some(Ok(source)) => Some(source),
        Some(Err(code)) => return code,
        None => None,
    };
    let spec = match eventspec::interop::firefox_import::import(&events, scalars.as_ref(), only) {
        Ok(spec) => spec,
        Err(problems) => {
            for p in &problems {
                if let Err(code) =
                    print_diagnostics(&p.source, &p.diagnostics, MessageFormat::Human)
                {
                    return code;
                }
            }
            return ExitCode::from(INVALID);
        }
    };
    match out {
        Some(path) => {
            let dir = path.parent().unwrap_or(Path::new("."));
            write_files(&[(PathBuf::from(path), spec.as_bytes())], dir)
        }
        None => {
            let mut stdout = std::io::stdout().lock();
            match stdout
                .write_all(spec.as_bytes())
                .and_then(|()| stdout.flush())
            {
                Ok(()) => ExitCode::SUCCESS,
                Err(error) => output_error(&error),
            }
        }
    }
}
