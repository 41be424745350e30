//! Running the built `eventspec` binary the way a user does.

// Each test crate uses part of these helpers.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The workspace root, where `spec/normandy.yaml` is.
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Runs `eventspec ARGS` in `dir`.
pub fn eventspec(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_eventspec"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run eventspec")
}
