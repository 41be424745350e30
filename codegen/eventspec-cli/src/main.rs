//! The `eventspec` command.
//!
//! Exit codes: 0 success; 1 the input (spec or records) is invalid; 2 usage or I/O error.
#![forbid(unsafe_code)]

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use eventspec::Source;
use eventspec::backend::docs::Templates;
use eventspec::diagnostic::{Diagnostics, Severity};
use eventspec::model::Model;
use eventspec::write::Held;
use eventspec::{ExpiryCheck, LoadError};

mod decode;
mod diff;
mod export;
mod import;

/// The generator allocates millions of small strings and tree nodes and frees them together;
/// glibc's allocator spent much of `generate`'s time consolidating and unlinking chunks.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The default spec, relative to the working directory.
const DEFAULT_SPEC: &str = "spec/normandy.yaml";

#[derive(Parser)]
#[command(
    name = "eventspec",
    version,
    about = "Telemetry specs to typed Rust and docs"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check a spec: exit 0 when valid, 1 listing every problem.
    Check {
        /// The spec file (default: `spec/normandy.yaml`, when there is one here).
        spec: Option<PathBuf>,
        /// How to print diagnostics.
        #[arg(long, value_enum, default_value_t = MessageFormat::Human)]
        message_format: MessageFormat,
        /// Report items whose `expires` date has passed at this date (`YYYY-MM-DD`) as errors,
        /// and those expiring within `--warn-days` as warnings.
        #[arg(long, value_name = "DATE", value_parser = parse_day)]
        today: Option<i64>,
        /// Report items whose expiry version is this major version or older as errors, and
        /// those expiring within `--warn-versions` as warnings.
        #[arg(long, value_name = "N")]
        version: Option<u32>,
        /// With `--today`: warn about dates this many days ahead or fewer.
        #[arg(long, value_name = "DAYS", default_value_t = 30)]
        warn_days: u32,
        /// With `--version`: warn about versions this many ahead or fewer.
        #[arg(long, value_name = "N", default_value_t = 1)]
        warn_versions: u32,
    },
    /// Print the JSON Schema of the spec format, for editors (YAML language server).
    Schema,
    /// Read another format's definitions into a spec.
    Import {
        #[command(subcommand)]
        format: ImportFormat,
    },
    /// Write a spec in another format.
    Export {
        #[command(subcommand)]
        format: ExportFormat,
    },
    /// List the changes between two versions of a spec, each classified: breaking for
    /// recording code, breaking for data consumers, additive, or documentation only.
    Diff {
        /// The old spec: a path, or `REV:path` read from git (`v1.2:spec/normandy.yaml`).
        old: String,
        /// The new spec: a path, or `REV:path`.
        new: String,
        /// How to print the changes.
        #[arg(long, value_enum, default_value_t = MessageFormat::Human)]
        message_format: MessageFormat,
        /// Exit 1 when a change of this class is found (`breaking`: either kind).
        #[arg(long, value_enum, default_value_t = diff::FailOn::Never)]
        fail_on: diff::FailOn,
    },
    /// Generate Rust and docs from a spec into a directory (default `generated/`).
    Generate {
        /// The spec file (default: `spec/normandy.yaml`, when there is one here).
        spec: Option<PathBuf>,
        /// The output directory.
        #[arg(long, default_value = "generated")]
        out: PathBuf,
        /// Write nothing: exit 1 naming each file that is missing or differs.
        #[arg(long)]
        check: bool,
        /// A directory of templates (`data-collection.rst`, `data-collection.md`, partials)
        /// replacing the built-in ones of the same name.
        #[arg(long, value_name = "DIR")]
        templates: Option<PathBuf>,
    },
    /// Decode raw event records (JSON Lines) against a spec: one JSON result a record.
    ///
    /// Each line of FILE is one record as Firefox sends it,
    /// `[timestamp, category, method, object, value, {extras}]` (the value may be `null`, the
    /// extras left out), or an event of a Glean ping, `{"timestamp", "category", "name",
    /// "extra"}` (named as `export glean` names it; the legacy value is the extra `value`);
    /// blank lines are skipped. For each record, one line on standard output:
    /// `{"line":N,"ok":true,"event":"category.object.method","value":…,"extras":{…}}`, or
    /// `{"line":N,"ok":false,"error":"…"}`; a bad record never stops the rest.
    ///
    /// Exit status: 0 when every record is valid; 1 when any is rejected, or the spec is
    /// invalid; 2 for usage and I/O errors.
    Decode {
        /// The spec the records should follow (default: `spec/normandy.yaml`, when there is
        /// one here).
        spec: Option<PathBuf>,
        /// The records; standard input without it, or with `-`.
        file: Option<PathBuf>,
        /// Threads decoding (default: one per core). The output is in input order whatever
        /// the count.
        #[arg(short, long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
        jobs: Option<u16>,
    },
}

