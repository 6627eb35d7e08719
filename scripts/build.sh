#!/usr/bin/env bash
# Builds dist/consent-gate.js: the wasm module (size-optimised), wasm-bindgen's glue and the
# loader in one classic script. Run scripts/setup.sh first (the README commands do).
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
node scripts/bundle.mjs "$out/consent_gate.short.js" "$out/consent_gate.short.wasm" dist/consent-gate.js
for f in "$out/consent_gate.short.wasm" dist/consent-gate.js; do
  printf '%-36s raw %7d  gzip %6d  brotli %6d\n' "$f" "$(wc -c <"$f")" "$(gzip -9c "$f" | wc -c)" "$(brotli -q 11 -c "$f" | wc -c)"
done
