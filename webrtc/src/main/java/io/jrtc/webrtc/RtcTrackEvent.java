package io.jrtc.webrtc;

import java.util.List;

/** The remote started sending on a transceiver (W3C {@code RTCTrackEvent}). */
public record RtcTrackEvent(RtcRtpTransceiver transceiver, RtcRtpReceiver receiver, List<String> streamIds, String trackId) {
}
