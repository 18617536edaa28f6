#!/usr/bin/env bash
# Installs what the build and the tests need, skipping what is already there: the wasm32 Rust
# target, wasm-bindgen-cli at the version locked in Cargo.lock, Debian tshark (the Wireshark
# dissector test, crate/tests/wireshark_lua.rs, which fails without it), Debian
# chromium/chromium-driver (browser tests) and the npm packages (playwright-core; typescript, which
# checks the npm package's types against real reports). Safe to run
# repeatedly.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  echo "setup: adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [ "$have" != "$want" ]; then
  echo "setup: installing wasm-bindgen-cli $want (found: ${have:-none})"
  cargo install wasm-bindgen-cli --version "$want"
fi

if ! command -v tshark >/dev/null; then
  echo "setup: installing Debian tshark"
  sudo_cmd=""; [ "$(id -u)" = 0 ] || sudo_cmd="sudo"
  # Non-interactive: do not ask whether non-root users may capture.
  echo "wireshark-common wireshark-common/install-setuid boolean false" | $sudo_cmd debconf-set-selections
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq tshark >/dev/null
fi

if [ "${CTISCOPE_SKIP_BROWSER:-0}" != 1 ]; then
  if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    echo "setup: installing Debian chromium and chromium-driver"
    sudo_cmd=""; [ "$(id -u)" = 0 ] || sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq chromium chromium-driver >/dev/null
  fi
  if [ ! -d node_modules/playwright-core ] || [ ! -d node_modules/typescript ]; then
    echo "setup: installing npm packages"
    npm ci --no-audit --no-fund --loglevel=error
  fi
fi
