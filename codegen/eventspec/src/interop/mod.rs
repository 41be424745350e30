//! Other formats' definition files, both ways: Firefox's `Events.yaml` and `Scalars.yaml`
//! read into a spec ([`firefox_import`]) and written from one ([`firefox_export`]); Glean's
//! `metrics.yaml` written from one ([`glean`]).

pub mod firefox_export;
pub mod firefox_import;
pub mod glean;
mod yaml;
