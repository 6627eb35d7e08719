# Build environment for the wasm32 target (source it: `. scripts/env.sh`).
# With rustup's prebuilt wasm32 std: plain cargo. Otherwise Debian's rustc-web with the std built
# from source (-Zbuild-std), which the stable compiler allows under RUSTC_BOOTSTRAP=1.
sysroot=$(rustc --print sysroot 2>/dev/null || true)
export PATH="$HOME/.cargo/bin:$PATH"
if [ -n "$sysroot" ] && [ -d "$sysroot/lib/rustlib/wasm32-unknown-unknown" ]; then
  WASM_CARGO=(cargo)
  WASM_STD=()
  WASM_RELEASE_STD=()
  WASM_RUSTFLAGS="-Ctarget-cpu=mvp"
else
  # Only the wasm builds use Debian's compiler; host builds (tests, fuzzing) keep rustup's.
  WASM_CARGO=(env RUSTC=/usr/bin/rustc RUSTC_BOOTSTRAP=1 /usr/bin/cargo)
  WASM_STD=(-Zbuild-std=std,panic_abort)
  # The std built for size too: smaller sorting and formatting (about 3 KB of the module).
  WASM_RELEASE_STD=(-Zbuild-std-features=optimize_for_size)
  WASM_RUSTFLAGS="-Ctarget-cpu=mvp"
  WASM_RELEASE_RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort"
fi
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER=${CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER:-$(command -v wasm-ld || echo rust-lld)}
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner
export CHROMEDRIVER=${CHROMEDRIVER:-/usr/bin/chromedriver}
GECKODRIVER_BIN=$(command -v geckodriver || echo "$HOME/.cargo/bin/geckodriver")
