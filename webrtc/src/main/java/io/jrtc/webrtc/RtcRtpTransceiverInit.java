package io.jrtc.webrtc;

import io.jrtc.sdp.Direction;

import java.util.List;
import java.util.Objects;

/** How to add a transceiver (W3C {@code RTCRtpTransceiverInit}): its direction and the msid stream ids. */
public record RtcRtpTransceiverInit(Direction direction, List<String> streamIds) {

    public RtcRtpTransceiverInit {
        Objects.requireNonNull(direction);
        streamIds = streamIds == null ? List.of() : List.copyOf(streamIds);
    }

    public static RtcRtpTransceiverInit sendrecv() {
        return new RtcRtpTransceiverInit(Direction.SENDRECV, List.of());
    }

    public static RtcRtpTransceiverInit recvonly() {
        return new RtcRtpTransceiverInit(Direction.RECVONLY, List.of());
    }

    public static RtcRtpTransceiverInit sendonly() {
        return new RtcRtpTransceiverInit(Direction.SENDONLY, List.of());
    }

    public RtcRtpTransceiverInit withStreamIds(List<String> ids) {
        return new RtcRtpTransceiverInit(direction, ids);
    }
}
