#!/usr/bin/env bash
# Installs the real, independent peers that jrtc's interop tests talk to (loopback only), from Debian's
# packages. Safe to run again: packages already present are skipped.
#   coturn        turnserver / turnutils_stunclient  (STUN, TURN)
#   openssl       s_server / s_client -dtls1_2       (DTLS)
#   libsrtp2-dev  + gcc + pkg-config                 (SRTP reference)
#   ffmpeg        ffprobe                            (media files)
#   chromium      headless, in a loopback-only network namespace (unshare --net + ip from iproute2)
#   firefox-esr   the same, the second browser
#   gstreamer     gst-launch-1.0 with the base/good/bad plugins (RTP payloaders and depayloaders)
#   tshark        reads the example captures (pcap + key log)
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

need=()
command -v turnserver >/dev/null 2>&1 || [ -x /usr/bin/turnserver ] || need+=(coturn)
command -v openssl >/dev/null 2>&1 || need+=(openssl)
command -v gcc >/dev/null 2>&1 || need+=(gcc libc6-dev)
command -v pkg-config >/dev/null 2>&1 || need+=(pkg-config)
pkg-config --exists libsrtp2 2>/dev/null || need+=(libsrtp2-dev)
command -v ffprobe >/dev/null 2>&1 || need+=(ffmpeg)
# chromium with its recommended packages (mesa, fonts): the combination the browser tests were run with
with_recommends=()
command -v chromium >/dev/null 2>&1 || with_recommends+=(chromium)
command -v firefox-esr >/dev/null 2>&1 || need+=(firefox-esr)
command -v ip >/dev/null 2>&1 || [ -x /usr/sbin/ip ] || need+=(iproute2)
command -v unshare >/dev/null 2>&1 || need+=(util-linux)
command -v gst-launch-1.0 >/dev/null 2>&1 || need+=(gstreamer1.0-tools gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-plugins-bad)
command -v tshark >/dev/null 2>&1 || need+=(tshark)

if [ $((${#need[@]} + ${#with_recommends[@]})) -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  echo "install-peers: installing ${need[*]} ${with_recommends[*]}"
  $SUDO apt-get update -q
  if [ ${#need[@]} -gt 0 ]; then $SUDO apt-get install -y -q --no-install-recommends "${need[@]}"; fi
  if [ ${#with_recommends[@]} -gt 0 ]; then $SUDO apt-get install -y -q "${with_recommends[@]}"; fi
fi
# coturn's package may start a system service on 3478; the tests start their own on free ports.
if command -v service >/dev/null 2>&1; then service coturn stop >/dev/null 2>&1 || true; fi
echo "install-peers: ready"
