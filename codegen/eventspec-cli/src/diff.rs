//! `eventspec diff OLD NEW`: the changes between two versions of a spec, each classified
//! (`eventspec::diff`), located in both files; `--fail-on breaking` makes a CI job gate on them.

use std::collections::HashMap;
use std::io::Write;
use std::process::{Command, ExitCode};

use std::path::Path;

use eventspec::Source;
use eventspec::diff::{Change, Class};
use eventspec::model::{ExtraKind, Model};

use crate::{INVALID, MessageFormat, USAGE, load_source, output_error};

/// When `diff` exits 1.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum FailOn {
    /// Never: a report only.
    Never,
    /// When a change breaks recording code or data consumers.
    Breaking,
}

/// Compares the specs `old` and `new` (each a path, or `REV:path` read from git).
pub(crate) fn run(old: &str, new: &str, format: MessageFormat, fail_on: FailOn) -> ExitCode {
    // Each spec's text goes once its places are known: two specs of 16 MiB and their models
    // would otherwise be held at once.
    let (old_places, old_model) = match load(old, true) {
        Ok((source, model)) => (Places::of(&source, &model), model),
        Err(code) => return code,
    };
    let (new_places, new_model) = match load(new, false) {
        Ok((source, model)) => (Places::of(&source, &model), model),
        Err(code) => return code,
    };
    let changes = eventspec::diff::diff(&old_model, &new_model);
    let written = match format {
        MessageFormat::Human => human(&changes, &old_places, &new_places),
        MessageFormat::Json => json(&changes, &old_places, &new_places),
    };
    if let Err(error) = written {
        return output_error(&error);
    }
    let breaking = changes.iter().any(|c| c.class.is_breaking());
    if fail_on == FailOn::Breaking && breaking {
        ExitCode::from(INVALID)
    } else {
        ExitCode::SUCCESS
    }
}

/// A spec read from a file or from git (`REV:path`), and its model; an invalid spec prints its
/// diagnostics and exits 1, an unreadable one exits 2.
fn load(arg: &str, old: bool) -> Result<(Source, Model), ExitCode> {
    let path = Path::new(arg);
    let source = if path.exists() || !arg.contains(':') {
        load_source(path, MessageFormat::Human)?
    } else {
        from_git(arg)?
    };
    // A report of changes, not of the specs: their warnings and notes are `check`'s to print.
    // The old version may break rules added since, and still be compared.
    let checked = if old {
        eventspec::check_old(&source)
    } else {
        eventspec::check(&source)
    };
    if old && checked.model.is_some() && checked.diagnostics.has_errors() {
        eprintln!(
            "note: {} breaks {} rule{} of this version of eventspec (`eventspec check` lists them); compared as written",
            source.name(),
            checked.diagnostics.error_count(),
            if checked.diagnostics.error_count() == 1 {
                ""
            } else {
                "s"
            }
        );
    }
    match checked.model {
        Some(model) => Ok((source, model)),
        None => {
            eprint!("{}", checked.diagnostics.render(&source));
            eprintln!(
                "error: {} is not a valid spec: nothing to compare",
                source.name()
            );
            Err(ExitCode::from(INVALID))
        }
    }
}

/// The spec `git show REV:path` prints.
fn from_git(arg: &str) -> Result<Source, ExitCode> {
    let output = match Command::new("git").args(["show", arg]).output() {
        Ok(output) => output,
        Err(error) => {
            eprintln!("error: cannot run git to read {arg}: {error}");
            return Err(ExitCode::from(USAGE));
        }
    };
    if !output.status.success() {
        let why = String::from_utf8_lossy(&output.stderr);
        eprintln!("error: cannot read {arg} from git: {}", why.trim());
        return Err(ExitCode::from(USAGE));
    }
    match String::from_utf8(output.stdout) {
        Ok(text) => Ok(Source::new(arg, text)),
        Err(_) => {
            eprintln!("error: {arg} is not UTF-8");
            Err(ExitCode::from(INVALID))
        }
    }
}

/// Where each item of a spec's model is written (`file:line:column`), by the start of its
/// span: what the report names, without the spec's text.
struct Places {
    name: String,
    at: HashMap<usize, (usize, usize)>,
}

impl Places {
    fn of(source: &Source, model: &Model) -> Places {
        let mut starts: Vec<usize> = Vec::new();
        for s in model.uptake.iter().flat_map(|u| &u.sources) {
            starts.push(s.span.start);
            starts.extend(s.statuses.iter().map(|st| st.span.start));
        }
        starts.extend(model.scalars.iter().map(|s| s.span.start));
        for e in model.all_events() {
            starts.push(e.span.start);
            for x in &e.extras {
                starts.push(x.span.start);
                if let ExtraKind::Enum { values, .. } = &x.kind {
                    starts.extend(values.iter().map(|v| v.span.start));
                }
            }
        }
        Places {
            name: source.name().to_string(),
            at: starts
                .into_iter()
                .map(|start| (start, source.line_col(start)))
                .collect(),
        }
    }

    fn at(&self, span: Option<eventspec::Span>) -> Option<String> {
        let (line, column) = self.at.get(&span?.start)?;
        Some(format!("{}:{line}:{column}", self.name))
    }
}

fn human(changes: &[Change], old: &Places, new: &Places) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    for c in changes {
        writeln!(out, "{}[{}]: {}", c.class.as_str(), c.kind, c.message)?;
        if let Some(place) = old.at(c.old) {
            writeln!(out, "  --> old: {place}")?;
        }
        if let Some(place) = new.at(c.new) {
            writeln!(out, "  --> new: {place}")?;
        }
    }
    let count = |class| changes.iter().filter(|c| c.class == class).count();
    writeln!(
        out,
        "{} change{}: {} breaking for recording code, {} breaking for data consumers, {} additive, {} documentation",
        changes.len(),
        if changes.len() == 1 { "" } else { "s" },
        count(Class::BreakingCode),
        count(Class::BreakingData),
        count(Class::Additive),
        count(Class::Docs)
    )?;
    out.flush()
}

fn json(changes: &[Change], old: &Places, new: &Places) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    for c in changes {
        let line = serde_json::json!({
            "class": c.class,
            "kind": c.kind,
            "message": c.message,
            "old": old.at(c.old),
            "new": new.at(c.new),
        });
        writeln!(out, "{line}")?;
    }
    let count = |class| changes.iter().filter(|c| c.class == class).count();
    let summary = serde_json::json!({"summary": {
        "changes": changes.len(),
        "breaking-code": count(Class::BreakingCode),
        "breaking-data": count(Class::BreakingData),
        "additive": count(Class::Additive),
        "docs": count(Class::Docs),
    }});
    writeln!(out, "{summary}")?;
    out.flush()
}
