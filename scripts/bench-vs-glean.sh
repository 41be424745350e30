#!/usr/bin/env bash
# eventspec's whole pipeline (check + Rust + RST + Markdown, `eventspec generate`) against
# `glean_parser translate -f rust` on the same N synthetic events (3 extras each, one an enum),
# both as whole processes: median wall time of RUNS runs each, and the ratio.
# Usage: scripts/bench-vs-glean.sh [N…]   (default: 1000 10000; RUNS=5)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-5}
sizes=("$@")
[[ ${#sizes[@]} -gt 0 ]] || sizes=(1000 10000)

venv=.venv-glean
requirements=bench/glean-requirements.txt
if [[ ! -x $venv/bin/glean_parser ]] || ! cmp -s "$requirements" "$venv/requirements.txt"; then
    python3 -m venv --clear "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$requirements"
    cp "$requirements" "$venv/requirements.txt"
fi
cargo build --release --locked -q -p eventspec-cli
eventspec=target/release/eventspec

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# median CMD…: the median wall time of $runs runs, in seconds; peak RSS (MB) of the last.
median() {
    local times=()
    for _ in $(seq "$runs"); do
        /usr/bin/time -f '%e %M' -o "$work/time" "$@" >/dev/null 2>&1
        times+=("$(cut -d' ' -f1 "$work/time")")
    done
    local rss
    rss=$(cut -d' ' -f2 "$work/time")
    printf '%s %s\n' "$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p")" \
        "$(( rss / 1024 ))"
}

printf '%8s %14s %10s %14s %10s %8s\n' events "eventspec (s)" "peak MB" "glean (s)" "peak MB" ratio
for n in "${sizes[@]}"; do
    dir=$work/$n
    mkdir -p "$dir"
    "$eventspec" synth "$n" --out "$dir"
    read -r ours ours_mb < <(median "$eventspec" generate "$dir/spec.yaml" --out "$dir/eventspec-out")
    read -r glean glean_mb < <(median "$venv/bin/glean_parser" translate -f rust -o "$dir/glean-out" "$dir/metrics.yaml")
    ratio=$(echo "scale=1; $glean / $ours" | bc)
    printf '%8s %14s %10s %14s %10s %7sx\n' "$n" "$ours" "$ours_mb" "$glean" "$glean_mb" "$ratio"
done
