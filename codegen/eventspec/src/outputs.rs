//! Every file generated from one spec, with its path relative to the output directory.
//! The one place that decides what `eventspec generate` writes, what `--check` compares and
//! what the build script writes.

use std::path::Path;

use crate::model::Model;
use crate::source::Source;

/// One generated file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Output {
    /// Path relative to the output directory (`rust/normandy.rs`).
    pub path: String,
    /// Its text, in pieces that follow one another: the Rust of a large spec is written in
    /// parts on several threads, and written out without being joined in memory first.
    pub pieces: Vec<String>,
}

impl Output {
    /// Whether `bytes` are this output's.
    pub fn is(&self, bytes: &[u8]) -> bool {
        crate::write::holds(bytes, &self.pieces)
    }
}

/// Every output of a checked spec: its Rust, then its docs rendered with `templates`.
#[cfg(feature = "docs")]
pub fn render(
    source: &Source,
    model: &Model,
    templates: &crate::docs::Templates,
) -> Result<Vec<Output>, crate::docs::Error> {
    // The Rust and the docs are independent: they are written side by side (the docs
    // themselves on two threads), and joined in a fixed order.
    std::thread::scope(|scope| {
        let rust = scope.spawn(|| rust(source, model));
        let docs = docs(source, model, templates);
        let mut outputs = vec![rust.join().expect("generating Rust does not panic")];
        outputs.extend(docs?);
        Ok(outputs)
    })
}

/// The docs outputs: `docs/<template name>` for each document template.
#[cfg(feature = "docs")]
pub fn docs(
    source: &Source,
    model: &Model,
    templates: &crate::docs::Templates,
) -> Result<Vec<Output>, crate::docs::Error> {
    Ok(templates
        .render(model, &spec_name(source))?
        .into_iter()
        .map(|(name, text)| Output {
            path: format!("docs/{name}"),
            pieces: vec![text],
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
        pieces: crate::rust::generate_pieces(model, &name),
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
