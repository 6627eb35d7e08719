# Build environment for the wasm32 target (source it: `. scripts/env.sh`).
# With rustup's prebuilt wasm32 std: plain cargo. Otherwise Debian's rustc-web with the std built
# from source (-Zbuild-std), which the stable compiler allows under RUSTC_BOOTSTRAP=1.
sysroot=$(rustc --print sysroot 2>/dev/null || true)
export PATH="$HOME/.cargo/bin:$PATH"
if [ -n "$sysroot" ] && [ -d "$sysroot/lib/rustlib/wasm32-unknown-unknown" ]; then
  WASM_CARGO=(cargo)
  WASM_STD=()
  WASM_RELEASE_STD=()
else
  # Only the wasm builds use Debian's compiler; host builds (tests, fuzzing) keep rustup's.
  WASM_CARGO=(env RUSTC=/usr/bin/rustc RUSTC_BOOTSTRAP=1 /usr/bin/cargo)
  WASM_STD=(-Zbuild-std=std,panic_abort)
  # The std built for size too: smaller sorting and formatting (about 3 KB of the module).
  WASM_RELEASE_STD=(-Zbuild-std-features=optimize_for_size)
  # Release only, measured on the bundle (gzip -9): panics abort without a message; panic
  # locations carry no file names (-112 bytes); every function, the std's too, may be inlined
  # across crates (-5,727: nearly every function of the module comes out smaller, and there are
  # about as many). Tried on top and not kept: MIR inlining (off at opt-level "z"; at best -47
  # more, larger at most thresholds), more or less LLVM inlining, opt-level "s".
  WASM_RELEASE_RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none -Zcross-crate-inline-threshold=always"
fi
# The wasm features every browser with 'wasm-unsafe-eval' has (Chrome 75, Firefox 79, Safari 15
# and later), and nothing newer: bulk memory (memory.copy/fill instead of a memcpy in the module),
# saturating float-to-int conversions, sign extension and mutable globals. Not reference types
# (with them the module came out about 2 KB gzip larger) or multi-value.
WASM_RUSTFLAGS="-Ctarget-cpu=mvp -Ctarget-feature=+bulk-memory,+nontrapping-fptoint,+sign-ext,+mutable-globals"
# wasm-opt's switches for the same features.
WASM_OPT_FEATURES=(--enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals)
# wasm-opt's size optimisation for the release module. --low-memory-unused lets it fold constant
# offsets into loads and stores (-101 bytes gzip): it assumes the first 1 KB of memory is never
# read or written, which holds for Rust's layout: the stack grows down from 1 MB and would reach
# it only when nearly 1 MB deep; data and heap lie above.
WASM_OPT_SIZE=(-Oz --converge --low-memory-unused)
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER=${CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER:-$(command -v wasm-ld || echo rust-lld)}
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner
export CHROMEDRIVER=${CHROMEDRIVER:-/usr/bin/chromedriver}
GECKODRIVER_BIN=$(command -v geckodriver || echo "$HOME/.cargo/bin/geckodriver")
