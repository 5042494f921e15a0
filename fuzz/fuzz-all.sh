#!/usr/bin/env bash
# Fuzzes every Jazzer target in fuzz/ for a bounded time and fails on a finding.
#
#   fuzz/fuzz-all.sh [seconds-per-target] [Class#method | Class ...]
#
# seconds-per-target defaults to 20. With no targets named, every @FuzzTest in
# fuzz/src/test/java/io/jrtc/fuzz/ runs. Targets run FUZZ_JOBS at a time (default 3), each in its own
# JVM under a hard deadline (seconds + 300 s: Jazzer's start and the replay of the seeds come first, and on a
# loaded machine they take minutes; then killed by PID). Nothing is installed: one Maven run
# compiles the reactor and writes the test classpath, then each target runs through Jazzer's own
# launcher (com.code_intelligence.jazzer.Jazzer --target_class --target_method), coverage-guided over
# all of io.jrtc, starting from its committed seeds (src/test/resources/io/jrtc/fuzz/<Class>Inputs/<method>/).
#
# Output under fuzz/target/fuzz-all/ (FUZZ_OUT to change): <Class>.<method>.log per target, the
# growing corpus in corpus/<Class>/<method>/ (kept between runs, never committed), findings in
# findings/<Class>/<method>/crash-* (and timeout-*, oom-*). At the end a table: target, executions,
# coverage (libFuzzer's cov/ft), result; on a finding the reproducer's path and how to replay it.
#
# Environment: FUZZ_JOBS (parallel targets, default 3), FUZZ_OUT, FUZZ_NO_BUILD=1 (reuse the last build),
# FUZZ_XMX (heap per target, default 1g: an input that needs more is a finding, OutOfMemoryError).
set -uo pipefail

SECS=${1:-20}
shift 2>/dev/null || true
case "$SECS" in ''|*[!0-9]*) echo "usage: $0 [seconds-per-target] [Class#method ...]" >&2; exit 2 ;; esac

ROOT=$(cd "$(dirname "$0")/.." && pwd)
FUZZ=$ROOT/fuzz
OUT=${FUZZ_OUT:-$FUZZ/target/fuzz-all}
JOBS=${FUZZ_JOBS:-3}
XMX=${FUZZ_XMX:-1g}
SRC=$FUZZ/src/test/java/io/jrtc/fuzz
SEEDS=$FUZZ/src/test/resources/io/jrtc/fuzz

if [ "${FUZZ_NO_BUILD:-}" != 1 ]; then
    echo "== building (mvn -pl fuzz -am test-compile)"
    (cd "$ROOT" && mvn -B -ntp -q -pl fuzz -am test-compile dependency:build-classpath \
        -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test) || { echo "build failed" >&2; exit 2; }
fi
[ -s "$FUZZ/target/test-classpath.txt" ] || { echo "no $FUZZ/target/test-classpath.txt: build first" >&2; exit 2; }

