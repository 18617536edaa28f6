#!/usr/bin/env bash
# Assembles the npm package `ctiscope` into pkg/ (git-ignored) from npm/ (API, types, README,
# package.json), the wasm engine wasm-bindgen made for dist/ (`--target web`: browsers, and Node
# with the wasm bytes passed explicitly) and the page's own client and worker, unchanged:
# web/client.js (`open()`, which npm/index.js exports), web/worker.js, web/backend.js (the
# worker's request handling, also run in-process in Node), web/messages.js, web/wasm-source.js.
# Needs `scripts/build.sh` first (make package runs it). The version is the crate's.
# Then: (cd pkg && npm pack).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f dist/pkg/ctiscope_bg.wasm ] || { echo "package: dist/ is missing; run ./scripts/build.sh" >&2; exit 1; }
VERSION=$(sed -n 's/^version = "\(.*\)"$/\1/p' crate/Cargo.toml | head -1)

rm -rf pkg
mkdir -p pkg/pkg pkg/web
cp npm/index.js npm/index.d.ts npm/README.md pkg/
node -e '
  const fs = require("fs");
  const p = JSON.parse(fs.readFileSync("npm/package.json", "utf8"));
  p.version = process.argv[1];
  fs.writeFileSync("pkg/package.json", JSON.stringify(p, null, 2) + "\n");
' "$VERSION"
cp dist/pkg/ctiscope.js dist/pkg/ctiscope_bg.wasm pkg/pkg/
cp web/client.js web/worker.js web/backend.js web/messages.js web/wasm-source.js pkg/web/
echo "package: pkg/ ready (ctiscope@$VERSION; cd pkg && npm pack)"
