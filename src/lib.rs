//! Typed API for Firefox Normandy's telemetry, generated from `spec/normandy.yaml` by the build
//! script. Code that records an event the spec does not allow does not compile; records from the
//! field decode back into these types or are rejected with a precise reason.
//!
//! The same code is checked in at `generated/rust/normandy.rs` for reading and review.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub use eventspec_runtime::{DecodeError, EncodeError, RawEvent, Uuid};

include!(concat!(env!("OUT_DIR"), "/normandy.rs"));
