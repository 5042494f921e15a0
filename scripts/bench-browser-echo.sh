#!/bin/sh
# Echo throughput with headless Chromium: A = two RTCPeerConnections in one page (browser <-> browser),
# B = the page <-> jrtc's echo-server; both in one loopback-only network namespace, in one run,
# alternating. Figures in BENCHMARKS.md. Arguments go to BrowserEchoBench:
#   [--secs 10] [--sizes 16384,1024] [--rounds 2] [--warmup 1] [--chromium PATH] [--deadline SECONDS]
# Needs unshare (util-linux), ip (iproute2) and chromium; builds offline (mvn -o).
set -eu
cd "$(dirname "$0")/.."
mvn -B -ntp -q -o install -DskipTests
mvn -B -ntp -q -o -pl examples test-compile dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-browser-echo.classpath
cp="examples/target/test-classes:examples/target/classes:$(cat examples/target/bench-browser-echo.classpath)"
echo "BENCH $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(java -version 2>&1 | head -1), load: $(uptime)"
# the program puts itself in the namespace and kills everything it started by PID at its deadline
status=0
java -cp "$cp" io.jrtc.examples.webrtc.throughput.BrowserEchoBench "$@" || status=$?
echo "BENCH finished $(date -u '+%H:%M UTC'), load: $(uptime)"
exit $status
