#!/usr/bin/env bash
# `npm test`: installs whatever is missing, type-checks, lints, and runs every test (layering, unit,
# workflow, activity, API, replay and end-to-end) against real servers the project starts itself.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
bash scripts/ensure-deps.sh
echo "[test] type check" >&2
npx tsc -p tsconfig.json --noEmit
echo "[test] lint (eslint.config.js; layering is test/architecture)" >&2
npx eslint --max-warnings=0 .
echo "[test] docker compose config (deployment file)" >&2
docker compose config --quiet
echo "[test] jest" >&2
results=.tools/jest-results.json
status=0
npx jest --ci --json --outputFile="$results" "$@" || status=$?
# The plain closing line CI reads, from jest's own counts.
node -e 'const r = require(process.argv[1]); console.log(`jest: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests} skipped`)' "$PWD/$results" || true
echo "[test] done in $(( $(date +%s) - start )) s" >&2
exit $status
