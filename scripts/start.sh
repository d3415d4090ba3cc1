#!/usr/bin/env bash
# `npm start`: installs whatever is missing, builds, and runs the whole system locally.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
npm run --silent build
exec node dist/local/main.js
