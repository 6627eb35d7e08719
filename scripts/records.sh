#!/usr/bin/env bash
# Builds (if needed) and runs the consent records service, consent-gate-server, in the
# foreground. Settings come from the environment (see README, "Consent records"):
#   CG_LISTEN (default 127.0.0.1:8787), CG_DATABASE_URL (default sqlite:consent-records.db in
#   the working folder), CG_ADMIN_TOKEN (required), CG_ALLOWED_ORIGINS (required).
# Extra arguments go to the server: `scripts/records.sh verify` checks the hash chain.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
command -v cargo >/dev/null 2>&1 || { echo "records.sh: cargo is needed (see scripts/setup.sh)" >&2; exit 1; }
(cd "$root" && cargo build --release -q -p consent-gate-server)
exec "$root/target/release/consent-gate-server" "$@"
