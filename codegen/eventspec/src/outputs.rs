//! Every file generated from one spec, with its path relative to the output directory.
//! The one place that decides what `eventspec generate` writes, what `--check` compares and
//! what the build script writes.

use std::path::Path;
#[cfg(feature = "docs")]
use std::sync::Arc;

use crate::front::source::Source;
use crate::model::Model;

/// One generated file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Output {
    /// Path relative to the output directory (`rust/normandy.rs`).
    pub path: String,
    /// Its text.
    pub text: String,
}

/// From how many events a spec's outputs are written side by side, one thread each. Measured
/// on the realistic synthetic spec (BENCHMARKS.md): below this a thread costs about what it
/// saves.
#[cfg(feature = "docs")]
const PARALLEL_FROM_EVENTS: usize = 300;

/// Every output of a checked spec, each written as it is rendered to the sink that `open`
/// gives for its path (relative to the output directory): its Rust, then its docs. Returns
/// each path with its sink, in that order. A large spec's outputs need not be whole in
/// memory: `eventspec generate` writes them straight to their temporary files.
///
/// The one place where work runs in parallel: on a large spec the Rust and each document are
/// written on threads of their own (each output still by one thread, so its bytes do not
/// depend on it), and collected in this fixed order.
#[cfg(feature = "docs")]
pub fn render_to<W: std::io::Write + Send>(
    source: &Source,
    model: &Arc<Model>,
    templates: &crate::backend::docs::Templates,
    open: &(dyn Fn(&str) -> std::io::Result<W> + Sync),
) -> Result<Vec<(String, W)>, crate::backend::docs::Error> {
    use crate::backend::docs::Error;
    let spec = spec_name(source);
    let renderer = templates.renderer(model, &spec)?;
    let documents: Vec<&str> = renderer.documents().collect();
    let mut paths = vec![rust_path(&spec)];
    paths.extend(documents.iter().map(|name| format!("docs/{name}")));
    let write = |i: usize| -> Result<W, Error> {
        let failed = |e: std::io::Error| Error::Write {
            path: paths[i].clone(),
            cause: e.to_string(),
        };
        let mut sink = open(&paths[i]).map_err(failed)?;
        match i {
            0 => crate::backend::rust::generate_to(model, &spec, &mut sink).map_err(failed)?,
            _ => renderer
                .render_to(documents[i - 1], &mut sink)
                .map_err(|e| match e {
                    Error::Write { cause, .. } => Error::Write {
                        path: paths[i].clone(),
                        cause,
                    },
                    e => e,
                })?,
        }
        sink.flush().map_err(failed)?;
        Ok(sink)
    };
    let sinks: Vec<Result<W, Error>> = if model.event_count() < PARALLEL_FROM_EVENTS {
        (0..paths.len()).map(write).collect()
    } else {
        std::thread::scope(|scope| {
            let write = &write;
            // Each output but the last on a thread of its own, the last on this one.
            let others: Vec<_> = (0..paths.len() - 1)
                .map(|i| scope.spawn(move || write(i)))
                .collect();
            let last = write(paths.len() - 1);
            let mut sinks: Vec<_> = others
                .into_iter()
                .map(|h| h.join().expect("rendering an output does not panic"))
                .collect();
            sinks.push(last);
            sinks
        })
    };
    paths
        .into_iter()
        .zip(sinks)
        .map(|(path, sink)| Ok((path, sink?)))
        .collect()
}

/// The docs outputs: `docs/<template name>` for each document template.
#[cfg(feature = "docs")]
pub fn docs(
    source: &Source,
    model: &Arc<Model>,
    templates: &crate::backend::docs::Templates,
) -> Result<Vec<Output>, crate::backend::docs::Error> {
    Ok(templates
        .render(model, &spec_name(source))?
        .into_iter()
        .map(|(name, text)| Output {
            path: format!("docs/{name}"),
            text,
        })
        .collect())
}

/// The Rust output: `rust/<stem>.rs`.
pub fn rust(source: &Source, model: &Model) -> Output {
    let name = spec_name(source);
    Output {
        path: rust_path(&name),
        text: crate::backend::rust::generate(model, &name),
    }
}

/// Where the Rust of the spec named `spec` goes: `rust/<stem>.rs`.
fn rust_path(spec: &str) -> String {
    let stem = spec.rsplit_once('.').map_or(spec, |(stem, _)| stem);
    format!("rust/{stem}.rs")
}

/// The spec's file name, as generated headers name it (no directories: the same bytes on
/// every machine).
pub fn spec_name(source: &Source) -> String {
    Path::new(source.name()).file_name().map_or_else(
        || source.name().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}