# Every target, from the sources: the method after each @FuzzTest.
all_targets() {
    for f in "$SRC"/*FuzzTest.java; do
        awk -v c="$(basename "$f" .java)" '/@FuzzTest/ {t=1; next} t && match($0, /void [A-Za-z0-9_]+\(/) {
            m = substr($0, RSTART + 5, RLENGTH - 6); print c "#" m; t=0 }' "$f"
    done
}
if [ $# -eq 0 ]; then
    mapfile -t TARGETS < <(all_targets)
else
    TARGETS=()
    for t in "$@"; do
        if [[ "$t" == *#* ]]; then TARGETS+=("$t"); else mapfile -t -O "${#TARGETS[@]}" TARGETS < <(all_targets | grep "^$t#"); fi
    done
fi
[ ${#TARGETS[@]} -gt 0 ] || { echo "no targets" >&2; exit 2; }

# A snapshot of the compiled classes, so that a rebuild during a long run cannot change them under it.
mkdir -p "$OUT"
SNAP=$OUT/classes
rm -rf "$SNAP" && mkdir -p "$SNAP"
CP=""
i=0
for e in "$FUZZ/target/test-classes" $(tr ':' ' ' < "$FUZZ/target/test-classpath.txt"); do
    if [ -d "$e" ]; then
        i=$((i + 1)); cp -r "$e" "$SNAP/$i"; e=$SNAP/$i
    fi
    CP=${CP:+$CP:}$e
done

run_one() {
    local target=$1 cls=${1%%#*} m=${1##*#}
    local log=$OUT/$cls.$m.log corpus=$OUT/corpus/$cls/$m findings=$OUT/findings/$cls/$m
    local seeds=$SEEDS/${cls}Inputs/$m
    mkdir -p "$corpus" "$findings"
    local dirs=("$corpus")
    [ -d "$seeds" ] && dirs+=("$seeds")
    # the JVM is killed by its PID if it outlives its deadline
    java -Xmx"$XMX" --add-opens java.base/com.sun.crypto.provider=ALL-UNNAMED \
        -Djrtc.rethrowEngineErrors=true -cp "$CP" com.code_intelligence.jazzer.Jazzer \
        --target_class=io.jrtc.fuzz.$cls --target_method="$m" --instrumentation_includes='io.jrtc.**' \
        -artifact_prefix="$findings/" -max_total_time="$SECS" -timeout=30 \
        -rss_limit_mb=0 -print_final_stats=1 "${dirs[@]}" > "$log" 2>&1 &
    local pid=$! deadline=$((SECONDS + SECS + 300))
    while kill -0 "$pid" 2>/dev/null; do
        if [ $SECONDS -ge $deadline ]; then
            kill -9 "$pid" 2>/dev/null
            echo "KILLED after $((SECS + 300)) s (hang outside libFuzzer's per-input timeout)" >> "$log"
            break
        fi
        sleep 1
    done
    wait "$pid"
    local rc=$?
    echo "exit $rc" >> "$log"
}

echo "== fuzzing ${#TARGETS[@]} targets, $SECS s each, $JOBS at a time; logs in $OUT"
running=0
for t in "${TARGETS[@]}"; do
    run_one "$t" &
    running=$((running + 1))
    if [ "$running" -ge "$JOBS" ]; then wait -n; running=$((running - 1)); fi
done
wait

failed=0
printf '%-52s %12s %8s %8s  %s\n' target executions cov ft result
for t in "${TARGETS[@]}"; do
    cls=${t%%#*}; m=${t##*#}; log=$OUT/$cls.$m.log
    runs=$(grep -oE '^Done [0-9]+ runs' "$log" | grep -oE '[0-9]+' | tail -1)
    [ -n "$runs" ] || runs=$(grep -oE '^#[0-9]+' "$log" | tail -1 | tr -d '#')
    cov=$(grep -oE 'cov: [0-9]+' "$log" | tail -1 | grep -oE '[0-9]+')
    ft=$(grep -oE 'ft: [0-9]+' "$log" | tail -1 | grep -oE '[0-9]+')
    if grep -q '^exit 0$' "$log"; then
        result=ok
    else
        result=FINDING; failed=$((failed + 1))
    fi
    printf '%-52s %12s %8s %8s  %s\n' "$t" "${runs:-?}" "${cov:-?}" "${ft:-?}" "$result"
done
if [ "$failed" -ne 0 ]; then
    echo
    for t in "${TARGETS[@]}"; do
        cls=${t%%#*}; m=${t##*#}; log=$OUT/$cls.$m.log
        grep -q '^exit 0$' "$log" && continue
        echo "== FINDING in $t (log: $log)"
        grep -m1 -E '^== Java Exception|^==[0-9]+== ERROR|FuzzerSecurityIssue|Exception|KILLED' "$log" | head -3
        for r in $(grep -oE 'Test unit written to \S+' "$log" | awk '{print $5}'); do
            echo "   reproducer: $r"
            echo "   replay:     cp $r $SEEDS/${cls}Inputs/$m/ && mvn -B -ntp -pl fuzz -am test -Dtest='$t' -Dsurefire.failIfNoSpecifiedTests=false"
        done
    done
    echo "$failed target(s) with findings" >&2
    exit 1
fi
echo "no findings"
