#!/usr/bin/env bash
# The test suite: everything a change must keep green.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo test --workspace --locked
