#!/usr/bin/env bash
# Rebuilds the fuzz targets' seed corpora from real traffic (io.jrtc.fuzz.SeedCorpus; see FUZZING.md):
# headless Chromium talking to jrtc (a data channel in both DTLS roles, the camera as VP8), captured on
# loopback inside a network namespace; ffmpeg's RTP/RTCP and media files; OpenSSL's DTLS handshakes with
# jrtc; a coturn TURN session; two jrtc stacks (PeerConnection, data channels); the project's SDP and RTCP
# vectors. A peer that is not installed is skipped (and said).
#
#   fuzz/capture-seeds.sh
#
# Replaces every seed-* file under fuzz/src/test/resources/io/jrtc/fuzz/*Inputs/ (crash-* reproducers stay).
# Takes a minute or two; real peers run on loopback only, each under a deadline. The Chromium capture needs
# chromium, dumpcap and tshark (scripts/install-peers.sh) and root for unshare --net.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
FUZZ=$ROOT/fuzz
RES=$FUZZ/src/test/resources/io/jrtc/fuzz

if [ "${1:-}" = --in-netns ]; then
    # inside the namespace: loopback only; capture UDP on lo while the example runs, then stop the capture by its PID
    shift
    out=$1; shift
    ip link set lo up && ip route add default dev lo src 127.0.0.1
    dumpcap -q -i lo -f udp -w "$out" > /dev/null 2>&1 &
    cap=$!
    sleep 1
    rc=0
    timeout -k 5 90 java -jar "$ROOT/examples/target/jrtc-examples.jar" "$@" > "$out.log" 2>&1 || rc=$?
    sleep 1
    kill "$cap"
    wait "$cap" || true
    exit $rc
fi

(cd "$ROOT" && mvn -B -ntp -q -pl fuzz -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test)

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
CAPTURES=()
CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
if [ -n "$CHROMIUM" ] && command -v dumpcap > /dev/null && command -v tshark > /dev/null && unshare --net true 2> /dev/null; then
    (cd "$ROOT" && mvn -B -ntp -q -pl examples -am package -DskipTests)
    n=0
    for run in "browser-datachannel --setup active" "browser-datachannel --setup passive" "browser-datachannel --jrtc-offers" \
               "browser-video --out $TMP/video.ivf"; do
        n=$((n + 1))
        # shellcheck disable=SC2086
        if timeout -k 10 150 unshare --net "$0" --in-netns "$TMP/c$n.pcapng" $run --chromium "$CHROMIUM"; then
            tshark -r "$TMP/c$n.pcapng" -Y udp -T fields -e udp.srcport -e udp.dstport -e udp.payload 2> /dev/null > "$TMP/c$n.txt"
            CAPTURES+=(--browser-capture "$TMP/c$n.txt")
        else
            echo "Chromium capture '$run' failed; its log:"; tail -5 "$TMP/c$n.pcapng.log" || true
        fi
    done
else
    echo "no Chromium capture (needs chromium, dumpcap, tshark and unshare --net)"
fi

find "$RES" -path '*Inputs/*' -type f -name 'seed-*' -delete
timeout -k 10 300 java --add-opens java.base/com.sun.crypto.provider=ALL-UNNAMED -Djrtc.rethrowEngineErrors=true \
    -cp "$FUZZ/target/test-classes:$(cat "$FUZZ/target/test-classpath.txt")" io.jrtc.fuzz.SeedCorpus "$RES" "${CAPTURES[@]}"
