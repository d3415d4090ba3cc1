#!/usr/bin/env bash
# Installs what a fresh clone lacks: npm packages (when package-lock.json changed) and the servers.
set -euo pipefail
cd "$(dirname "$0")/.."
stamp=node_modules/.custodio-lock-hash
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "[deps] npm ci" >&2
  npm ci --no-audit --no-fund --loglevel=error
  echo "$want" > "$stamp"
fi
bash scripts/install-tools.sh
