#!/usr/bin/env bash
# ctiscope vs tshark vs Wiregasm on generated captures: builds the release CLI if needed, makes
# the captures, times each tool and writes the table to bench/results/<date>-<host>.md.
#   bench/compare.sh [SIZE...] [--profiles cti,mixed] [--seed N] [--repeat N] [--tools a,b] [--gen-arg ARG]... [--dir DIR]
# See bench/README.md and `bench/compare.sh --help`.
set -euo pipefail
cd "$(dirname "$0")/.."
exec node bench/compare.mjs "$@"
