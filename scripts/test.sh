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
status=0
if [ "$#" -gt 0 ]; then
  echo "[test] jest $*" >&2
  results=(.tools/jest-results.json)
  npx jest --ci --json --outputFile="${results[0]}" "$@" || status=$?
else
  # The fault suite (test/faults) kills and restarts servers and loads both cores on purpose: it runs
  # after the rest, one file at a time, so neither disturbs the other's timing.
  results=(.tools/jest-results.json .tools/jest-results-faults.json)
  echo "[test] jest (all but test/faults)" >&2
  npx jest --ci --json --outputFile="${results[0]}" --testPathIgnorePatterns '/test/faults/' || status=$?
  echo "[test] jest test/faults (one file at a time)" >&2
  # Their stacks log errors (only a 500's cause, in practice), so a page no one should meet names its cause here.
  TEST_LOG_LEVEL="${TEST_LOG_LEVEL:-error}" npx jest --ci --json --outputFile="${results[1]}" --maxWorkers=1 test/faults || status=$?
fi
# The plain closing line CI reads, from jest's own counts.
node -e '
  const rs = process.argv.slice(1).map((f) => require(f));
  const sum = (k) => rs.reduce((n, r) => n + r[k], 0);
  console.log(`jest: ${sum("numPassedTests")} passed, ${sum("numFailedTests")} failed, ${sum("numPendingTests")} skipped`);
  // CI keeps only the tail of the log: name each failure here, with the start of its message.
  for (const r of rs)
    for (const file of r.testResults) {
      const where = require("path").relative(process.cwd(), file.name);
      const first = (m) => (m || "").split("\n").map((l) => l.trim()).filter(Boolean).slice(0, 3).join(" / ").slice(0, 360);
      const failed = file.assertionResults.filter((a) => a.status === "failed");
      for (const t of failed) console.log(`jest failed: ${where} › ${t.fullName} — ${first(t.failureMessages[0])}`);
      if (!failed.length && file.status === "failed") console.log(`jest failed: ${where} — ${first(file.message)}`);
    }
' "${results[@]/#/$PWD/}" || true
echo "[test] done in $(( $(date +%s) - start )) s" >&2
exit $status
