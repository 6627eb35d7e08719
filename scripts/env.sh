# Build environment for the wasm32 target (source it: `. scripts/env.sh`; scripts/setup.sh
# installs what it needs). One recipe whichever compiler builds the module: the standard library
# is always built from its sources (-Zbuild-std, which the stable compiler allows under
# RUSTC_BOOTSTRAP=1) with the same switches, by rustup's toolchain where it has the `rust-src`
# component, else by Debian's rustc-web with rust-web-src. No prebuilt wasm32 standard library is
# used: it is built without the size switches below, and a module built on it would be another,
# larger product. What each switch and each post-processing step buys is measured by the bench
# (BENCHMARKS.md, "What each build step buys").
export PATH="$HOME/.cargo/bin:$PATH"
sysroot=$(rustc --print sysroot 2>/dev/null || true)
if [ -n "$sysroot" ] && [ -f "$sysroot/lib/rustlib/src/rust/library/Cargo.lock" ]; then
  WASM_CARGO=(env RUSTC_BOOTSTRAP=1 cargo)
elif [ -x /usr/bin/rustc ] && [ -x /usr/bin/cargo ] && [ -f /usr/lib/rustlib/src/rust/library/Cargo.lock ]; then
  WASM_CARGO=(env RUSTC=/usr/bin/rustc RUSTC_BOOTSTRAP=1 /usr/bin/cargo)
else
  WASM_CARGO=()
fi
# The standard library built from source.
WASM_STD=(-Zbuild-std=std,panic_abort)
# The wasm features every browser with 'wasm-unsafe-eval' has (Chrome 75, Firefox 79, Safari 15
# and later), and nothing newer: bulk memory (memory.copy/fill instead of a memcpy in the module),
# saturating float-to-int conversions, sign extension and mutable globals. Not reference types
# or multi-value.
WASM_RUSTFLAGS="-Ctarget-cpu=mvp -Ctarget-feature=+bulk-memory,+nontrapping-fptoint,+sign-ext,+mutable-globals"
# Release only: panics abort without a message (and so without the formatting machinery), and
# every function, the std's too, may be inlined across crates.
WASM_RELEASE_RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort -Zcross-crate-inline-threshold=always"
# wasm-opt's switches for the same features, and its size optimisation for the release module.
# --low-memory-unused lets it fold constant offsets into loads and stores: it assumes the first
# 1 KB of memory is never read or written, which holds for Rust's layout (the stack grows down
# from 1 MB and would reach it only when nearly 1 MB deep; data and heap lie above).
WASM_OPT_FEATURES=(--enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals)
WASM_OPT_SIZE=(-Oz --converge --low-memory-unused)
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER=${CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER:-$(command -v wasm-ld || echo rust-lld)}
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner
export CHROMEDRIVER=${CHROMEDRIVER:-/usr/bin/chromedriver}
GECKODRIVER_BIN=$(command -v geckodriver || echo "$HOME/.cargo/bin/geckodriver")

# Fails, saying what is missing, where no toolchain can build the standard library from source.
require_wasm_toolchain() {
  if [ ${#WASM_CARGO[@]} -eq 0 ]; then
    echo "consent-gate: no Rust toolchain with the standard library's sources: add rustup's rust-src component" \
      "(rustup component add rust-src) or install Debian's rustc-web, cargo-web and rust-web-src (scripts/setup.sh does)" >&2
    return 1
  fi
}

# `cargo build` of the release module, with every switch above. Extra arguments go to cargo
# (`--target-dir …`); WASM_EXTRA_RUSTFLAGS are added to the compiler's switches, and
# WASM_RELEASE_RUSTFLAGS may be overridden, to measure what they buy.
build_release_module() {
  require_wasm_toolchain || return 1
  RUSTFLAGS="$WASM_RUSTFLAGS $WASM_RELEASE_RUSTFLAGS ${WASM_EXTRA_RUSTFLAGS:-}" \
    "${WASM_CARGO[@]}" build --release --target wasm32-unknown-unknown -p consent-gate "${WASM_STD[@]}" "$@"
}
