#!/usr/bin/env bash
# Runs every test: host tests of the core, the records service's tests (SQLite and PostgreSQL), fuzzing of its parsers (FUZZ_SECONDS per target,
# 30 here to keep CI under its budget; scripts/fuzz.sh alone runs 60), node tests of the stub's host checks against the core, wasm-bindgen tests of the
# DOM layer and the end-to-end tests against the built dist/ and www/, each in headless Chromium
# and in Firefox ESR. Installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
. scripts/env.sh

echo "== host: core and catalog unit and property tests (rustup's compiler, then the one the module is built with)"
cargo test -p consent-gate-core -p consent-gate-catalog
require_wasm_toolchain
"${WASM_CARGO[@]}" test -p consent-gate-core

echo "== records service: unit, API and SIGKILL fault tests on SQLite and on a throw-away PostgreSQL"
pg_dir=$(mktemp -d /tmp/consent-gate-pg.XXXXXX)
trap 'scripts/postgres.sh stop "$pg_dir"' EXIT
if pg_url=$(scripts/postgres.sh start "$pg_dir" "${CG_TEST_PG_PORT:-55433}"); then
  export CG_TEST_POSTGRES_URL=$pg_url
else
  echo "!!!!!!!! SKIPPING the PostgreSQL half of the records service's tests: PostgreSQL could not be started (see above) !!!!!!!!"
fi
cargo test -p consent-gate-server
cargo build --release -p consent-gate-server
echo "== records service: a short load run (the full one is scripts/bench.sh's)"
RECORDS_LOAD_SECONDS=3 cargo run --release -q -p consent-gate-server --example load

echo "== fuzz: record, config, cookie and tracker URL parsers"
FUZZ_SECONDS="${FUZZ_SECONDS:-30}" scripts/fuzz.sh

echo "== build"
scripts/build.sh

echo "== node: the stub's host checks against the core's answers; the size ceilings"
node --test tests/node/

echo "== wasm-bindgen-test: DOM layer in headless Chromium"
RUSTFLAGS="$WASM_RUSTFLAGS" "${WASM_CARGO[@]}" test --tests --target wasm32-unknown-unknown -p consent-gate "${WASM_STD[@]}"

echo "== wasm-bindgen-test: DOM layer in headless Firefox ESR"
env -u CHROMEDRIVER GECKODRIVER="$GECKODRIVER_BIN" RUSTFLAGS="$WASM_RUSTFLAGS" \
  "${WASM_CARGO[@]}" test --tests --target wasm32-unknown-unknown -p consent-gate "${WASM_STD[@]}"

echo "== end-to-end: headless Chromium against dist/ and www/"
node --test --test-concurrency=1 tests/e2e/

echo "== end-to-end: the same tests in headless Firefox ESR"
E2E_BROWSER=firefox node --test --test-concurrency=1 tests/e2e/
