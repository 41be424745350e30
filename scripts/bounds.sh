#!/usr/bin/env bash
# Hostile inputs against the release `eventspec check`: time and peak memory of each, from
# /usr/bin/time -v. Targets (issue #6): each under 2 s and 200 MB, exit 1 with a message.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --locked -q -p eventspec-cli
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$work" <<'PY'
import sys
d = sys.argv[1]
lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
lines += [f'a{i}: &a{i} [' + ','.join([f'*a{i-1}'] * 10) + ']' for i in range(1, 10)]
open(f'{d}/alias-bomb.yaml', 'w').write('\n'.join(lines) + '\n')
open(f'{d}/nested-20000-sequences.yaml', 'w').write('[' * 20000 + ']' * 20000 + '\n')
open(f'{d}/nested-20000-mappings.yaml', 'w').write('{a: ' * 20000 + '1' + '}' * 20000 + '\n')
chunk = ''.join(f'key{i}: value {i} with some text\n' for i in range(1000))
data = (chunk * ((20 << 20) // len(chunk) + 1))
open(f'{d}/yaml-20MB.yaml', 'w').write(data[:20 << 20])
open(f'{d}/yaml-15MB-parsed.yaml', 'w').write(data[:15 << 20])
PY
printf '%-30s %5s %10s %12s\n' input exit seconds "peak MB"
for f in alias-bomb nested-20000-sequences nested-20000-mappings yaml-20MB yaml-15MB-parsed; do
    set +e
    /usr/bin/time -v target/release/eventspec check "$work/$f.yaml" >/dev/null 2>"$work/$f.err"
    code=$?
    set -e
    wall=$(grep 'Elapsed (wall clock)' "$work/$f.err" | awk '{print $NF}')
    rss=$(grep 'Maximum resident set size' "$work/$f.err" | awk '{print $NF}')
    printf '%-30s %5s %10s %12.1f\n' "$f" "$code" "$wall" "$(echo "$rss / 1024" | bc -l)"
done
