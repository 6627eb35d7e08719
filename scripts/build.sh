#!/usr/bin/env bash
# Builds dist/: consent-gate.js, the stub a site's script tag loads (wasm-bindgen's glue, the
# pre-start rule with its table generated from the core's catalog, interception, the loader), and
# consent-gate.<hash>.wasm, the size-optimised module it fetches; the translations; and a .gz and
# .br copy of each. Run scripts/setup.sh first (the README commands do).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh

RUSTFLAGS="$WASM_RUSTFLAGS ${WASM_RELEASE_RUSTFLAGS:-}" \
  "${WASM_CARGO[@]}" build --release --target wasm32-unknown-unknown -p consent-gate "${WASM_STD[@]}" "${WASM_RELEASE_STD[@]}"
out=target/bindgen
rm -rf "$out"
wasm-bindgen --target no-modules --no-typescript --out-dir "$out" \
  target/wasm32-unknown-unknown/release/consent_gate.wasm
node scripts/drop-closure-shims.mjs "$out/consent_gate_bg.wasm" "$out/consent_gate.lean.wasm" "${WASM_OPT_FEATURES[@]}"
node_modules/.bin/wasm-opt "${WASM_OPT_SIZE[@]}" "${WASM_OPT_FEATURES[@]}" --strip-debug --strip-producers \
  "$out/consent_gate.lean.wasm" -o "$out/consent_gate.opt.wasm"
node scripts/short-names.mjs "$out/consent_gate.js" "$out/consent_gate.opt.wasm" \
  "$out/consent_gate.short.js" "$out/consent_gate.short.wasm"
# The pre-start rule's table for the stub, from the core's catalog.
cargo run --quiet --release -p consent-gate-tools -- stub-table > "$out/catalog-rules.json"
node scripts/bundle.mjs "$out/consent_gate.short.js" "$out/consent_gate.short.wasm" "$out/catalog-rules.json" dist
for f in dist/consent-gate.js dist/consent-gate.*.wasm; do
  printf '%-36s raw %7d  gzip %6d  brotli %6d\n' "$f" "$(wc -c <"$f")" "$(gzip -9c "$f" | wc -c)" "$(brotli -q 11 -c "$f" | wc -c)"
done
