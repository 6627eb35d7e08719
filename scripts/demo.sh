#!/usr/bin/env bash
# Installs what is missing, builds dist/consent-gate.js and serves the demo site on
# http://127.0.0.1:${PORT:-8080}/ with the tracker stand-ins (see the printed Chromium command).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
exec node tests/server.mjs "${PORT:-8080}"
