#!/usr/bin/env bash
# eventspec's whole pipeline (check + Rust + RST + Markdown, `eventspec generate`) against
# `glean_parser translate -f rust` on the same N synthetic events (`eventspec-synth`), both as
# whole processes writing into an empty directory: the median wall time of RUNS runs each
# (milliseconds, from bash's EPOCHREALTIME), the peak memory, and the ratio. Each size is
# measured in both styles: `realistic` (written as people write specs, ~1.6 KB of YAML per
# event; the one to quote) and `uniform` (3 one-line extras per event).
# Usage: scripts/bench-vs-glean.sh [N…]   (default: 1000 10000; RUNS=5; STYLES="realistic uniform")
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-5}
sizes=("$@")
[[ ${#sizes[@]} -gt 0 ]] || sizes=(1000 10000)

source scripts/glean-venv.sh
cargo build --release --locked -q -p eventspec-cli -p eventspec-synth
eventspec=target/release/eventspec
styles=(${STYLES:-realistic uniform})

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# median OUT CMD…: runs CMD $runs times, OUT emptied before each run; prints the median wall
# time in ms (the bare command, timed by bash) and the peak RSS in MB (one more run, under
# /usr/bin/time, whose own fork is kept out of the times). Untimed runs come first, for at
# least a second (as hyperfine's --warmup): on this shared VM, cores that sat idle for a
# few seconds run the next half second or so slowly (eventspec's first two runs after a
# `sleep 3` took 2.5x its median at 10,000 events), which a 12 s glean_parser run shrugs off
# and a 0.1 s eventspec run does not.
median() {
    local out=$1
    shift
    local warm_until=$((${EPOCHREALTIME/./} + 1000000))
    while :; do
        rm -rf "$out"
        "$@" >/dev/null 2>&1
        ((${EPOCHREALTIME/./} < warm_until)) || break
    done
    local samples=()
    for _ in $(seq "$runs"); do
        rm -rf "$out"
        local start=$EPOCHREALTIME
        "$@" >/dev/null 2>&1
        local end=$EPOCHREALTIME
        samples+=("$(echo "($end - $start) * 1000" | bc)")
    done
    rm -rf "$out"
    /usr/bin/time -f '%M' -o "$work/rss" "$@" >/dev/null 2>&1
    printf '%.1f %s\n' "$(printf '%s\n' "${samples[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p")" \
        "$(( $(cat "$work/rss") / 1024 ))"
}

printf '%10s %8s %16s %10s %16s %10s %8s\n' style events "eventspec (ms)" "peak MB" "glean (ms)" "peak MB" ratio
for style in "${styles[@]}"; do
    for n in "${sizes[@]}"; do
        dir=$work/$style-$n
        mkdir -p "$dir"
        target/release/eventspec-synth "$n" --style "$style" --out "$dir"
        read -r ours ours_mb < <(median "$dir/eventspec-out" "$eventspec" generate "$dir/spec.yaml" --out "$dir/eventspec-out")
        read -r glean glean_mb < <(median "$dir/glean-out" "$venv/bin/glean_parser" translate -f rust -o "$dir/glean-out" "$dir/metrics.yaml")
        ratio=$(echo "scale=1; $glean / $ours" | bc)
        printf '%10s %8s %16s %10s %16s %10s %7sx\n' "$style" "$n" "$ours" "$ours_mb" "$glean" "$glean_mb" "$ratio"
    done
done
