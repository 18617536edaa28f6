#!/usr/bin/env bash
# Builds the page into dist/: the wasm engine (release) through wasm-bindgen (ES-module target),
# the web files, index.html, the sample capture and the Wireshark dissector (dist/ctiqbe.lua) made
# by the native CLI; then the single-file
# dist/ctiscope.html (scripts, wasm and sample inlined) that works opened from disk.
# CARGO_TARGET_DIR is honoured (default: target/).
set -euo pipefail
cd "$(dirname "$0")/.."
TARGET="${CARGO_TARGET_DIR:-target}"

cargo build --release --locked -p ctiscope --lib --target wasm32-unknown-unknown
cargo build --release --locked -p ctiscope --bin ctiscope

rm -rf dist
mkdir -p dist/pkg dist/web
wasm-bindgen --target web --no-typescript --out-dir dist/pkg "$TARGET/wasm32-unknown-unknown/release/ctiscope.wasm"
cp -r web/. dist/web/
cp index.html dist/index.html
"$TARGET/release/ctiscope" sample dist/sample.pcapng
"$TARGET/release/ctiscope" wireshark-plugin dist/ctiqbe.lua
node scripts/build-single.mjs dist
echo "build: dist/ ready ($(du -sh dist | cut -f1); wasm $(du -h dist/pkg/ctiscope_bg.wasm | cut -f1))"
