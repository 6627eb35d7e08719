#!/usr/bin/env bash
# Installs what is missing, builds dist/consent-gate.js and serves the demo site on
# http://127.0.0.1:${PORT:-8080}/ with the tracker stand-ins (see the printed Chromium command),
# and beside it the consent records service on ${CG_LISTEN:-127.0.0.1:8787}, which the demo's
# config posts each choice to (records in target/demo-records.db; the admin token is printed).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
port=${PORT:-8080}
export CG_LISTEN=${CG_LISTEN:-127.0.0.1:8787}
export CG_DATABASE_URL=${CG_DATABASE_URL:-sqlite:target/demo-records.db}
export CG_ALLOWED_ORIGINS=${CG_ALLOWED_ORIGINS:-http://127.0.0.1:$port,http://localhost:$port}
export CG_ADMIN_TOKEN=${CG_ADMIN_TOKEN:-$(openssl rand -hex 24)}
cargo build --release -q -p consent-gate-server
target/release/consent-gate-server &
records=$!
demo=
trap 'kill $records $demo 2>/dev/null || true' EXIT
trap 'exit 130' INT TERM
echo "consent records: http://$CG_LISTEN/v1/consents (admin token: $CG_ADMIN_TOKEN)"
echo "  curl -H \"Authorization: Bearer $CG_ADMIN_TOKEN\" http://$CG_LISTEN/v1/export"
CG_RECORDS_URL="http://$CG_LISTEN/v1/consents" node tests/server.mjs "$port" &
demo=$!
wait $demo
