#!/usr/bin/env bash
# Smoke run of every fuzz target in crate/fuzz, one after the other (one libFuzzer process, one
# worker: the machine is shared). Exits non-zero if any target finds a crash, a timeout, an
# out-of-memory or a broken invariant; the input is left in crate/fuzz/artifacts/<target>/.
#
# Usage: scripts/fuzz-smoke.sh [seconds per target, default 15]
# Needs the nightly toolchain; installs cargo-fuzz if it is missing. Seeds come from
# ctiscope's own code (crate/fuzz/seeds.rs) plus, read in place, the real captures of
# tests/captures and the third-party corpus ($CTISCOPE_SHARED/corpus, default ../shared/corpus).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SECONDS_PER_TARGET="${1:-15}"
TARGETS=(capture_reader reassembly ctiqbe_frame net_layers tls sccp sip ged188 merge)
SHARED="${CTISCOPE_SHARED:-$ROOT/../shared}"
# Same flags for build and run, so the run does not rebuild: optimised, with debug assertions
# (overflow checks on: wasm release builds wrap silently, but a wrap here is a bug), and no
# sanitizer (the crate forbids unsafe code; AddressSanitizer would only halve the speed).
FLAGS=(-O -a -s none)

if ! cargo fuzz --version >/dev/null 2>&1; then
    cargo install cargo-fuzz --locked
fi

cd "$ROOT/crate/fuzz"
cargo +nightly run --quiet --example seeds -- corpus
cargo +nightly fuzz build "${FLAGS[@]}"

failed=()
for target in "${TARGETS[@]}"; do
    extra=()
    if [ "$target" = capture_reader ] || [ "$target" = merge ]; then
        for d in "$ROOT"/tests/captures/* "$SHARED/corpus"; do
            if [ -d "$d" ]; then extra+=("$d"); fi
        done
    fi
    mkdir -p "corpus/$target" # a target without seeds still runs (libFuzzer needs the folder)
    echo "== $target (${SECONDS_PER_TARGET}s)"
    if ! cargo +nightly fuzz run "${FLAGS[@]}" "$target" "corpus/$target" "${extra[@]}" -- \
        -max_total_time="$SECONDS_PER_TARGET" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1; then
        failed+=("$target")
    fi
done

if [ "${#failed[@]}" -gt 0 ]; then
    echo "fuzz smoke FAILED: ${failed[*]} (inputs in crate/fuzz/artifacts/)" >&2
    exit 1
fi
echo "fuzz smoke passed: ${TARGETS[*]}"
