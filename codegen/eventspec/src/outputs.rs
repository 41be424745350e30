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

/// Every output of a checked spec: its Rust, then its docs rendered with `templates`.
///
/// The one place where work runs in parallel: on a large spec the Rust and each document are
/// written on threads of their own (each output still by one thread, so its bytes do not
/// depend on it), and collected in this fixed order.
#[cfg(feature = "docs")]
pub fn render(
    source: &Source,
    model: &Arc<Model>,
    templates: &crate::backend::docs::Templates,
) -> Result<Vec<Output>, crate::backend::docs::Error> {
    if model.event_count() < PARALLEL_FROM_EVENTS {
        let mut outputs = vec![rust(source, model)];
        outputs.extend(docs(source, model, templates)?);
        return Ok(outputs);
    }
    let spec = spec_name(source);
    std::thread::scope(|scope| {
        // The Rust starts first: it does not wait for the templates' context.
        let rust = scope.spawn(|| rust(source, model));
        let docs = docs_in_parallel(&templates.renderer(model, &spec)?);
        let mut outputs = vec![rust.join().expect("generating Rust does not panic")];
        outputs.extend(docs?);
        Ok(outputs)
    })
}

/// Each document of `renderer` on a thread of its own (the first on this one), in order.
#[cfg(feature = "docs")]
fn docs_in_parallel(
    renderer: &crate::backend::docs::Renderer,
) -> Result<Vec<Output>, crate::backend::docs::Error> {
    let names: Vec<&str> = renderer.documents().collect();
    let texts = std::thread::scope(|scope| {
        let others: Vec<_> = names[1..]
            .iter()
            .map(|name| scope.spawn(move || renderer.render(name)))
            .collect();
        let mut texts = vec![renderer.render(names[0])];
        texts.extend(
            others
                .into_iter()
                .map(|h| h.join().expect("rendering a document does not panic")),
        );
        texts
    });
    names
        .iter()
        .zip(texts)
        .map(|(name, text)| {
            Ok(Output {
                path: format!("docs/{name}"),
                text: text?,
            })
        })
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
    let stem = name
        .rsplit_once('.')
        .map_or(name.as_str(), |(stem, _)| stem);
    Output {
        path: format!("rust/{stem}.rs"),
        text: crate::backend::rust::generate(model, &name),
    }
}

/// The spec's file name, as generated headers name it (no directories: the same bytes on
/// every machine).
pub fn spec_name(source: &Source) -> String {
    Path::new(source.name()).file_name().map_or_else(
        || source.name().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}
