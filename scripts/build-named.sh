#!/usr/bin/env bash
# Builds target/named/consent_gate.wasm: the module scripts/build.sh ships, with its function
# names kept (the release profile keeps them; wasm-opt -g does not strip them), for size
# profiles: `twiggy top target/named/consent_gate.wasm`. Its code is the shipped module's but
# for the import names, which the shipped one has shortened; the names are a section of their own.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh

build_release_module
out=target/named
rm -rf "$out"
wasm-bindgen --target no-modules --no-typescript --out-dir "$out" \
  target/wasm32-unknown-unknown/release/consent_gate.wasm
node_modules/.bin/wasm-opt "${WASM_OPT_SIZE[@]}" "${WASM_OPT_FEATURES[@]}" -g --strip-producers \
  "$out/consent_gate_bg.wasm" -o "$out/consent_gate.wasm"
node_modules/.bin/wasm-opt "${WASM_OPT_FEATURES[@]}" -g --log-execution "$out/consent_gate.wasm" -o "$out/consent_gate.logged.wasm"
