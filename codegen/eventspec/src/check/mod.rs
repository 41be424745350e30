//! Checking: what the spec means. `validate` resolves the spec as written into the
//! [`crate::model`], reporting every problem; `lints` names Firefox's limits a spec may waive;
//! `names` decides every Rust identifier once; `metadata` checks and inherits the metadata keys.

pub(crate) mod lints;
pub(crate) mod metadata;
pub(crate) mod names;
pub(crate) mod validate;
