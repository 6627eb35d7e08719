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
