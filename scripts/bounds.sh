#!/usr/bin/env bash
# Inputs written to hurt: the wall time and peak memory of `eventspec check` and `generate` on
# each, the bytes they print and their exit status. The bound (#14): 2 s and 200 MB, and a clear
# error when an input is refused.
# Usage: scripts/bounds.sh   (builds the release binary; prints one row per input and command)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --locked -q -p eventspec-cli -p eventspec-synth
eventspec=$PWD/target/release/eventspec
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 - "$work" <<'PY'
import sys
d = sys.argv[1]
def w(name, text):
    open(f"{d}/{name}.yaml", "w").write(text)
head = "eventspec: 1\ntitle: T\n"
events = "events:\n  title: E\n  category: cat\n  objects:\n"
w("long-title", head.replace("T\n", "t" * 15_000_000 + "\n"))
w("long-key", head + "x" * 15_000_000 + ": 1\n")
w("many-unknown-keys", head + "".join(f"k{i}: 1\n" for i in range(1_200_000)))
big = "a" * 1_000_000
s = head + events + f"    - name: &n {big}\n      title: O\n      value: v\n      events: [{{method: go, title: Go}}]\n"
s += "".join(f"    - name: *n\n      title: O{i}\n      value: v\n      events: [{{method: go, title: Go}}]\n" for i in range(15))
w("aliased-1mb-name", s)
s = head + "seq: &a [x, x, x, x, x, x, x, x, x, x]\n"
for i in range(1, 12):
    s += f"l{i}: &a{i} [" + ", ".join(["*a" if i == 1 else f"*a{i-1}"] * 10) + "]\n"
w("alias-bomb", s)
w("nested-20000-sequences", "[" * 20000 + "]" * 20000 + "\n")
w("nested-20000-mappings", "{a: " * 20000 + "1" + "}" * 20000 + "\n")
chunk = "".join(f"key{i}: value {i} with some text\n" for i in range(1000))
data = chunk * ((20 << 20) // len(chunk) + 1)
w("yaml-20MB-over-the-cap", data[:20 << 20])
w("yaml-15MB-not-a-spec", data[:15 << 20])
objs = "".join(f"    - name: o{i}\n      title: Object {i}\n      value: v\n      events:\n" + "".join(f"        - method: m{j}\n          title: M{j}\n" for j in range(40)) for i in range(4000))
w("near-miss-typos", head + events + objs.replace("title: M", "titel: M"))
w("events-160000-valid", head + events + objs)
ex = "".join(f"            k{x}: {{description: The extra {x} of this event., optional: true}}\n" for x in range(10))
w("extras-10-per-event-10k", head + events + "".join(f"    - name: o{i}\n      title: Object {i}\n      value: v\n      events:\n" + "".join(f"        - method: m{j}\n          title: M{j}\n          extras:\n{ex}" for j in range(40)) for i in range(250)))
vals = "".join(f"                  v{k}: V.\n" for k in range(40000))
ex = "".join(f"              k{x}:\n                type: enum\n                description: D.\n                values:\n{vals}" for x in range(10))
w("enum-values-400000", head + events + f"    - name: o0\n      title: O\n      value: v\n      events:\n        - method: m0\n          title: M0\n          extras:\n{ex}")
PY
target/release/eventspec-synth 10000 --out "$work" >/dev/null
mv "$work/spec.yaml" "$work/realistic-10k-events.yaml"
rm "$work/metrics.yaml"

printf '%-24s %-9s %8s %9s %10s %6s\n' spec command "time s" "peak MB" "printed" exit
for spec in "$work"/*.yaml; do
    name=$(basename "$spec" .yaml)
    for command in check generate; do
        out=$work/out
        rm -rf "$out"
        args=("$command" "$spec")
        [[ $command == generate ]] && args+=(--out "$out")
        set +e
        /usr/bin/time -f '%e %M' -o "$work/time" "$eventspec" "${args[@]}" >"$work/stdout" 2>"$work/stderr"
        code=$?
        set -e
        read -r secs kb <"$work/time" < <(tail -1 "$work/time")
        printed=$(( $(wc -c <"$work/stdout") + $(wc -c <"$work/stderr") ))
        printf '%-24s %-9s %8s %9s %10s %6s\n' "$name" "$command" "$secs" "$((kb / 1024))" "$printed" "$code"
    done
done
