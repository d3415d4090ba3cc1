#!/usr/bin/env bash
# `npm test`: installs whatever is missing, type-checks, and runs every test (unit, workflow,
# activity, API, replay and end-to-end) against real servers the project starts itself.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
bash scripts/ensure-deps.sh
echo "[test] type check" >&2
npx tsc -p tsconfig.json --noEmit
echo "[test] docker compose config (deployment file)" >&2
docker compose config --quiet
echo "[test] jest" >&2
npx jest --ci "$@"
echo "[test] done in $(( $(date +%s) - start )) s" >&2