#[derive(Subcommand)]
enum ExportFormat {
    /// Firefox's `Events.yaml` and `Scalars.yaml`, listing what they cannot carry.
    Firefox {
        /// The spec file (default: `spec/normandy.yaml`, when there is one here).
        spec: Option<PathBuf>,
        /// The directory to write `Events.yaml` and `Scalars.yaml` into.
        #[arg(long)]
        out: PathBuf,
    },
    /// Glean's `metrics.yaml`: an `event` metric per event, listing what it cannot carry.
    Glean {
        /// The spec file (default: `spec/normandy.yaml`, when there is one here).
        spec: Option<PathBuf>,
        /// The file to write (default: standard output).
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
}

#[derive(Subcommand)]
enum ImportFormat {
    /// Firefox's `Events.yaml` (and `Scalars.yaml`): every fact they hold, each extra an
    /// optional string and each value optional and undescribed, for the team to sharpen.
    Firefox {
        /// The `Events.yaml` file.
        events: PathBuf,
        /// A `Scalars.yaml` file, whose probes become the spec's scalars.
        scalars: Option<PathBuf>,
        /// Import only this category of `Events.yaml` (repeatable; default: all).
        #[arg(long, value_name = "NAME")]
        category: Vec<String>,
        /// Write the spec to this file (default: standard output).
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum MessageFormat {
    /// rustc-style text with source snippets.
    Human,
    /// One JSON object per diagnostic, one per line.
    Json,
}

/// Exit status for invalid input.
pub(crate) const INVALID: u8 = 1;
/// Exit status for usage and I/O errors.
pub(crate) const USAGE: u8 = 2;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
            return ExitCode::from(if error.use_stderr() { USAGE } else { 0 });
        }
    };
    match cli.command {
        Command::Schema => schema(),
        Command::Diff {
            old,
            new,
            message_format,
            fail_on,
        } => diff::run(&old, &new, message_format, fail_on),
        Command::Check {
            spec,
            message_format,
            today,
            version,
            warn_days,
            warn_versions,
        } => with_spec("check", spec.as_deref(), |spec| {
            let expiry = ExpiryCheck {
                today,
                version,
                warn_days: i64::from(warn_days),
                warn_versions,
            };
            check(spec, message_format, &expiry)
        }),
        Command::Generate {
            spec,
            out,
            check,
            templates,
        } => with_spec("generate", spec.as_deref(), |spec| {
            generate(spec, &out, check, templates.as_deref())
        }),
        Command::Import {
            format:
                ImportFormat::Firefox {
                    events,
                    scalars,
                    category,
                    out,
                },
        } => import::firefox(&events, scalars.as_deref(), &category, out.as_deref()),
        Command::Export {
            format: ExportFormat::Firefox { spec, out },
        } => with_spec("export firefox", spec.as_deref(), |spec| {
            export::firefox(spec, &out)
        }),
        Command::Export {
            format: ExportFormat::Glean { spec, out },
        } => with_spec("export glean", spec.as_deref(), |spec| {
            export::glean(spec, out.as_deref())
        }),
        Command::Decode { spec, file, jobs } => with_spec("decode", spec.as_deref(), |spec| {
            decode::run(spec, file.as_deref(), jobs.map(usize::from))
        }),
    }
}

/// Runs `run` on the spec given to `command`, or the default one (see [`spec_path`]).
fn with_spec(
    command: &str,
    given: Option<&std::path::Path>,
    run: impl FnOnce(&std::path::Path) -> ExitCode,
) -> ExitCode {
    match spec_path(command, given) {
        Ok(spec) => run(&spec),
        Err(code) => code,
    }
}

