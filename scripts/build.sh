#!/usr/bin/env bash
# Builds dist/: consent-gate.js, the stub a site's script tag loads (wasm-bindgen's glue, the
# pre-start rule with its table generated from the core's catalog, interception, the loader), and
# consent-gate.<hash>.wasm, the size-optimised module it fetches; the translations; and a .gz and
# .br copy of each. Run scripts/setup.sh first (the README commands do).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh

build_release_module
scripts/package.sh target/wasm32-unknown-unknown/release/consent_gate.wasm target/bindgen dist
for f in dist/consent-gate.js dist/consent-gate.*.wasm; do
  printf '%-36s raw %7d  gzip %6d  brotli %6d\n' "$f" "$(wc -c <"$f")" "$(gzip -9c "$f" | wc -c)" "$(brotli -q 11 -c "$f" | wc -c)"
done
