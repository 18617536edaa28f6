#!/usr/bin/env bash
# Long fuzz campaign: runs the given targets one after the other, each for a number of
# executions, at the lowest CPU priority (it takes only the idle core of a shared machine), and
# appends libFuzzer's final stats to crate/fuzz/campaign.log (git-ignored), each line prefixed
# with its target so that two campaigns can run side by side on a two-core machine. The
# fuzzer's whole output goes to crate/fuzz/campaign-<target>.out (git-ignored): follow its
# `#N` counter there with `tail -f`. Stops at the first
# target that finds a crash; the input is in crate/fuzz/artifacts/<target>/.
#
# Usage: scripts/fuzz-campaign.sh RUNS TARGET [TARGET...]
#   e.g. scripts/fuzz-campaign.sh 3000000 tls net_layers reassembly
# Environment: MAX_LEN (libFuzzer -max_len, default: libFuzzer's own choice); MAX_TIME (seconds:
# stop a target after this long even short of RUNS); NO_TRACE_COMPARES=1 (build without
# comparison tracing, in its own target directory: about twice the executions per second on
# targets whose time goes into instrumented comparisons, at the cost of libFuzzer's guidance
# from compared values, so use it once a target's corpus has grown).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
RUNS="$1"; shift
SHARED="${CTISCOPE_SHARED:-$ROOT/../shared}"
FLAGS=(-O -a -s none)
if [ -n "${NO_TRACE_COMPARES:-}" ]; then
    FLAGS+=(--no-trace-compares --target-dir "$ROOT/crate/fuzz/target-no-trace-compares")
fi
LOG="$ROOT/crate/fuzz/campaign.log"

cd "$ROOT/crate/fuzz"
nice -n 19 cargo +nightly run --quiet --example seeds -- corpus
nice -n 19 cargo +nightly fuzz build "${FLAGS[@]}"

for target in "$@"; do
    extra=()
    if [ "$target" = capture_reader ]; then
        for d in "$ROOT"/tests/captures/* "$SHARED/corpus"; do
            if [ -d "$d" ]; then extra+=("$d"); fi
        done
    fi
    opts=(-runs="$RUNS" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1)
    if [ -n "${MAX_LEN:-}" ]; then opts+=(-max_len="$MAX_LEN"); fi
    if [ -n "${MAX_TIME:-}" ]; then opts+=(-max_total_time="$MAX_TIME"); fi
    started=$(date +%s)
    echo "== $(date -u +%FT%TZ) $target runs=$RUNS commit=$(git -C "$ROOT" rev-parse --short HEAD) ${MAX_LEN:+max_len=$MAX_LEN} ${MAX_TIME:+max_time=$MAX_TIME} ${NO_TRACE_COMPARES:+no_trace_compares}" >>"$LOG"
    nice -n 19 cargo +nightly fuzz run "${FLAGS[@]}" "$target" "corpus/$target" "${extra[@]}" -- "${opts[@]}" \
        2> >(tee "$ROOT/crate/fuzz/campaign-$target.out" \
            | grep --line-buffered -E '^(stat::|==|ERROR|SUMMARY|Done)' | sed -u "s/^/$target: /" >>"$LOG")
    echo "   $target finished in $(( $(date +%s) - started )) s" >>"$LOG"
done
