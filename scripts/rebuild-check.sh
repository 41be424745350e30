#!/usr/bin/env bash
# Shows that the build script reruns only when the spec changes, and that an unchanged
# output keeps its modification time (so nothing downstream recompiles).
set -euo pipefail
cd "$(dirname "$0")/.."

build() { cargo build -p eventspec-normandy -vv 2>&1; }
out_file() { ls -t target/debug/build/eventspec-normandy-*/out/normandy.rs | head -1; }

build >/dev/null
# Output is captured first: `grep -q` closing the pipe early would fail the build under pipefail.
reran() { local log; log=$(build); grep -q "Running .*eventspec-normandy-[0-9a-f]*/build-script-build" <<<"$log"; }
if reran; then
  echo "FAIL: a no-op build reran the build script"; exit 1
fi
echo "ok: a no-op build does not rerun the build script"

before=$(stat -c %Y.%N "$(out_file)" 2>/dev/null || stat -c %Y "$(out_file)")
sleep 1
touch spec/normandy.yaml
if ! reran; then
  echo "FAIL: touching the spec did not rerun the build script"; exit 1
fi
echo "ok: touching the spec reruns the build script"
after=$(stat -c %Y.%N "$(out_file)" 2>/dev/null || stat -c %Y "$(out_file)")
if [ "$before" != "$after" ]; then
  echo "FAIL: the unchanged output was rewritten"; exit 1
fi
echo "ok: the unchanged output $(out_file) kept its modification time"
