//! The backends: pure functions of the [`crate::model`]. [`rust`] writes the typed API,
//! [`docs`] the documents, [`decode`] checks records against the model at run time, and
//! [`firefox`] writes Firefox's definition files.

pub mod decode;
#[cfg(feature = "docs")]
pub mod docs;
pub mod firefox;
pub mod rust;
