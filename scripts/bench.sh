#!/usr/bin/env bash
# Benchmarks consent-gate against vanilla-cookieconsent and Klaro in headless Chromium and writes
# BENCHMARKS.md. Installs what is missing and builds dist/ first. BENCH_RUNS (default 15) sets
# the runs per peer. Takes several minutes (Klaro releases 1,000 tags slowly).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
command -v twiggy >/dev/null 2>&1 || cargo install twiggy
scripts/build.sh
node bench/run.mjs "${BENCH_RUNS:-15}"
