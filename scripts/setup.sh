#!/usr/bin/env bash
# Installs whatever this machine lacks to build and test consent-gate, and nothing it already
# has: a Rust toolchain with the standard library's sources, which the module is built against
# (rustup's rust-src component where rustup has it, else Debian's rustc-web + cargo-web +
# rust-web-src; see scripts/env.sh), wasm-ld, Chromium and ChromeDriver, Firefox ESR and
# geckodriver, openssl, brotli, PostgreSQL, nginx, the wasm-bindgen CLI matching Cargo.lock, and the npm packages
# (binaryen's wasm-opt among them: Debian's is years older and optimises less).
# Source scripts/env.sh afterwards for the build environment.
set -euo pipefail
cd "$(dirname "$0")/.."

apt_missing=()
need() { command -v "$1" >/dev/null 2>&1 || apt_missing+=("$2"); }

sysroot=$(rustc --print sysroot 2>/dev/null || true)
if [ -n "$sysroot" ] && [ -f "$sysroot/lib/rustlib/src/rust/library/Cargo.lock" ]; then
  echo "setup: building the standard library from rustup's rust-src"
elif command -v apt-get >/dev/null 2>&1; then
  # Debian's toolchain with its std sources (rustup's download of rust-src is not always reachable).
  [ -x /usr/bin/cargo ] && [ -f /usr/lib/rustlib/src/rust/library/Cargo.lock ] || apt_missing+=(rustc-web cargo-web rust-web-src)
  need wasm-ld lld
else
  rustup component add rust-src
fi
need chromium chromium
need chromedriver chromium-driver
need firefox-esr firefox-esr
need openssl openssl
need brotli brotli
need node nodejs
# PostgreSQL's server, for the records service's tests and load bench (scripts/postgres.sh);
# nginx with its sub_filter module, for the test of README's region recipe.
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || apt_missing+=(postgresql)
[ -x /usr/sbin/nginx ] || apt_missing+=(nginx-light)

if [ ${#apt_missing[@]} -gt 0 ]; then
  echo "setup: installing ${apt_missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q "${apt_missing[@]}"
  # Debian starts the services it installs where it can: the tests start their own, on free
  # loopback ports, and the Firefox tests need ports 80 and 443 (nginx's default site).
  if [[ " ${apt_missing[*]} " == *" nginx-light "* ]]; then
    service nginx stop >/dev/null 2>&1 || nginx -s quit >/dev/null 2>&1 || true
  fi
fi

bindgen_version=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/[^0-9.]/, ""); print; exit}' Cargo.lock)
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$bindgen_version" ]; then
  echo "setup: installing wasm-bindgen-cli $bindgen_version"
  cargo install wasm-bindgen-cli --version "$bindgen_version"
fi

if ! command -v geckodriver >/dev/null 2>&1 && [ ! -x "$HOME/.cargo/bin/geckodriver" ]; then
  echo "setup: installing geckodriver"
  cargo install geckodriver
fi

# npm records what it installed in node_modules/.package-lock.json: reinstall when the lock is newer.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
