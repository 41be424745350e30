//! The backends: pure functions of the [`crate::model`]. [`rust`] writes the typed API,
//! [`docs`] the documents, and [`decode`] checks records against the model at run time.
//! Other formats' files, both ways, are [`crate::interop`]'s.

pub mod decode;
#[cfg(feature = "docs")]
pub mod docs;
pub mod rust;
