#!/usr/bin/env bash
# Benchmarks consent-gate against vanilla-cookieconsent and Klaro in headless Chromium and writes
# BENCHMARKS.md. Installs what is missing and builds dist/ first. BENCH_RUNS (default 15) sets
# the runs per peer, BENCH_SCALE_RUNS (default: the same) those of the 1,000-tag release,
# BENCH_INTERCEPTION_RUNS (default: twenty times as many) those of the interception overhead. Takes
# a while: Klaro needs about 30 s for each 1,000-tag release.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
command -v twiggy >/dev/null 2>&1 || cargo install twiggy
scripts/build.sh
scripts/build-named.sh
node bench/run.mjs "${BENCH_RUNS:-15}"

# The consent records service (#28): 60 s of writes each on SQLite and on a throw-away
# PostgreSQL, appended to BENCHMARKS.md (which run.mjs has just rewritten).
cargo build --release -q -p consent-gate-server
pg_dir=$(mktemp -d /tmp/consent-gate-pg.XXXXXX)
trap 'scripts/postgres.sh stop "$pg_dir"' EXIT
pg_url=$(scripts/postgres.sh start "$pg_dir" "${CG_BENCH_PG_PORT:-55434}")
table=$(CG_TEST_POSTGRES_URL=$pg_url cargo run --release -q -p consent-gate-server --example load)
{
  echo
  echo "## Consent records service"
  echo
  echo "\`bench/records-load.rs\`: 32 connections on loopback, each posting its next record (a distinct"
  echo "\`record_id\`) when the last is answered, for 60 s, to the server binary in its own process."
  echo "A write is acknowledged (201) only after its transaction committed. \"lost\" counts acknowledged"
  echo "records missing from the log afterwards; \"chain\" is \`GET /v1/verify\` over the whole log."
  echo "Target (SQLite): ≥ 2,000 writes/s, p99 < 50 ms, 0 errors, 0 lost."
  echo
  echo "$table"
} >> BENCHMARKS.md

# Region rules (#31): a US visitor's release against an EU visitor's after Accept all, and sizes.
{ echo; node bench/regions.mjs "${BENCH_RUNS:-15}"; } >> BENCHMARKS.md

# Placeholders for held embeds (#32): banner and placeholder paint times on a page of ten embeds.
{ echo; node bench/placeholders.mjs "${BENCH_RUNS:-15}"; } >> BENCHMARKS.md
