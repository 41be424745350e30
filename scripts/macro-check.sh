#!/usr/bin/env bash
# The proc-macro front end as a downstream crate sees it:
#  1. a clean `cargo build` (offline, pinned by a copy of the workspace lock file) of a small crate using include_spec! beside one using the build
#     script (eventspec::Builder): seconds and number of crates compiled, each with a fresh
#     target directory;
#  2. recompilation: an unchanged spec does not recompile the crate; an edited spec does; a
#     broken spec fails with the spec's line and column; fixing it is picked up.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# make_crate NAME DEPENDENCIES: a crate with Normandy's spec and the workspace's lock file.
make_crate() {
    mkdir -p "$work/$1/src" "$work/$1/spec"
    cp "$root/spec/normandy.yaml" "$work/$1/spec/"
    cp "$root/Cargo.lock" "$work/$1/"
    printf '[package]\nname = "%s"\nversion = "0.1.0"\nedition = "2024"\n%s\n' "$1" "$2" \
        > "$work/$1/Cargo.toml"
}

make_crate with-macro "[dependencies]
eventspec-macros = { path = \"$root/codegen/eventspec-macros\" }
eventspec-runtime = { path = \"$root/runtime\" }"
cat > "$work/with-macro/src/lib.rs" <<'RS'
eventspec_macros::include_spec!("spec/normandy.yaml");
pub fn status() -> RunnerStatus { RunnerStatus::Success }
RS

make_crate with-build-script "[dependencies]
eventspec-runtime = { path = \"$root/runtime\" }
[build-dependencies]
eventspec = { path = \"$root/codegen/eventspec\", default-features = false }"
cat > "$work/with-build-script/build.rs" <<'RS'
fn main() {
    if let Err(e) = eventspec::Builder::new().spec("spec/normandy.yaml").generate() {
        for line in e.to_string().lines() { println!("cargo::error={line}"); }
        std::process::exit(1);
    }
}
RS
cat > "$work/with-build-script/src/lib.rs" <<'RS'
include!(concat!(env!("OUT_DIR"), "/normandy.rs"));
pub fn status() -> RunnerStatus { RunnerStatus::Success }
RS

echo "== clean builds (debug, fresh target directory each)"
for crate in with-macro with-build-script; do
    cd "$work/$crate"
    start=$(date +%s.%N)
    log=$(cargo build --offline 2>&1) || { echo "$log"; exit 1; }
    end=$(date +%s.%N)
    printf '%-18s %6.1f s, %d crates compiled\n' "$crate" "$(echo "$end - $start" | bc)" \
        "$(grep -c '^ *Compiling' <<<"$log")"
done

echo "== recompilation with include_spec!"
cd "$work/with-macro"
recompiles() { local log; log=$(cargo build --offline -v 2>&1) || return 2; grep -q "Running .*--crate-name with_macro" <<<"$log"; }
if recompiles; then echo "FAIL: an unchanged spec recompiled the crate"; exit 1; fi
echo "ok: an unchanged spec does not recompile the crate"
echo "# an edit" >> spec/normandy.yaml
if ! recompiles; then echo "FAIL: editing the spec did not recompile the crate"; exit 1; fi
echo "ok: editing the spec recompiles the crate"
cp spec/normandy.yaml /tmp/normandy.yaml.$$
sed -i 's/^title: Data Collection$/titel: Data Collection/' spec/normandy.yaml
if log=$(cargo build --offline 2>&1); then echo "FAIL: a broken spec built"; exit 1; fi
grep -q "spec/normandy.yaml:10:1" <<<"$log" || { echo "FAIL: no spec position in:"; echo "$log"; exit 1; }
echo "ok: a broken spec fails the build at spec/normandy.yaml:10:1"
mv /tmp/normandy.yaml.$$ spec/normandy.yaml
cargo build --offline -q 2>&1 || { echo "FAIL: the fixed spec did not build"; exit 1; }
echo "ok: fixing the spec after a failed expansion is picked up"
