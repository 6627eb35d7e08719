#!/usr/bin/env bash
# Turns the module cargo built into what ships: wasm-bindgen's glue (for a classic script),
# wasm-opt's size optimisation, short import and export names (scripts/short-names.mjs), the
# pre-start rule's table generated from the core's catalog, and the stub and module written by
# scripts/bundle.mjs, with their compressed copies.
# Usage: scripts/package.sh <cargo's consent_gate.wasm> <work directory> <out directory>
# SKIP_WASM_OPT=1 or SKIP_SHORT_NAMES=1 leave a step out, for the bench to measure what it buys.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
[ $# -eq 3 ] || { echo "usage: scripts/package.sh <cargo's consent_gate.wasm> <work directory> <out directory>" >&2; exit 2; }
input=$1 work=$2 out=$3

rm -rf "$work"
wasm-bindgen --target no-modules --no-typescript --out-dir "$work" "$input"
module="$work/consent_gate_bg.wasm" glue="$work/consent_gate.js"
if [ -z "${SKIP_WASM_OPT:-}" ]; then
  node_modules/.bin/wasm-opt "${WASM_OPT_SIZE[@]}" "${WASM_OPT_FEATURES[@]}" --strip-debug --strip-producers "$module" -o "$work/consent_gate.opt.wasm"
  module="$work/consent_gate.opt.wasm"
fi
if [ -z "${SKIP_SHORT_NAMES:-}" ]; then
  node scripts/short-names.mjs "$glue" "$module" "$work/consent_gate.short.js" "$work/consent_gate.short.wasm"
  module="$work/consent_gate.short.wasm" glue="$work/consent_gate.short.js"
fi
cargo run --quiet --release -p consent-gate-tools -- stub-table > "$work/catalog-rules.json"
cargo run --quiet --release -p consent-gate-tools -- zones > "$work/zones.txt"
node scripts/bundle.mjs "$glue" "$module" "$work/catalog-rules.json" "$work/zones.txt" "$out"
