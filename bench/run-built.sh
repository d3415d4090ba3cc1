#!/usr/bin/env bash
# `npm run bench:rotation`, `npm run bench:scale`: builds, runs dist/bench/<name>.js, and, should the run
# die without cleaning up (killed, out of memory), stops the servers it started and removes its
# temporary folder. For the benches that run the production worker entry (dist/worker/main.js).
set -uo pipefail
name=${1:?usage: bench/run-built.sh <rotation|scale>}
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh || exit 1
npm run --silent build && npx tsc -p bench/tsconfig.json || exit 1

state=$(mktemp -t custodio-bench-state.XXXXXX)
# Ctrl+C reaches the bench too, which stops its servers; this script only waits and checks afterwards.
trap 'true' INT TERM
BENCH_STATE_FILE="$state" node dist/bench/"$name".js
status=$?

# The bench empties the file once it has cleaned up; left over: line 1 the folder, then the servers' pids.
if [ -s "$state" ]; then
  dir=$(sed -n 1p "$state")
  echo "[bench] the run did not clean up (exit $status): stopping its servers" >&2
  for pid in $(sed -n '2,$p' "$state"); do
    # Only a process that still names the bench folder on its command line (not a reused pid).
    if [ -r "/proc/$pid/cmdline" ] && tr '\0' ' ' < "/proc/$pid/cmdline" | grep -qF "$dir"; then
      kill "$pid" 2>/dev/null
      for _ in $(seq 1 20); do [ -d "/proc/$pid" ] || break; sleep 0.5; done
      [ -d "/proc/$pid" ] && kill -9 "$pid" 2>/dev/null
    fi
  done
  if [ "${BENCH_KEEP_DATA:-}" = "1" ]; then echo "[bench] data kept in $dir" >&2; else rm -rf "$dir"; fi
fi
rm -f "$state"
exit $status
