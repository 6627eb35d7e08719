#!/usr/bin/env bash
# Fuzzes the core's parsers with cargo-fuzz (libFuzzer): the consent record, the config (JSON
# text through the model the wasm uses), cookie text and the tracker URL matcher. Each target runs FUZZ_SECONDS (60) from
# the seed corpus in fuzz/corpus/<target>; new inputs go to a scratch folder, so the repository's
# corpus only changes when someone adds to it. A crash fails the run and leaves its input in
# fuzz/artifacts/<target>/: turn it into a regression test in core/ and add it to the corpus.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${FUZZ_SECONDS:-60}
unset RUSTC   # the sanitizer runtime comes with rustup's compilers

command -v cargo-fuzz >/dev/null 2>&1 || cargo install cargo-fuzz
# cargo-fuzz needs a nightly compiler's -Z flags: the rustup nightly if there is one, else the
# stable compiler with RUSTC_BOOTSTRAP=1.
if rustup run nightly rustc --version >/dev/null 2>&1; then
  fuzz=(cargo +nightly fuzz)
else
  export RUSTC_BOOTSTRAP=1
  fuzz=(cargo fuzz)
fi

for target in record config cookie tracker_url; do
  scratch=$(mktemp -d)
  log="$scratch.log"
  echo "== fuzz $target for ${seconds}s"
  if ! "${fuzz[@]}" run "$target" "$scratch" "fuzz/corpus/$target" -- -max_total_time="$seconds" -print_final_stats=1 >"$log" 2>&1; then
    tail -n 60 "$log"
    echo "fuzz: $target failed (a crash leaves its input in fuzz/artifacts/$target/)"
    exit 1
  fi
  grep -E '^Done' "$log"
  rm -rf "$scratch" "$log"
done
