//! Every file generated from one spec, with its path relative to the output directory.
//! The one place that decides what `eventspec generate` writes and `--check` compares.

use crate::builder::spec_name;
use crate::model::Model;
use crate::source::Source;

/// One generated file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Output {
    /// Path relative to the output directory (`rust/normandy.rs`).
    pub path: String,
    /// Its bytes.
    pub text: String,
}

/// Every output of a checked spec.
pub fn render(source: &Source, model: &Model) -> Vec<Output> {
    let name = spec_name(source);
    let stem = name
        .rsplit_once('.')
        .map_or(name.as_str(), |(stem, _)| stem);
    vec![Output {
        path: format!("rust/{stem}.rs"),
        text: crate::rust::generate(model, &name),
    }]
}
