//! The front end: spec text ([`source`]) parsed into a located YAML tree (`yaml`), read into the
//! spec as written (`spec`, through `read`'s collecting reader, against `format`'s table of
//! every mapping and key, which `eventspec schema` also writes out). Every structural problem is
//! a diagnostic; nothing here knows what the spec means.

pub mod source;

pub(crate) mod format;
pub(crate) mod indent;
pub(crate) mod read;
pub(crate) mod spec;
pub(crate) mod yaml;
