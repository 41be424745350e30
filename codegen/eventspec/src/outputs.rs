//! Every file generated from one spec, with its path relative to the output directory.
//! The one place that decides what `eventspec generate` writes, what `--check` compares and
//! what the build script writes.

use std::path::Path;

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

/// Every output of a checked spec: its Rust, then its docs rendered with `templates`.
#[cfg(feature = "docs")]
pub fn render(
    source: &Source,
    model: &Model,
    templates: &crate::backend::docs::Templates,
) -> Result<Vec<Output>, crate::backend::docs::Error> {
    let mut outputs = vec![rust(source, model)];
    outputs.extend(docs(source, model, templates)?);
    Ok(outputs)
}

/// The docs outputs: `docs/<template name>` for each document template.
#[cfg(feature = "docs")]
pub fn docs(
    source: &Source,
    model: &Model,
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