/// The spec given, or else `spec/normandy.yaml` where there is one; else says what to do.
fn spec_path(command: &str, given: Option<&std::path::Path>) -> Result<PathBuf, ExitCode> {
    if let Some(path) = given {
        return Ok(path.to_path_buf());
    }
    let default = std::path::Path::new(DEFAULT_SPEC);
    if default.is_file() {
        return Ok(default.to_path_buf());
    }
    eprintln!(
        "error: no spec given, and there is no {DEFAULT_SPEC} here\n  \
         give the spec's path: `eventspec {command} path/to/spec.yaml`"
    );
    Err(ExitCode::from(USAGE))
}

/// Loads and checks a spec, printing diagnostics; the model (with the warnings and notes), or
/// the exit code to stop with.
pub(crate) fn load_and_check(
    path: &std::path::Path,
    format: MessageFormat,
    expiry: &ExpiryCheck,
) -> Result<(Source, Model, Diagnostics), ExitCode> {
    let source = load_source(path, format)?;
    let (model, diagnostics) = check_source(&source, format, expiry)?;
    Ok((source, model, diagnostics))
}

/// Reads the spec at `path`: a file that cannot be read exits 2, one that is not a spec at all
/// (not UTF-8, too large) prints why and exits 1.
pub(crate) fn load_source(
    path: &std::path::Path,
    format: MessageFormat,
) -> Result<Source, ExitCode> {
    match eventspec::load(path) {
        Ok(source) => Ok(source),
        Err(LoadError::Io { path, error }) => {
            eprintln!("error: cannot read {path}: {error}");
            Err(ExitCode::from(USAGE))
        }
        Err(LoadError::Invalid {
            text: source,
            diagnostic,
        }) => {
            let mut diagnostics = Diagnostics::default();
            diagnostics.push(*diagnostic);
            print_diagnostics(&source, &diagnostics, format)?;
            Err(ExitCode::from(INVALID))
        }
    }
}

/// Checks `source`, printing its diagnostics; the model, or exit 1 when it is invalid.
fn check_source(
    source: &Source,
    format: MessageFormat,
    expiry: &ExpiryCheck,
) -> Result<(Model, Diagnostics), ExitCode> {
    let checked = eventspec::check_with(source, expiry);
    print_diagnostics(source, &checked.diagnostics, format)?;
    match checked.model {
        Some(model) => Ok((model, checked.diagnostics)),
        None => Err(ExitCode::from(INVALID)),
    }
}

/// Prints the diagnostics; the exit code to stop with when they cannot be written (a full
/// disk or a closed pipe must not pass for a clean run).
pub(crate) fn print_diagnostics(
    source: &Source,
    diagnostics: &Diagnostics,
    format: MessageFormat,
) -> Result<(), ExitCode> {
    let written = match format {
        MessageFormat::Human => std::io::stderr()
            .lock()
            .write_all(diagnostics.render(source).as_bytes()),
        MessageFormat::Json => {
            let mut out = std::io::stdout().lock();
            diagnostics
                .sorted()
                .into_iter()
                .try_for_each(|d| writeln!(out, "{}", d.to_json(source)))
                .and_then(|()| writeln!(out, "{}", diagnostics.summary_json(source)))
                .and_then(|()| out.flush())
        }
    };
    written.map_err(|error| output_error(&error))
}

/// Reports that standard output (or error) could not be written: a usage or I/O problem.
pub(crate) fn output_error(error: &std::io::Error) -> ExitCode {
    eprintln!("error: cannot write the output: {error}");
    ExitCode::from(USAGE)
}

/// Prints the spec format's JSON Schema.
fn schema() -> ExitCode {
    let text = serde_json::to_string_pretty(&eventspec::schema()).unwrap_or_default();
    match writeln!(std::io::stdout().lock(), "{text}") {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => output_error(&error),
    }
}

/// A `--today` date: its days since 1970-01-01.
fn parse_day(date: &str) -> Result<i64, String> {
    ExpiryCheck::day(date).ok_or_else(|| format!("`{date}` is not a date (YYYY-MM-DD)"))
}

fn check(spec: &std::path::Path, format: MessageFormat, expiry: &ExpiryCheck) -> ExitCode {
    match load_and_check(spec, format, expiry) {
        Ok((source, _, d)) => {
            if let MessageFormat::Human = format {
                let (warnings, notes) = (d.count(Severity::Warning), d.count(Severity::Note));
                eprintln!(
                    "{}: ok ({warnings} warning{}, {notes} note{})",
                    source.name(),
                    plural(warnings),
                    plural(notes)
                );
            }
            ExitCode::SUCCESS
        }
        Err(code) => code,
    }
}

