#!/usr/bin/env bash
# The BullMQ peer needs Debian's redis-server (bench only: the product never uses Redis). Installed the
# way scripts/install-tools.sh installs Debian's chromium; the bench starts its own instance, never
# the system service.
set -euo pipefail
if [ ! -x /usr/bin/redis-server ]; then
  echo "[bench:peers] installing Debian's redis-server (first time only)" >&2
  sudo_=""; [ "$(id -u)" = 0 ] || sudo_=sudo
  $sudo_ apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_ apt-get install -y -qq --no-install-recommends redis-server >/dev/null
fi
