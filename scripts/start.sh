#!/usr/bin/env bash
# `npm start`: installs whatever is missing, builds, and runs the whole system locally.
#
# A service manager signals one PID, npm's (STACK trap 5). npm passes SIGINT and SIGTERM on to its child,
# and package.json `exec`s this script so that child is this shell, not an `sh -c` that would die
# without passing them further. Here each preparation step runs in a process group of its own
# (`set -m`), so a signal stops the whole step (npm and tsc included); then `exec` makes node this very
# process, and node stops every server it started (local/main.ts) and exits 0.
set -euo pipefail
set -m
cd "$(dirname "$0")/.."

step=
stop_step() {
  if [ -n "$step" ]; then
    kill "-$1" -- "-$step" 2>/dev/null || true
    wait "$step" 2>/dev/null || true
  fi
  exit "$2"
}
trap 'stop_step INT 130' INT
trap 'stop_step TERM 143' TERM
run() {
  "$@" &
  step=$!
  wait "$step"
  step=
}

run bash scripts/ensure-deps.sh
run npm run --silent build
trap - INT TERM
exec node dist/local/main.js
