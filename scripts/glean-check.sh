#!/usr/bin/env bash
# Holds `eventspec export glean` to the real glean_parser (pinned in bench/glean-requirements.txt,
# installed into .venv-glean by scripts/glean-venv.sh): the metrics.yaml of every spec in spec/
# must pass its schema and lints and translate to Rust (`translate` runs the linter first, and
# fails on an error). Version expiries need a current version: 1, so that none has expired.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/glean-venv.sh

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cargo build -q --locked -p eventspec-cli
for spec in spec/*.yaml; do
    name=$(basename "$spec" .yaml)
    mkdir -p "$work/$name"
    target/debug/eventspec export glean "$spec" --out "$work/$name/metrics.yaml" 2>/dev/null
    "$venv/bin/glean_parser" translate -f rust --expire-by-version 1 \
        -o "$work/$name/rust" "$work/$name/metrics.yaml" > "$work/$name/log" 2>&1 || {
        cat "$work/$name/log" >&2
        echo "glean_parser refused the Glean export of $spec" >&2
        exit 1
    }
    metrics=$(grep -c '^    type: event$' "$work/$name/metrics.yaml")
    echo "glean_parser translate -f rust: $spec ok ($metrics event metrics)"
done