/// A path as a shell argument: quoted when it holds anything but plain characters.
fn shown(path: &std::path::Path) -> String {
    let text = path.display().to_string();
    if text
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "/._-".contains(c))
    {
        text
    } else {
        format!("'{}'", text.replace('\'', "'\\''"))
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn generate(
    spec: &std::path::Path,
    out: &std::path::Path,
    check_only: bool,
    templates_dir: Option<&std::path::Path>,
) -> ExitCode {
    let templates = match templates_dir.map(Templates::with_dir).transpose() {
        Ok(templates) => templates.unwrap_or_default(),
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::from(USAGE);
        }
    };
    let (source, model, _) =
        match load_and_check(spec, MessageFormat::Human, &ExpiryCheck::default()) {
            Ok(loaded) => loaded,
            Err(code) => return code,
        };
    let model = std::sync::Arc::new(model);
    // Past checking, the outputs need the spec's name only: its text (up to 16 MiB) goes
    // before they are rendered.
    let source = {
        let name = source.name().to_string();
        drop(source);
        Source::new(name, String::new())
    };
    // Each output is written as it is rendered: to a temporary file beside it, or, with
    // `--check`, compared with the file on disk. None is whole in memory.
    let failed = |error: eventspec::backend::docs::Error| {
        if let eventspec::backend::docs::Error::Template { .. } = error {
            // A template is an input like the spec: a broken one is invalid input.
            eprintln!("error: {error}");
            return ExitCode::from(INVALID);
        }
        eprintln!(
            "error: cannot write the outputs into {}: {error}",
            out.display()
        );
        ExitCode::from(USAGE)
    };
    if check_only {
        let open = |path: &str| Ok(eventspec::write::Compare::new(&out.join(path)));
        let compared = match eventspec::outputs::render_to(&source, &model, &templates, &open) {
            Ok(compared) => compared,
            Err(error) => return failed(error),
        };
        let total = compared.len();
        let mut outdated = 0;
        for (path, mut compare) in compared {
            let state = match compare.held() {
                Held::Same => continue,
                Held::Differs => "stale",
                Held::Missing => "missing",
            };
            eprintln!("{state}: {}", out.join(&path).display());
            outdated += 1;
        }
        if outdated > 0 {
            let mut command = format!("eventspec generate {} --out {}", shown(spec), shown(out));
            if let Some(dir) = templates_dir {
                command.push_str(&format!(" --templates {}", shown(dir)));
            }
            eprintln!("to write them: {command}");
            return ExitCode::from(INVALID);
        }
        eprintln!("{total} generated files are current");
        return ExitCode::SUCCESS;
    }
    let stager = eventspec::write::Stager::default();
    let open = |path: &str| stager.stage(&out.join(path));
    let staged = match eventspec::outputs::render_to(&source, &model, &templates, &open) {
        Ok(staged) => staged,
        Err(error) => {
            stager.abandon();
            return failed(error);
        }
    };
    // Every output is written in full before any is put in place, and then all are replaced
    // or none: a failure leaves the old ones intact.
    let (paths, staged): (Vec<_>, Vec<_>) = staged
        .into_iter()
        .map(|(path, staged)| (out.join(path), staged))
        .unzip();
    let written = eventspec::write::commit(staged);
    if written.is_err() {
        stager.abandon();
    }
    report_written(written, &paths, out)
}

/// Names each output written (`paths`) and what was done to it; or the error, exit 2.
fn report_written(
    written: std::io::Result<Vec<eventspec::write::Written>>,
    paths: &[impl AsRef<std::path::Path>],
    out: &std::path::Path,
) -> ExitCode {
    match written {
        Ok(written) => {
            for (path, written) in paths.iter().zip(written) {
                eprintln!("{written:?}: {}", path.as_ref().display());
            }
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!(
                "error: cannot write the outputs into {}: {error}",
                out.display()
            );
            ExitCode::from(USAGE)
        }
    }
}

/// Writes `files` all or none (`eventspec::write::write_all`), naming each and whether it
/// changed; a file that cannot be written is a usage or I/O problem.
pub(crate) fn write_files(files: &[(PathBuf, &[u8])], out: &std::path::Path) -> ExitCode {
    let paths: Vec<&PathBuf> = files.iter().map(|(path, _)| path).collect();
    report_written(eventspec::write::write_all(files), &paths, out)
}
