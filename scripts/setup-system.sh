#!/usr/bin/env bash
# System packages toolrisk needs beyond Python: Debian's Chromium (browser tests drive it via
# Playwright), bubblewrap (the live probe's sandbox), Node.js (probe tests), PostgreSQL and
# Redis (scale-out tests). Installs only what is missing.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
# screenshots and the HTML checks need a real font
[ -d /usr/share/fonts/truetype/dejavu ] || need+=(fonts-dejavu-core)
command -v bwrap >/dev/null 2>&1 || need+=(bubblewrap)
command -v node >/dev/null 2>&1 || need+=(nodejs npm)
# the scale-out tests start their own PostgreSQL and Redis on loopback
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
if [ "${#need[@]}" -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "setup-system: please install: ${need[*]} (needs root: sudo apt-get install -y ${need[*]})" >&2
    exit 1
  fi
  echo "setup-system: installing ${need[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
