#!/usr/bin/env bash
# Installs what a fresh clone lacks: npm packages (when package-lock.json changed) and the servers.
set -euo pipefail
cd "$(dirname "$0")/.."
stamp=node_modules/.custodio-lock-hash
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  # `npm install` honours package-lock.json; `npm ci` refuses this lock because npm 11 leaves out
  # @swc/core's binaries for other platforms, which it then reports as missing.
  echo "[deps] npm install (from package-lock.json)" >&2
  npm install --no-audit --no-fund --loglevel=error
  echo "$want" > "$stamp"
fi
bash scripts/install-tools.sh
