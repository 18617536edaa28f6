#!/usr/bin/env bash
# Peak memory of `ctiscope analyze --ndjson` as captures grow (issue 18: constant memory).
#
#   bench/ndjson-memory.sh [--profiles cti,mixed] [--seed 7] [--bin PATH] [--dir DIR] SIZE...
#   bench/ndjson-memory.sh 100M 500M 1G
#
# For each profile and size: generates the capture (`ctiscope generate SIZE FILE --profile P
# --seed N`, kept in DIR, default /tmp/ctiscope-bench, reused when present), then runs
# `ctiscope analyze --ndjson FILE | wc -l` under GNU time and prints one markdown row: packets,
# records, wall, CPU (user + system), peak RSS, and the largest size of the message store's
# temporary file (sampled every 0.1 s in /proc/PID/fd; the file is unlinked, so it shows as
# "(deleted)"). Constant memory means the peak RSS column stays flat as the size grows.
set -euo pipefail

profiles=cti,mixed
seed=7
bin=""
dir=${BENCH_DIR:-/tmp/ctiscope-bench}
sizes=()
while [ $# -gt 0 ]; do
  case "$1" in
    --profiles) profiles=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    --bin) bin=$2; shift 2 ;;
    --dir) dir=$2; shift 2 ;;
    -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "unknown option $1" >&2; exit 2 ;;
    *) sizes+=("$1"); shift ;;
  esac
done
[ ${#sizes[@]} -gt 0 ] || sizes=(100M 500M 1G)
root=$(cd "$(dirname "$0")/.." && pwd)
if [ -z "$bin" ]; then
  (cd "$root" && cargo build --release -q -p ctiscope)
  bin=${CARGO_TARGET_DIR:-$root/target}/release/ctiscope
fi
mkdir -p "$dir"
echo "ctiscope $(cd "$root" && git rev-parse --short HEAD), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%FT%TZ)"
echo
echo "| profile | size | packets | records | wall s | CPU s | peak RSS MB | temp file MB |"
echo "|---|---|---|---|---|---|---|---|"
for p in ${profiles//,/ }; do
  for s in "${sizes[@]}"; do
    f="$dir/ndjson-$p-$s-seed$seed.pcap"
    if [ ! -s "$f" ]; then
      "$bin" generate "$s" "$f" --profile "$p" --seed "$seed" >/dev/null 2>&1
    fi
    timing=$(mktemp)
    records=$(mktemp)
    # Count the records, and read the packets from the capture record, as they go by.
    /usr/bin/time -f '%e %U %S %M' -o "$timing" "$bin" analyze --ndjson "$f" \
      | awk '/^\{"type":"capture"/ { match($0, /"packets":[0-9]+/); p = substr($0, RSTART + 10, RLENGTH - 10) } END { print NR, p }' > "$records" &
    pipeline=$!
    largest=0
    while kill -0 "$pipeline" 2>/dev/null; do
      for pid in $(pgrep -f "ctiscope analyze --ndjson $f" || true); do
        for fd in /proc/"$pid"/fd/*; do
          if readlink "$fd" 2>/dev/null | grep -q '(deleted)'; then
            size=$(stat -L -c %s "$fd" 2>/dev/null || echo 0)
            [ "$size" -gt "$largest" ] && largest=$size
          fi
        done
      done
      sleep 0.1
    done
    wait "$pipeline"
    read -r wall user sys rss < "$timing"
    read -r count packets < "$records"
    cpu=$(echo "$user + $sys" | bc)
    echo "| $p | $s | $packets | $count | $wall | $cpu | $(echo "scale=1; $rss / 1000" | bc) | $(echo "scale=1; $largest / 1000000" | bc) |"
    rm -f "$timing" "$records"
  done
done
