#!/usr/bin/env bash
# Rebuilds the fuzz targets' seed corpora from real traffic (io.jrtc.fuzz.SeedCorpus; see FUZZING.md):
# ffmpeg's RTP/RTCP and media files, OpenSSL's DTLS handshakes with jrtc, two jrtc stacks (PeerConnection,
# data channels), the project's SDP and RTCP vectors. A peer that is not installed is skipped.
#
#   fuzz/capture-seeds.sh
#
# Replaces every seed-* file under fuzz/src/test/resources/io/jrtc/fuzz/*Inputs/ (crash-* reproducers stay).
# Takes about a minute; real peers run on loopback only, each under a deadline.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
FUZZ=$ROOT/fuzz
RES=$FUZZ/src/test/resources/io/jrtc/fuzz
(cd "$ROOT" && mvn -B -ntp -q -pl fuzz -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test)
find "$RES" -path '*Inputs/*' -type f -name 'seed-*' -delete
timeout -k 10 300 java --add-opens java.base/com.sun.crypto.provider=ALL-UNNAMED -Djrtc.rethrowEngineErrors=true \
    -cp "$FUZZ/target/test-classes:$(cat "$FUZZ/target/test-classpath.txt")" io.jrtc.fuzz.SeedCorpus "$RES"
