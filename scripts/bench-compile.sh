#!/usr/bin/env bash
# What a downstream crate pays for the generated Rust (issue #19), against glean_parser's Rust
# for the same events, in one run:
#
# - size: bytes of generated Rust per event, both tools;
# - clean `cargo check` of a library crate that includes the generated file (its dependencies,
#   eventspec-runtime or a stub `glean` crate, already built): median of RUNS, interleaved;
# - incremental `cargo build` after editing one event's description, through the build-script
#   route (`build.rs` calls `eventspec::Builder`, so the wait includes regenerating): median
#   of RUNS.
#
# The stub `glean` crate has exactly the items glean_parser's output names, with empty bodies:
# it measures the generated code, not Glean.
# Usage: scripts/bench-compile.sh [N]   (default 1000 events, realistic style; RUNS=5)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
n=${1:-1000}
runs=${RUNS:-5}

source scripts/glean-venv.sh
cargo build --release --locked -q -p eventspec-cli -p eventspec-synth

work=$(mktemp -d)
if [[ -z ${KEEP:-} ]]; then trap 'rm -rf "$work"' EXIT; else echo "work: $work"; fi
target/release/eventspec-synth "$n" --style realistic --out "$work"
target/release/eventspec generate "$work/spec.yaml" --out "$work/gen" >/dev/null
"$venv/bin/glean_parser" translate -f rust -o "$work/glean-gen" "$work/metrics.yaml" >/dev/null 2>&1

# One workspace, so both crates share a lock file (the repository's) and a target directory.
mkdir -p "$work/ws/ours/src" "$work/ws/theirs/src" "$work/ws/glean/src" "$work/ws/incremental/src"
cp Cargo.lock "$work/ws/Cargo.lock"
cat >"$work/ws/Cargo.toml" <<EOF
[workspace]
members = ["ours", "theirs", "glean", "incremental"]
resolver = "3"
EOF
cat >"$work/ws/ours/Cargo.toml" <<EOF
[package]
name = "ours"
version = "0.0.0"
edition = "2024"
[dependencies]
eventspec-runtime = { path = "$root/runtime" }
EOF
cp "$work/gen/rust/spec.rs" "$work/ws/ours/src/spec.rs"
echo 'include!("spec.rs");' >"$work/ws/ours/src/lib.rs"
cat >"$work/ws/theirs/Cargo.toml" <<EOF
[package]
name = "theirs"
version = "0.0.0"
edition = "2024"
[dependencies]
glean = { path = "../glean" }
EOF
cp "$work/glean-gen/glean_metrics.rs" "$work/ws/theirs/src/glean_metrics.rs"
echo 'include!("glean_metrics.rs");' >"$work/ws/theirs/src/lib.rs"
cat >"$work/ws/glean/Cargo.toml" <<EOF
[package]
name = "glean"
version = "0.0.0"
edition = "2024"
EOF
cat >"$work/ws/glean/src/lib.rs" <<'EOF'
//! The items glean_parser's Rust names, with empty bodies.
use std::collections::HashMap;
pub mod traits {
    pub trait ExtraKeys {
        const ALLOWED_KEYS: &'static [&'static str];
        fn into_ffi_extra(self) -> std::collections::HashMap<String, String>;
    }
    pub struct NoExtraKeys;
    impl ExtraKeys for NoExtraKeys {
        const ALLOWED_KEYS: &'static [&'static str] = &[];
        fn into_ffi_extra(self) -> std::collections::HashMap<String, String> {
            std::collections::HashMap::new()
        }
    }
}
#[derive(Default, Debug, Clone)]
pub enum Lifetime { #[default] Ping, Application, User }
#[derive(Default, Debug, Clone)]
pub struct CommonMetricData {
    pub name: String,
    pub category: String,
    pub send_in_pings: Vec<String>,
    pub lifetime: Lifetime,
    pub disabled: bool,
    pub dynamic_label: Option<String>,
    pub in_session: bool,
}
pub enum HistogramType { Linear, Exponential }
pub struct LabeledMetricData;
pub enum TimeUnit { Millisecond }
pub enum MemoryUnit { Byte }
pub mod private {
    use super::*;
    pub mod __export {
        pub type Lazy<T> = std::sync::LazyLock<T>;
    }
    pub struct EventMetric<K> { pub meta: CommonMetricData, extra: std::marker::PhantomData<K> }
    impl<K: traits::ExtraKeys> EventMetric<K> {
        pub fn new(meta: CommonMetricData) -> Self { Self { meta, extra: std::marker::PhantomData } }
        pub fn record(&self, extra: Option<K>) -> HashMap<String, String> {
            extra.map(K::into_ffi_extra).unwrap_or_default()
        }
    }
}
EOF
cat >"$work/ws/incremental/Cargo.toml" <<EOF
[package]
name = "incremental"
version = "0.0.0"
edition = "2024"
[dependencies]
eventspec-runtime = { path = "$root/runtime" }
[build-dependencies]
eventspec = { path = "$root/codegen/eventspec" }
EOF
cp "$work/spec.yaml" "$work/ws/incremental/spec.yaml"
cat >"$work/ws/incremental/build.rs" <<'EOF'
fn main() {
    eventspec::Builder::new().spec("spec.yaml").generate().expect("a valid spec");
}
EOF
echo 'include!(concat!(env!("OUT_DIR"), "/spec.rs"));' >"$work/ws/incremental/src/lib.rs"

export CARGO_TARGET_DIR=$work/ws/target
cd "$work/ws"
cargo build --offline -q -p incremental 2>/dev/null || cargo build -q -p incremental
cargo check -q -p ours -p theirs

now_ms() { echo "${EPOCHREALTIME/./}" | sed 's/...$//'; }
median() { sort -n | sed -n "$(( (runs + 1) / 2 ))p"; }

ours=() theirs=()
for _ in $(seq "$runs"); do
    for crate in ours theirs; do
        cargo clean -q -p "$crate"
        start=$(now_ms)
        cargo check -q -p "$crate"
        end=$(now_ms)
        if [[ $crate == ours ]]; then ours+=($((end - start))); else theirs+=($((end - start))); fi
    done
done

incremental=()
for i in $(seq "$runs"); do
    # One event's description changes (a different word each run), nothing else.
    sed -i "0,/Recorded when the client/s//Recorded (edit $i) when the client/" incremental/spec.yaml
    start=$(now_ms)
    cargo build -q -p incremental
    end=$(now_ms)
    incremental+=($((end - start)))
done

ours_size=$(stat -c %s "$work/gen/rust/spec.rs")
theirs_size=$(stat -c %s "$work/glean-gen/glean_metrics.rs")
ours_check=$(printf '%s\n' "${ours[@]}" | median)
theirs_check=$(printf '%s\n' "${theirs[@]}" | median)
printf 'events: %s (realistic style), runs: %s\n' "$n" "$runs"
printf '%-40s %14s %14s\n' "" eventspec glean_parser
printf '%-40s %14s %14s\n' "generated Rust (bytes)" "$ours_size" "$theirs_size"
printf '%-40s %14s %14s\n' "bytes per event" "$((ours_size / n))" "$((theirs_size / n))"
printf '%-40s %14s %14s\n' "clean cargo check (ms, median)" "$ours_check" "$theirs_check"
printf '%-40s %14s\n' "incremental cargo build (ms, median)" "$(printf '%s\n' "${incremental[@]}" | median)"
printf 'all check runs (ms): eventspec %s; glean_parser %s; incremental %s\n' \
    "${ours[*]}" "${theirs[*]}" "${incremental[*]}"
