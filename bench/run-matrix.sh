#!/usr/bin/env bash
# The benchmark matrix behind BENCHMARKS.md's tables and charts (issue 15). Runs every mode of
# bench/target/jrtc-bench.jar over its configurations, one after another, appending each run's last
# line as "RESULT case=... mode=... key=value..." to bench/results/matrix-<UTC date>.txt, then writes
# the markdown tables (tables.md) and SVG charts (throughput.svg, connect.svg, heap.svg) next to it.
#
#   bash bench/run-matrix.sh [--quick]          # --quick: 3 s runs and fewer cases, to try the script
#
# Needs the built jar (mvn -B -ntp package -DskipTests); the browser rows need Chromium and unshare
# (scripts/install-peers.sh) and are skipped with a note when they are absent. Every run has a deadline.
set -euo pipefail
cd "$(dirname "$0")/.."
jar=bench/target/jrtc-bench.jar
[ -f "$jar" ] || { echo "run-matrix: $jar is missing; build with: mvn -B -ntp package -DskipTests" >&2; exit 1; }

secs=10; pcs_list="1 10 100"; scale_list="100 1000"; count=100
if [ "${1:-}" = "--quick" ]; then secs=3; pcs_list="1 10"; scale_list="100"; count=20; fi
[ -n "${JRTC_MATRIX_SCALE:-}" ] && scale_list="$JRTC_MATRIX_SCALE"

stamp=$(date -u '+%Y-%m-%d')
dir=bench/results/$stamp
mkdir -p "$dir"
out=$dir/matrix.txt
: > "$out"
echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(java -version 2>&1 | head -1), kernel $(uname -r)" | tee -a "$out"
echo "# load before: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out"

# run CASE DEADLINE_S MODE ARGS...: runs one mode with a deadline, records its last line
run() {
  local name=$1 deadline=$2; shift 2
  local mode=$1
  echo "== $name: java -jar $jar $*" | tee -a "$out"
  local log; log=$(mktemp)
  if timeout --kill-after=10 "$deadline" java -jar "$jar" "$@" > "$log" 2>&1; then
    grep -v '^samples_ms=' "$log" | sed 's/^/   /' | tail -n 8
    echo "RESULT case=$name mode=$mode $(grep '^samples_ms=' "$log" | head -1) $(tail -n 1 "$log")" >> "$out"
  else
    echo "   FAILED (exit $?):"; tail -n 5 "$log" | sed 's/^/   /'
    echo "RESULT case=$name mode=$mode failed=1" >> "$out"
  fi
  rm -f "$log"
}

for size in 1024 65536; do
  kib=$((size / 1024))KiB
  for n in $pcs_list; do
    run "dc-${kib}-${n}pc" $((secs + 180)) dc-throughput --size $size --seconds $secs --pcs $n
  done
  run "dc-${kib}-1pc-0ms-1pct" $((secs + 180)) dc-throughput --size $size --seconds $secs --loss 1
  run "dc-${kib}-1pc-50ms-1pct" $((secs + 180)) dc-throughput --size $size --seconds $secs --rtt-ms 50 --loss 1
  run "dc-${kib}-1pc-echo" $((secs + 180)) dc-throughput --size $size --seconds $secs --mode echo
done
if [ -x /usr/lib/chromium/chromium ] || [ -x /usr/bin/chromium ]; then
  for size in 1024 65536; do
    run "browser-$((size / 1024))KiB" $((8 * (secs + 60) + 60)) browser --size $size --seconds $secs --dir both
  done
else
  echo "== browser rows skipped: Chromium is not installed (scripts/install-peers.sh)" | tee -a "$out"
fi
run connect 600 connect --count $count
run handshakes $((secs + 120)) handshakes --seconds $secs
for n in $scale_list; do
  run "scale-$n" $((secs + 300 + n / 10)) scale --pcs $n --seconds $secs
done
run forward-gcm $((secs + 60)) forward --viewers 10 --seconds $secs --profile AEAD_AES_128_GCM
run forward-cm $((secs + 60)) forward --viewers 10 --seconds $secs --profile AES_CM_128_HMAC_SHA1_80

echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out"
java -jar "$jar" chart --in "$out" --out "$dir"
echo "matrix: $out, $dir/tables.md, $dir/*.svg"
