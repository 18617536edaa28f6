# The two commands of the README: `make run` builds and serves the page; `make test` runs every
# test (native, wasm, browser end-to-end, and a short smoke run of every fuzz target). Both
# install what is missing first.
PORT ?= 8080

.PHONY: run test setup build package test-native test-wasm test-e2e test-fuzz bench bench-browser clean

run: setup build
	node scripts/serve.mjs --root dist --port $(PORT)

test: setup build test-native test-wasm test-e2e test-fuzz

setup:
	./scripts/setup.sh

build:
	./scripts/build.sh

# The npm package `ctiscope` in pkg/ (npm/README.md); `cd pkg && npm pack` makes the tarball.
package: build
	./scripts/package.sh

test-native:
	cargo test --locked --workspace

test-wasm:
	CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
		cargo test --locked -p ctiscope --target wasm32-unknown-unknown --test wasm

test-e2e:
	node --test --test-concurrency=1 tests/e2e/

# 15 s per target; the long campaign is described in docs/fuzzing.md.
test-fuzz:
	./scripts/fuzz-smoke.sh 15

# Benchmarks (bench/README.md); not part of `make test`. bench-browser needs `make build` first.
bench:
	bench/compare.sh

bench-browser:
	node bench/browser.mjs

clean:
	rm -rf dist pkg target node_modules
